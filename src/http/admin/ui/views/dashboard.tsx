/** @jsxImportSource hono/jsx */
import type { Flash } from "../flash.ts";
import { LiveChart, MinuteChart } from "./charts.tsx";
import { StartFailureHint, failurePort } from "./faq.tsx";
import { Page } from "./layout.tsx";
import { formatTime, StatusBadge, Table } from "./parts.tsx";

/** `GET /api/stats` as the dashboard reads it. */
export interface Stats {
  time: string;
  minutes: string[];
  services: {
    name: string;
    status: string;
    error?: string;
    connections: number;
    accepted: number;
    refused: number;
    perMinute: { accepted: number[]; refused: number[]; peakConnections: number[] };
  }[];
}

export interface RecentEntry {
  time: string;
  level: string;
  service: string | null;
  message: string;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Per-minute sums over every service. */
export function totals(stats: Stats): { accepted: number[]; refused: number[] } {
  const n = stats.minutes.length;
  const accepted = Array.from({ length: n }, (_, i) => sum(stats.services.map((s) => s.perMinute.accepted[i] ?? 0)));
  const refused = Array.from({ length: n }, (_, i) => sum(stats.services.map((s) => s.perMinute.refused[i] ?? 0)));
  return { accepted, refused };
}

/** The dashboard: live connections and accepted/refused per minute, updated by the script every few seconds. */
export const DashboardView = (p: { stats: Stats; recent: RecentEntry[]; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const s = p.stats;
  const count = (st: string) => s.services.filter((x) => x.status === st).length;
  const t = totals(s);
  const failed = s.services.filter((x) => x.status === "failed");
  return (
    <Page title="Dashboard" screen="dashboard" session={p.session} flash={p.flash}>
      <p class="muted">
        Figures for the last {s.minutes.length} minutes, as of <time data-stat="time">{formatTime(s.time)}</time>.{" "}
        <span class="live" data-live="stats" aria-live="off"></span>
      </p>
      <div class="grid" aria-label="Summary">
        <section class="panel">
          <h2>Services</h2>
          <p>
            <span class="stat" data-stat="running">{count("running")}</span> <span class="stat-label">running</span>,{" "}
            <span class="stat" data-stat="stopped">{count("stopped")}</span> <span class="stat-label">stopped</span>,{" "}
            <span class="stat" data-stat="failed">{count("failed")}</span> <span class="stat-label">failed</span>
          </p>
          <p>
            <a href="/services">Manage services</a>
          </p>
        </section>
        <section class="panel">
          <h2>Live connections</h2>
          <p>
            <span class="stat" data-stat="connections">{sum(s.services.map((x) => x.connections))}</span> <span class="stat-label">open now</span>
          </p>
        </section>
        <section class="panel">
          <h2>Last {s.minutes.length} minutes</h2>
          <p>
            <span class="stat" data-stat="accepted">{sum(t.accepted)}</span> <span class="stat-label">accepted</span>,{" "}
            <span class="stat" data-stat="refused">{sum(t.refused)}</span> <span class="stat-label">refused</span>
          </p>
        </section>
      </div>
      {failed.length ? (
        <section class="panel" aria-labelledby="failed-h">
          <h2 id="failed-h">Failed services</h2>
          <ul>
            {failed.map((f) => (
              <li>
                <a href={`/services/${f.name}/setup`}>{f.name}</a>: {f.error ?? "unknown cause"}. <a href={`/log?service=${f.name}&level=warn`}>Log</a>
                <StartFailureHint port={failurePort(f.error ?? "")} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="panel" aria-labelledby="minutes-h">
        <h2 id="minutes-h">Connections per minute, all services</h2>
        <p class="legend" aria-hidden="true">
          <span>
            <span class="key key-accepted"></span>accepted
          </span>
          <span>
            <span class="key key-refused"></span>refused
          </span>
        </p>
        <MinuteChart id="all" accepted={t.accepted} refused={t.refused} title="Connections per minute, all services" />
        <p class="axis-labels" aria-hidden="true">
          <span>{s.minutes.length} min ago</span>
          <span>
            busiest minute: <span data-stat="max">{Math.max(0, ...t.accepted.map((a, i) => a + (t.refused[i] ?? 0)))}</span>
          </span>
          <span>now</span>
        </p>
      </section>
      <section class="panel" aria-labelledby="live-h">
        <h2 id="live-h">Live connections per running service</h2>
        <LiveChart services={s.services} />
      </section>
      <Table caption="Per service" head={["Service", "Status", "Live", "Accepted", "Refused", "Per minute"]} id="stats">
        {s.services.map((x) => (
          <tr data-service={x.name}>
            <td data-label="Service">
              <a href={`/services/${x.name}/setup`}>{x.name}</a>
            </td>
            <td data-label="Status">
              <StatusBadge status={x.status} />
            </td>
            <td data-label="Live" class="num" data-field="connections">
              {x.connections}
            </td>
            <td data-label="Accepted since start" class="num" data-field="accepted">
              {x.accepted}
            </td>
            <td data-label="Refused since start" class="num" data-field="refused">
              {x.refused}
            </td>
            <td data-label="Per minute">
              <MinuteChart id={x.name} accepted={x.perMinute.accepted} refused={x.perMinute.refused} title={`${x.name} per minute`} small />
            </td>
          </tr>
        ))}
      </Table>
      <section class="panel" aria-labelledby="recent-h">
        <h2 id="recent-h">Recent warnings and errors</h2>
        {p.recent.length ? (
          <ul>
            {p.recent.map((e) => (
              <li>
                <StatusBadge status={e.level} /> <time>{formatTime(e.time)}</time> {e.service ? <strong>[{e.service}]</strong> : null} {e.message}
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">None.</p>
        )}
        <p>
          <a href="/log?level=warn">All warnings and errors</a>
        </p>
      </section>
    </Page>
  );
};
