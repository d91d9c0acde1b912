/** @jsxImportSource hono/jsx */

/** The port named in a start-failure message ("failed to start on 127.0.0.1:389: …", "address in use: 0.0.0.0:25"). */
export function failurePort(message: string): number | undefined {
  const m = /(?:\]|[\d.]+|\*):(\d{1,5})\b/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Whether a log line or status error is a service failing to start (where the FAQ hint helps). */
export function isStartFailure(message: string): boolean {
  return /failed to start|did not start|address in use|permission denied|address not available|cannot assign/i.test(message);
}

/**
 * The start-failure FAQ hint (as Winmail's FAQ has it): usually the port is taken by another
 * program, and here is how to see which.
 */
export const StartFailureHint = (p: { port?: number }) => (
  <p class="faq">
    A start failure is usually a port already in use — see which program holds it:{" "}
    <code>{p.port ? `ss -ltnp 'sport = :${p.port}'` : "ss -ltnp"}</code> (Linux) or{" "}
    <code>{p.port ? `netstat -ano | findstr :${p.port}` : "netstat -ano"}</code> (Windows). Ports below 1024 also need root
    (or the capability to bind them).
  </p>
);
