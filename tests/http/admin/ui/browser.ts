/**
 * A minimal form-posting browser for console tests in process: keeps cookies, sends the Origin a
 * real browser sends, follows redirects, and reads form tokens out of the pages it gets.
 */
import type { Harness } from "../harness.ts";

export const ORIGIN = "https://admin.test:6000";

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  html: string;
}

export class FormBrowser {
  readonly cookies = new Map<string, string>();
  #h: Harness;
  #ip: string;
  constructor(h: Harness, o: { ip?: string } = {}) {
    this.#h = h;
    this.#ip = o.ip ?? "127.0.0.1";
  }

  /** One request, no redirects followed. */
  async request(method: string, path: string, o: { form?: Record<string, string | string[]>; headers?: Record<string, string>; body?: BodyInit } = {}): Promise<Page> {
    const headers: Record<string, string> = { host: new URL(ORIGIN).host, ...o.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: BodyInit | undefined = o.body;
    if (o.form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(o.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      body = p.toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    if (method === "POST" && !("origin" in headers)) headers.origin = ORIGIN;
    // duplex: Node's Request wants it said for a streamed body.
    const init = { method, headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit;
    const res = await this.#h.app.request(`${ORIGIN}${path}`, init, { remote: { address: this.#ip, port: 50000 } });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, url: path, headers: res.headers, html: await res.text() };
  }

  /** GET, following redirects. */
  async get(path: string): Promise<Page> {
    let p = await this.request("GET", path);
    for (let i = 0; i < 5 && p.status >= 300 && p.status < 400; i++) p = await this.request("GET", p.headers.get("location")!);
    return p;
  }

  /** POST a form with this page's CSRF token added, following the redirect. */
  async post(path: string, form: Record<string, string | string[]>, o: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<Page> {
    const token = o.csrf === undefined ? await this.csrf() : o.csrf;
    const p = await this.request("POST", path, { form: token === null ? form : { _csrf: token, ...form }, headers: o.headers });
    if (p.status >= 300 && p.status < 400) {
      const next = await this.get(p.headers.get("location")!);
      return { ...next, status: next.status, url: next.url };
    }
    return p;
  }

  /** The CSRF token the console puts in its forms right now. */
  async csrf(): Promise<string> {
    return tokenIn((await this.get("/dashboard")).html);
  }

  async login(name = "admin", password: string): Promise<Page> {
    const form = await this.get("/login");
    return this.post("/login", { name, password }, { csrf: tokenIn(form.html) });
  }
}

/** The first form token in a page. */
export function tokenIn(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form token in the page:\n${html.slice(0, 500)}`);
  return m[1]!;
}

/** Visible text of an HTML fragment, tags removed and entities for <>&" decoded, whitespace folded. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}
