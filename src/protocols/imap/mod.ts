/** The IMAP service: `createImapHandler` for the service manager. */
export { createImapHandler, type ImapHandlerOptions } from "./server.ts";
