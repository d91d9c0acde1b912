/** The POP3 server (pop3 and pop3s services): handler, backend seam, store backend, parser. */
export { createPop3Handler, DEFAULT_POP3_LIMITS, type Pop3HandlerOptions, type Pop3Limits } from "./server.ts";
export type { Pop3Backend, Pop3Entry, Pop3Identity, Pop3Mailbox } from "./backend.ts";
export { createPop3StoreBackend } from "./store-backend.ts";
export { MaildropLocks } from "./lock.ts";
export { Pop3Error, type RespCode } from "./reply.ts";
