/**
 * The console from the compiled binary: the pages, the stylesheet and the script are strings inside
 * the executable, and the certificate code must load in the bundle's module order. Built and
 * driven once, under Node (the binary is one artifact whatever runtime runs the suite).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmod, copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { writeTestConfig } from "../helpers/config.ts";
import { ROOT, runChild, startChild } from "../helpers/spawn.ts";
import { CHROMIUM_ARGS } from "./harness.ts";

const isNode = !("Deno" in globalThis) && !("Bun" in globalThis);

test("the compiled binary serves the console: log in, live status from the script, regenerate a certificate", { skip: !isNode && "built once, under Node" }, async () => {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-bin-console-"));
  const profile = await mkdtemp(join(tmpdir(), "wrenmail-chromium-"));
  try {
    const built = await runChild(join(ROOT, "node_modules/.bin/bun"), ["scripts/build-binary.ts", join(dir, "build", "wrenmail")], { timeoutMs: 300_000 });
    assert.equal(built.code, 0, built.stderr + built.stdout);
    const bin = join(dir, "wrenmail");
    await copyFile(join(dir, "build", "wrenmail"), bin);
    await chmod(bin, 0o755);
    const { file, ports } = await writeTestConfig(dir);
    const server = startChild(bin, ["start", "--config", file], { cwd: dir, env: { PATH: join(dir, "no-runtimes"), HOME: dir } });
    const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS, ignoreHTTPSErrors: true });
    context.setDefaultTimeout(15_000);
    try {
      const password = (await server.waitFor(/password (\S+)/, 60_000))[1]!;
      await server.waitFor(/^ldaps listening/m, 60_000);
      const base = `https://127.0.0.1:${ports.admin}`;
      const page = context.pages()[0] ?? (await context.newPage());
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(`${base}/login`);
      await page.getByLabel("Administrator name").fill("admin");
      await page.getByLabel("Password").fill(password);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(`${base}/dashboard`);
      await page.goto(`${base}/services`);
      assert.equal(await page.locator('tr[data-service="smtp"] [data-field=status]').textContent(), "running");
      await page.locator("[data-live=services]", { hasText: "Live" }).waitFor();
      await page.goto(`${base}/certificates`);
      page.once("dialog", (d) => void d.accept());
      await page.getByRole("button", { name: "Regenerate default as self-signed" }).click();
      assert.match((await page.locator(".flash").first().textContent()) ?? "", /^Regenerated default: a new self-signed certificate for /);
      assert.deepEqual(errors, []);
      server.kill("SIGTERM");
      assert.equal((await server.exited).code, 0);
    } finally {
      await context.close();
      server.kill();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  }
});
