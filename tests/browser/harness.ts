/**
 * A whole wrenmail server on the runtime running the tests (every service on 127.0.0.1 and a free
 * port), and Debian's Chromium driven by playwright-core from the same process, with everything
 * the console page does recorded: requests leaving the server's origin, console errors (a CSP
 * violation is one), uncaught page errors.
 */
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Config, DEFAULT_IMAP_LIMITS, DEFAULT_POP3_LIMITS, DEFAULT_SMTP_LIMITS, defaultServices, SERVICE_NAMES, type ServiceName } from "../../src/config/mod.ts";
import { createMailServer, type MailServer } from "../../src/server.ts";
import { freePorts } from "../helpers/ports.ts";
import { ROOT } from "../helpers/spawn.ts";

/** The flags that keep Chromium from reaching for the (closed) network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const RUNTIME = "Deno" in globalThis ? "deno" : "Bun" in globalThis ? "bun" : "node";

export interface ConsoleRig {
  server: MailServer;
  ports: Record<ServiceName, number>;
  password: string;
  base: string;
  context: BrowserContext;
  page: Page;
  /** URLs the pages asked for outside the server's origin (must stay empty). */
  external: string[];
  /** Console errors and uncaught exceptions in the pages (must stay empty). */
  errors: string[];
  /** Saves the page at desktop and at phone width (390 px), returns the phone page's overflow in px. */
  screenshot(name: string): Promise<number>;
  close(): Promise<void>;
}

export async function consoleRig(o: { autostart: ServiceName[] }): Promise<ConsoleRig> {
  const dir = await mkdtemp(join(tmpdir(), "wrenmail-browser-"));
  const free = await freePorts(SERVICE_NAMES.length);
  const ports = {} as Record<ServiceName, number>;
  const services = defaultServices();
  SERVICE_NAMES.forEach((n, i) => {
    ports[n] = free[i]!;
    services[n] = { ...services[n], bind: "127.0.0.1", port: free[i]!, autostart: o.autostart.includes(n) };
  });
  const config: Config = {
    hostname: "localhost",
    dataDir: dir,
    database: `file:${join(dir, "wrenmail.db")}`,
    portOffset: 0,
    services,
    certificates: {},
    smtp: DEFAULT_SMTP_LIMITS,
    pop3: DEFAULT_POP3_LIMITS,
    imap: DEFAULT_IMAP_LIMITS,
  };
  const server = createMailServer(config, { write: () => {}, graceMs: 200 });
  const started = await server.start();
  if (!started.adminPassword) throw new Error("no admin password on first start");
  const base = `https://127.0.0.1:${ports.admin}`;

  const profile = await mkdtemp(join(tmpdir(), "wrenmail-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 900 },
  });
  // Every wait is bounded; a missing element fails in seconds, not at the runner's limit.
  context.setDefaultTimeout(15_000);
  const external: string[] = [];
  const errors: string[] = [];
  const watch = (p: Page) => {
    p.on("request", (r) => {
      const u = r.url();
      if (!u.startsWith(base) && !u.startsWith("data:") && !u.startsWith("about:")) external.push(u);
    });
    p.on("console", (m) => {
      // A page answered 4xx is what several tests ask for (a refused form, a wrong password);
      // Chromium reports each as a console error. Anything else (CSP "Refused to …") counts.
      if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of 4\d\d /.test(m.text())) errors.push(`${p.url()}: ${m.text()}`);
    });
    p.on("pageerror", (e) => errors.push(`${p.url()}: ${e.message}`));
  };
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);

  const shots = join(ROOT, "test-results", "screenshots", RUNTIME);
  // Only this run's pictures: numbering changes when tests do.
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  let n = 0;
  return {
    server,
    ports,
    password: started.adminPassword,
    base,
    context,
    page,
    external,
    errors,
    async screenshot(name) {
      const prefix = String(++n).padStart(2, "0");
      await page.screenshot({ path: join(shots, `${prefix}-${name}.png`), fullPage: true });
      const size = page.viewportSize()!;
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: join(shots, `${prefix}-${name}-phone.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.setViewportSize(size);
      return overflow;
    },
    async close() {
      await context.close().catch(() => {});
      await server.stop();
      await rm(profile, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
