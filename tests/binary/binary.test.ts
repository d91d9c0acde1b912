import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { connect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SERVICES } from "../../src/config/mod.ts";
import { freeOffset } from "../helpers/ports.ts";
import { ROOT, runChild, startChild } from "../helpers/spawn.ts";

const isNode = !("Deno" in globalThis) && !("Bun" in globalThis);

function firstBytes(port: number, tls: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls ? tlsConnect({ host: "127.0.0.1", port, rejectUnauthorized: false }) : connect({ host: "127.0.0.1", port });
    let got = "";
    const timer = setTimeout(() => (s.destroy(), reject(new Error(`nothing from ${port}`))), 10_000);
    s.on("data", (c) => {
      got += c;
      // The first line is the greeting; a real protocol then waits for us, so stop there.
      if (got.includes("\r\n")) s.destroy();
    });
    s.on("error", (e) => (clearTimeout(timer), reject(e)));
    s.on("close", () => (clearTimeout(timer), resolve(got)));
  });
}

// The binary is one artifact whatever runtime drives the suite; it is built and checked once, under Node.
test("the compiled binary runs from an empty directory without Node, Deno or Bun and answers on its ports", { skip: !isNode && "built once, under Node" }, async () => {
  const build = await mkdtemp(join(tmpdir(), "wrenmail-build-"));
  const run = await mkdtemp(join(tmpdir(), "wrenmail-bin-"));
  try {
    const built = await runChild(join(ROOT, "node_modules/.bin/bun"), ["scripts/build-binary.ts", join(build, "wrenmail")], { timeoutMs: 300_000 });
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const bin = join(run, "wrenmail");
    await copyFile(join(build, "wrenmail"), bin);
    await import("node:fs/promises").then((fs) => fs.chmod(bin, 0o755));
    assert.ok((await stat(bin)).size > 10_000_000);

    // No runtime on PATH, no node_modules anywhere near, an empty working directory.
    const env = { PATH: join(run, "empty-path"), HOME: run };
    const o = { cwd: run, env };
    const cli = (args: string[], input?: string) => runChild(bin, args, { ...o, input, timeoutMs: 60_000 });
    assert.equal((await cli(["domain", "add", "example.test", "--data", "data"])).code, 0);
    const add = await cli(["user", "add", "alice@example.test", "--password-stdin", "--data", "data"], "pw-in-binary\n");
    assert.equal(add.code, 0, add.stderr);
    assert.match((await cli(["user", "list", "--data", "data"])).stdout, /^alice@example\.test\t/m);

    const offset = await freeOffset(Object.values(DEFAULT_SERVICES).map((s) => s.port));
    const server = startChild(bin, ["start", "--data", "data", "--port-offset", String(offset)], o);
    try {
      await server.waitFor(/^ldaps listening/m, 60_000);
      assert.doesNotMatch(server.stdout(), /failed/);
      assert.match(await firstBytes(25 + offset, false), /^220 \S+ ESMTP/);
      assert.match(await firstBytes(993 + offset, true), /^\* OK \[CAPABILITY /);
      server.kill("SIGTERM");
      assert.equal((await server.exited).code, 0);
    } finally {
      server.kill();
    }
  } finally {
    await rm(build, { recursive: true, force: true });
    await rm(run, { recursive: true, force: true });
  }
});
