import type { Context } from "hono";
import { originAllowed, remoteAddress } from "../auth.ts";
import type { AdminEnv } from "../deps.ts";

// The API's helpers read only the request and its bindings, which the console's context shares.
const asAdmin = (c: Context) => c as unknown as Context<AdminEnv>;

/** The browser's address, as the hosting server reported it. */
export const peerAddress = (c: Context): string => remoteAddress(asAdmin(c));

/** Whether the request's Origin names this server (or one of `allowed`). */
export const fromOwnOrigin = (c: Context, allowed?: readonly string[]): boolean => originAllowed(asAdmin(c), allowed);
