import type { AdminDeps, AdminEnv } from "../deps.ts";
import type { SessionStore } from "../sessions.ts";

/** The logged-in administrator a console page is served to. */
export interface PageSession {
  admin: string;
  /** The session token from the cookie: the console calls the API with it. */
  token: string;
  /** This session's form token (see csrf.ts). */
  csrf: string;
}

/** A parsed form body: text fields and uploaded files, by name (repeated names give arrays). */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** Hono environment of the console: the admin app's, plus the session and the posted form. */
export interface ConsoleEnv {
  Bindings: AdminEnv["Bindings"];
  Variables: AdminEnv["Variables"] & { session: PageSession; form: FormBody };
}

/** What the console is built from. */
export interface ConsoleDeps {
  deps: AdminDeps;
  sessions: SessionStore;
  /**
   * The admin app's own fetch: the console does every read and change through the REST API, so
   * validation, refusals and logging are the API's, once.
   */
  api: (req: Request, env: AdminEnv["Bindings"]) => Promise<Response>;
}
