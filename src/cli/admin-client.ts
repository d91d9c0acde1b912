import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { applyServicePatch, defaultService, parseServicePatch } from "../config/mod.ts";
import { openStore } from "../store/mod.ts";
import { resolveConfig, type CommonOptions } from "./context.ts";
import { cliTokenPath, readCliToken } from "./token.ts";

/** The admin API could not be reached or refused the CLI: the message says what to do. */
export class AdminUnreachable extends Error {}

export interface AdminResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface AdminClient {
  call(method: string, path: string, body?: unknown): Promise<AdminResponse>;
}

/**
 * Connects the CLI to the running server of the same data directory: the admin service's address
 * and certificate come from that directory's database, the credential from its cli-token file.
 * The connection trusts exactly the certificate the server presents from its own store.
 */
export async function adminClient(o: CommonOptions): Promise<AdminClient> {
  const config = await resolveConfig(o);
  const token = await readCliToken(config.dataDir);
  if (!token) {
    throw new AdminUnreachable(`no running server for data directory ${config.dataDir} (${cliTokenPath(config.dataDir)} is missing); start it with: wrenmail start --data ${config.dataDir}`);
  }
  const store = await openStore({ url: config.database, dataDir: config.dataDir });
  let host: string, port: number, tls: string, ca: string | undefined;
  try {
    const stored = await store.services.get("admin");
    const parsed = parseServicePatch(stored ?? {});
    const settings = applyServicePatch(defaultService("admin"), parsed.ok ? parsed.patch : {});
    host = settings.bind === "0.0.0.0" ? "127.0.0.1" : settings.bind === "::" ? "::1" : settings.bind;
    port = settings.port;
    tls = settings.tls;
    ca = (await store.certificates.get(settings.certificate))?.cert;
  } finally {
    await store.close();
  }
  return {
    call(method, path, body) {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
      if (payload !== undefined) {
        headers["content-type"] = "application/json";
        // Without a length node:http sends DELETE bodies chunked, which servers may ignore.
        headers["content-length"] = String(new TextEncoder().encode(payload).length);
      }
      const options = {
        host,
        port,
        method,
        path,
        headers,
        ...(tls === "none" ? {} : { ca, servername: undefined, checkServerIdentity: () => undefined }),
      };
      return new Promise<AdminResponse>((resolve, reject) => {
        const req = (tls === "none" ? httpRequest : httpsRequest)(options, (res) => {
          const chunks: Uint8Array[] = [];
          res.on("data", (c: Uint8Array) => chunks.push(c));
          res.on("end", () => {
            const text = new TextDecoder().decode(Buffer.concat(chunks));
            let parsed: Record<string, unknown>;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { error: text.trim() };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on("error", reject);
        });
        req.setTimeout(30_000, () => req.destroy(new Error("no answer within 30 s")));
        req.on("error", (err) =>
          reject(new AdminUnreachable(`cannot reach the admin service at ${host.includes(":") ? `[${host}]` : host}:${port}: ${err.message}`))
        );
        req.end(payload);
      });
    },
  };
}
