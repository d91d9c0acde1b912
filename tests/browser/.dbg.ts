import { consoleRig } from "./harness.ts";
const r = await consoleRig({ autostart: ["admin", "imap", "pop3"] });
const p = r.page;
await p.goto(`${r.base}/login`);
await p.getByLabel("Administrator name").fill("admin");
await p.getByLabel("Password").fill(r.password);
await p.getByRole("button", { name: "Log in" }).click();
await p.setViewportSize({ width: 390, height: 1200 });
for (const [path, name] of [["/services", "services"], ["/services/pop3/setup/access", "access"], ["/dashboard", "dash"], ["/log", "log"]]) {
  await p.goto(`${r.base}${path}`);
  await p.screenshot({ path: `/tmp/shot-${name}.png`, clip: { x: 0, y: 0, width: 390, height: 1200 } });
}
await p.setViewportSize({ width: 1280, height: 900 });
await p.goto(`${r.base}/dashboard`);
await p.screenshot({ path: `/tmp/shot-dash-desk.png`, fullPage: true });
await r.close();
