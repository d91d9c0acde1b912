/** Listen failures normalised across runtimes, so callers can tell the admin what went wrong. */
export type ListenErrorCode = "AddressInUse" | "PermissionDenied" | "AddressNotAvailable";

export class ListenError extends Error {
  readonly code: ListenErrorCode;
  readonly hostname: string;
  readonly port: number;
  constructor(code: ListenErrorCode, hostname: string, port: number, cause?: unknown) {
    super(`${describe(code)}: ${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`, { cause });
    this.name = code;
    this.code = code;
    this.hostname = hostname;
    this.port = port;
  }
}

function describe(code: ListenErrorCode): string {
  switch (code) {
    case "AddressInUse":
      return "address in use";
    case "PermissionDenied":
      return "permission denied";
    case "AddressNotAvailable":
      return "address not available on this host";
  }
}

export class AddressInUse extends ListenError {
  constructor(hostname: string, port: number, cause?: unknown) {
    super("AddressInUse", hostname, port, cause);
  }
}
export class PermissionDenied extends ListenError {
  constructor(hostname: string, port: number, cause?: unknown) {
    super("PermissionDenied", hostname, port, cause);
  }
}
export class AddressNotAvailable extends ListenError {
  constructor(hostname: string, port: number, cause?: unknown) {
    super("AddressNotAvailable", hostname, port, cause);
  }
}

/** Map a runtime error (errno code or Deno error class name) to a ListenError, or return it unchanged. */
export function normaliseListenError(err: unknown, hostname: string, port: number): unknown {
  const e = err as { code?: string; name?: string; message?: string } | null;
  const code = e?.code ?? "";
  const name = e?.name ?? "";
  const msg = e?.message ?? "";
  if (code === "EADDRINUSE" || name === "AddrInUse" || /address already in use/i.test(msg)) {
    return new AddressInUse(hostname, port, err);
  }
  if (code === "EACCES" || code === "EPERM" || name === "PermissionDenied" || /permission denied/i.test(msg)) {
    return new PermissionDenied(hostname, port, err);
  }
  if (code === "EADDRNOTAVAIL" || name === "AddrNotAvailable" || /cannot assign requested address|address not available/i.test(msg)) {
    return new AddressNotAvailable(hostname, port, err);
  }
  return err;
}
