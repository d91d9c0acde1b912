import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/mod.ts";
import { createLogger } from "../../src/log/logger.ts";
import { storeSink } from "../../src/log/store-sink.ts";

test("the stored system log is bounded: the oldest entries are dropped first", async () => {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-log-"));
  const store = await openStore({ url: `file:${join(dir, "db")}`, dataDir: dir });
  try {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), sink: storeSink(() => store, 50) });
    for (let i = 0; i < 2000; i++) log.warn("smtp", `event ${i}`, { i });
    await log.flush();
    const kept = await store.log.query({ limit: 1000 });
    assert.equal(kept.length, 50);
    assert.equal(kept[0].message, "event 1999");
    assert.equal(kept.at(-1)!.message, "event 1950");
    assert.equal(lines.length, 2000, "every entry is also written to stdout");
    assert.match(lines[0], /WARN  \[smtp\] event 0 \{"i":0\}$/);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
