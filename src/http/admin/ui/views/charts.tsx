/** @jsxImportSource hono/jsx */
/**
 * The dashboard's charts as inline SVG, drawn here for the first paint (and for browsers without
 * script); the console script redraws them with the same geometry from `/api/stats`. Colours come
 * from CSS classes, so the strict CSP needs no inline style.
 *
 * @module
 */

/** One stacked bar: accepted at the bottom, refused on top. */
export interface StackedBar {
  x: number;
  width: number;
  accepted: { y: number; height: number };
  refused: { y: number; height: number };
}

/** Geometry of a stacked bar chart `width` × `height` for per-minute series. */
export function stackedBars(accepted: readonly number[], refused: readonly number[], width: number, height: number): { bars: StackedBar[]; max: number } {
  const n = Math.max(1, accepted.length);
  const max = Math.max(1, ...accepted.map((a, i) => a + (refused[i] ?? 0)));
  const step = width / n;
  const bars = accepted.map((a, i) => {
    const r = refused[i] ?? 0;
    const ha = (a / max) * height;
    const hr = (r / max) * height;
    return {
      x: +(i * step + 0.5).toFixed(2),
      width: +Math.max(1, step - 1).toFixed(2),
      accepted: { y: +(height - ha).toFixed(2), height: +ha.toFixed(2) },
      refused: { y: +(height - ha - hr).toFixed(2), height: +hr.toFixed(2) },
    };
  });
  return { bars, max };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Accepted and refused per minute; `id` lets the script find it again. */
export const MinuteChart = (p: { id: string; accepted: number[]; refused: number[]; title: string; small?: boolean }) => {
  const W = p.small ? 120 : 600;
  const H = p.small ? 28 : 120;
  const { bars, max } = stackedBars(p.accepted, p.refused, W, H);
  const desc = `${sum(p.accepted)} accepted and ${sum(p.refused)} refused in the last ${p.accepted.length} minutes; busiest minute ${max}.`;
  return (
    <svg class={p.small ? "spark" : "chart"} viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`${p.title}: ${desc}`} data-chart="minutes" data-id={p.id}>
      <title>{`${p.title}: ${desc}`}</title>
      <line class="axis" x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} />
      {/* Empty minutes draw nothing: with 14 small charts of 30 minutes that is most of the page. */}
      {bars.filter((b) => b.accepted.height > 0 || b.refused.height > 0).map((b) => (
        <g>
          {b.accepted.height > 0 ? <rect class="bar-accepted" x={b.x} y={b.accepted.y} width={b.width} height={b.accepted.height} /> : null}
          {b.refused.height > 0 ? <rect class="bar-refused" x={b.x} y={b.refused.y} width={b.width} height={b.refused.height} /> : null}
        </g>
      ))}
    </svg>
  );
};

/** Live connections of each running service as horizontal bars. */
export const LiveChart = (p: { services: { name: string; connections: number; status: string }[] }) => {
  const rows = p.services.filter((s) => s.status === "running");
  const W = 600;
  const row = 22;
  const H = Math.max(1, rows.length) * row;
  const max = Math.max(1, ...rows.map((s) => s.connections));
  const total = sum(rows.map((s) => s.connections));
  return (
    <svg class="chart chart-live" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Live connections: ${total} in all; ${rows.map((s) => `${s.name} ${s.connections}`).join(", ") || "no service running"}`} data-chart="live">
      <title>Live connections per running service</title>
      {rows.map((s, i) => (
        <g>
          <text class="chart-text" x="0" y={i * row + 15}>
            {s.name}
          </text>
          <rect class="bar-conns" x="90" y={i * row + 4} width={+(((W - 140) * s.connections) / max).toFixed(2)} height={row - 8} />
          <text class="chart-text" x={+(95 + ((W - 140) * s.connections) / max).toFixed(2)} y={i * row + 15}>
            {s.connections}
          </text>
        </g>
      ))}
    </svg>
  );
};
