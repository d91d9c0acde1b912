/**
 * The console's stylesheet. System fonts only (nothing fetched), colour contrast of at least 4.5:1
 * for text, a visible focus ring, and below 700 px wide every table turns into a list of cards
 * whose cells name themselves (`data-label`).
 *
 * @module
 */
export const CONSOLE_CSS = `
:root {
  --bg: #f6f7f9; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #fff;
  --accent: #0b5cad; --accent-fg: #fff; --ok: #116329; --ok-bg: #dafbe1; --warn: #7d4e00; --warn-bg: #fff8c5;
  --bad: #a40e26; --bad-bg: #ffebe9; --idle: #57606a; --idle-bg: #eaeef2; --focus: #bf4f00;
  --accepted: #2f7d32; --refused: #c62828; --conns: #0b5cad;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: var(--bg); color: var(--fg); }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible, main:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
.skip { position: absolute; left: -9999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: .5rem; top: .5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; padding: .6rem 1rem; background: #24292f; color: #fff; }
header.top a { color: #fff; }
.brand { font-weight: 700; font-size: 1.1rem; text-decoration: none; }
.brand span { font-weight: 400; opacity: .8; }
nav ul { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; margin: 0; padding: 0; }
nav a { display: inline-block; padding: .35rem .6rem; border-radius: 6px; text-decoration: none; }
nav a:hover { background: #3a424b; }
nav a[aria-current="page"] { background: #fff; color: #24292f; font-weight: 600; }
.logout { margin-left: auto; }
.logout .btn { background: transparent; color: #fff; border-color: #8c959f; }
.who { opacity: .8; }
main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.panel > h2:first-child, .panel > :first-child { margin-top: 0; }
section.panel, form.panel, .panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin: 0 0 1rem; }
.flash { border-radius: 8px; padding: .6rem 1rem; margin: 0 0 1rem; border: 1px solid; }
.flash p { margin: .2rem 0; }
.flash ul { margin: .3rem 0; padding-left: 1.2rem; }
.flash-ok { background: var(--ok-bg); color: var(--ok); border-color: #4ac26b; }
.flash-warn { background: var(--warn-bg); color: var(--warn); border-color: #d4a72c; }
.flash-error { background: var(--bad-bg); color: var(--bad); border-color: #ff8182; }
.warning { background: var(--warn-bg); color: var(--warn); border: 1px solid #d4a72c; border-radius: 6px; padding: .5rem .75rem; }
.field { margin: 0 0 .8rem; }
.field label { display: block; font-weight: 600; margin-bottom: .2rem; }
.field-check { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; }
.field-check label { display: inline; font-weight: 400; margin: 0; flex: 1 1 12rem; }
.field-check .hint { flex-basis: 100%; }
.hint { color: var(--muted); margin: 0 0 .25rem; font-size: .9rem; }
.field-error { color: var(--bad); font-weight: 600; margin: 0 0 .25rem; }
.field-invalid input, .field-invalid select, .field-invalid textarea { border-color: var(--bad); border-width: 2px; }
input[type=text], input[type=password], input[type=number], input[type=email], input[type=datetime-local], input:not([type]), select, textarea {
  font: inherit; padding: .4rem .5rem; border: 1px solid #8c959f; border-radius: 6px; background: #fff; color: var(--fg); max-width: 100%;
}
input[type=number] { width: 9rem; }
textarea { width: 100%; min-height: 6rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; padding: .5rem .8rem; }
legend { font-weight: 600; padding: 0 .3rem; }
.radio { display: flex; gap: .4rem; align-items: baseline; margin: .25rem 0; }
.radio .hint { margin-left: .2rem; }
.row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; }
.row .field { margin-bottom: .5rem; }
.btn { font: inherit; display: inline-block; padding: .35rem .8rem; border-radius: 6px; border: 1px solid #8c959f; background: #f6f8fa; color: var(--fg); cursor: pointer; text-decoration: none; min-height: 2.2rem; }
.btn:hover { background: #eaeef2; }
.btn-primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
.btn-primary:hover { background: #094a8c; }
.btn-danger { color: var(--bad); border-color: #cf222e; background: #fff; }
.btn-danger:hover { background: var(--bad-bg); }
.btn[disabled] { opacity: .55; cursor: not-allowed; }
form.inline { display: inline-flex; align-items: center; gap: .35rem; margin: .1rem .25rem .1rem 0; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem; }
.reason { color: var(--muted); font-size: .85rem; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid transparent; }
.badge-running, .badge-enabled, .badge-sent, .badge-valid { background: var(--ok-bg); color: var(--ok); border-color: #4ac26b; }
.badge-stopped, .badge-disabled, .badge-queued, .badge-sending { background: var(--idle-bg); color: var(--idle); border-color: #afb8c1; }
.badge-failed, .badge-expired { background: var(--bad-bg); color: var(--bad); border-color: #ff8182; }
.badge-starting, .badge-deferred, .badge-expiring { background: var(--warn-bg); color: var(--warn); border-color: #d4a72c; }
.badge-info, .badge-debug { background: var(--idle-bg); color: var(--idle); }
.badge-warn { background: var(--warn-bg); color: var(--warn); }
.badge-error { background: var(--bad-bg); color: var(--bad); }
.failure { color: var(--bad); font-size: .9rem; margin: .25rem 0 0; }
.faq { color: var(--muted); font-size: .85rem; margin: .2rem 0 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .6rem .8rem; }
th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-top: 1px solid var(--line); }
th { background: #f6f8fa; font-size: .85rem; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.mono { white-space: nowrap; overflow-wrap: normal; }
.reason-block { display: block; margin: .2rem 0 0; }
.tabs { display: flex; flex-wrap: wrap; gap: .25rem; list-style: none; padding: 0; margin: 0 0 1rem; border-bottom: 1px solid var(--line); }
.tabs a { display: inline-block; padding: .45rem .8rem; text-decoration: none; border: 1px solid transparent; border-bottom: none; border-radius: 6px 6px 0 0; }
.tabs a[aria-current="page"] { background: var(--card); border-color: var(--line); font-weight: 600; color: var(--fg); margin-bottom: -1px; }
.iplist { list-style: none; padding: 0; margin: .5rem 0; }
.iplist li { display: flex; align-items: center; justify-content: space-between; gap: .5rem; padding: .3rem .5rem; border: 1px solid var(--line); border-radius: 6px; margin: .25rem 0; background: #fff; }
.empty { color: var(--muted); font-style: italic; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1rem; }
.stat { font-size: 1.8rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.stat-label { color: var(--muted); }
svg.chart { width: 100%; height: 9rem; display: block; }
svg.chart-live { height: auto; }
.axis-labels { display: flex; justify-content: space-between; font-size: .8rem; color: var(--muted); margin: .2rem 0 0; }
svg.spark { width: 10rem; height: 2.2rem; display: block; }
.bar-accepted { fill: var(--accepted); }
.bar-refused { fill: var(--refused); }
.bar-conns { fill: var(--conns); }
.axis { stroke: var(--line); stroke-width: 1; }
.chart-text { fill: var(--muted); font-size: 10px; }
.legend { display: flex; gap: 1rem; font-size: .85rem; color: var(--muted); margin: .25rem 0; }
.key { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px; vertical-align: -1px; margin-right: .3rem; }
.key-accepted { background: var(--accepted); } .key-refused { background: var(--refused); } .key-conns { background: var(--conns); }
.meter { display: block; width: 8rem; max-width: 100%; }
.log-msg { white-space: pre-wrap; overflow-wrap: anywhere; }
.live { font-size: .85rem; color: var(--muted); }
.live[data-state=on]::before { content: "●"; color: var(--accepted); margin-right: .3rem; }
.muted { color: var(--muted); }
details summary { cursor: pointer; }
@media (max-width: 700px) {
  body { font-size: 16px; }
  main { padding: .6rem; }
  header.top { padding: .5rem .6rem; }
  .logout { margin-left: 0; }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards caption { display: block; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border-top: 1px solid var(--line); padding: .4rem .2rem; }
  table.cards td { border: none; padding: .2rem .5rem; }
  /* Label on the left, value on the right, whatever the cell holds. */
  table.cards td[data-label] { position: relative; padding-left: 7.2rem; min-height: 1.6rem; }
  table.cards td[data-label]::before { content: attr(data-label); position: absolute; left: .5rem; top: .3rem; width: 6.4rem; font: 600 .8rem/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--muted); }
  td.num { text-align: left; }
  .table-wrap { overflow-x: visible; }
  input[type=text], input[type=password], input:not([type]), select, textarea { width: 100%; }
}
`;
