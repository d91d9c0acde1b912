import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import * as tls from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/mod.ts";
import { createMailServer } from "../../src/server.ts";
import { createSelfSigned } from "../../src/tls/self-signed.ts";
import { writeTestConfig } from "../helpers/config.ts";

function presentedCert(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: "127.0.0.1", port, rejectUnauthorized: false, servername: "localhost" }, () => {
      // Deno hands back a plain Uint8Array here, not a Buffer.
      const raw = Buffer.from(s.getPeerCertificate().raw);
      s.destroy();
      resolve(raw.toString("base64"));
    });
    s.once("error", reject);
  });
}

const der = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, "");

test("certificates from PEM files are loaded at start and served by the services that name them; a bad pair is refused with its cause", async () => {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-certfiles-"));
  try {
    const good = await createSelfSigned(["files.example.test"]);
    const other = await createSelfSigned(["other.example.test"]);
    await writeFile(join(dir, "good.crt"), good.cert);
    await writeFile(join(dir, "good.key"), good.key);
    await writeFile(join(dir, "bad.key"), other.key);
    const { file, ports } = await writeTestConfig(
      dir,
      `certificates:\n  mail: { cert: ${join(dir, "good.crt")}, key: ${join(dir, "good.key")} }\n  broken: { cert: ${join(dir, "good.crt")}, key: ${join(dir, "bad.key")} }\n`,
    );
    let text = await readFile(file, "utf8");
    text = text.replace(/  imaps: \{ (.*) \}/, "  imaps: { $1, certificate: mail }").replace(/  pop3s: \{ (.*) \}/, "  pop3s: { $1, certificate: broken }");
    await writeFile(file, text);
    const lines: string[] = [];
    const server = createMailServer(await loadConfig(file), { write: (l) => lines.push(l), graceMs: 100 });
    const { services } = await server.start();
    try {
      assert.equal(services.find((s) => s.name === "imaps")?.status, "running");
      assert.equal(await presentedCert(ports.imaps), der(good.cert));
      const pop3s = services.find((s) => s.name === "pop3s")!;
      assert.equal(pop3s.status, "failed");
      assert.match(pop3s.error ?? "", /certificate "broken" not found/);
      assert.ok(lines.some((l) => /ERROR .*certificate broken .* not loaded: .*key/.test(l)), lines.join("\n"));
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
