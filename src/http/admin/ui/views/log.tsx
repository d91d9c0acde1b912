/** @jsxImportSource hono/jsx */
import { SERVICE_NAMES } from "../../../../config/service.ts";
import type { Issue } from "../../errors.ts";
import type { Flash } from "../flash.ts";
import { failurePort, isStartFailure, StartFailureHint } from "./faq.tsx";
import { Page } from "./layout.tsx";
import { ErrorSummary, Field, fieldId, formatTime, issuesFor, StatusBadge, Table } from "./parts.tsx";

export interface LogEntryView {
  id: number;
  time: string;
  level: string;
  service: string | null;
  message: string;
  fields: Record<string, unknown> | null;
}

export interface LogFilter {
  service: string;
  level: string;
  since: string;
  until: string;
  limit: string;
}

const LEVELS = [
  { id: "", label: "everything (debug and up)" },
  { id: "info", label: "info and up" },
  { id: "warn", label: "warnings and errors" },
  { id: "error", label: "errors only" },
];

/** One log line as a table row; start failures get the FAQ hint. */
export const LogRow = (p: { e: LogEntryView }) => {
  const e = p.e;
  return (
    <tr data-id={e.id}>
      <td data-label="Time" class="mono">
        <time datetime={e.time}>{formatTime(e.time)}</time>
      </td>
      <td data-label="Level">
        <StatusBadge status={e.level} />
      </td>
      <td data-label="Service">{e.service ?? "—"}</td>
      <td data-label="Message" class="log-msg">
        {e.message}
        {e.level !== "info" && isStartFailure(e.message) ? <StartFailureHint port={failurePort(e.message)} /> : null}
      </td>
    </tr>
  );
};

const Select = (p: { name: string; label: string; value: string; options: { id: string; label: string }[]; issues?: Issue[] }) => {
  const mine = issuesFor(p.issues, p.name);
  const id = fieldId(p.name);
  return (
    <div class={mine.length ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      {mine.length ? <p class="field-error" id={`${id}-error`}>{mine.map((i) => i.message).join("; ")}</p> : null}
      <select id={id} name={p.name} aria-invalid={mine.length ? "true" : undefined} aria-describedby={mine.length ? `${id}-error` : undefined}>
        {p.options.map((o) => (
          <option value={o.id} selected={o.id === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
};

/** The system log: filters (service, level, time), newest first, and a live tail with script. */
export const LogView = (p: { entries: LogEntryView[]; filter: LogFilter; error?: string; issues?: Issue[]; session: { admin: string; csrf: string }; flash?: Flash }) => (
  <Page title="System log" screen="log" session={p.session} flash={p.flash}>
    <form method="get" action="/log" class="panel" aria-label="Filter the log">
      <ErrorSummary error={p.error} issues={p.issues} fields={["service", "level", "since", "until", "limit"]} />
      <div class="row">
        <Select name="service" label="Service" value={p.filter.service} options={[{ id: "", label: "all services" }, ...SERVICE_NAMES.map((n) => ({ id: n, label: n }))]} issues={p.issues} />
        <Select name="level" label="Level" value={p.filter.level} options={LEVELS} issues={p.issues} />
        <Field name="since" label="From (UTC)" type="datetime-local" value={p.filter.since} issues={p.issues} />
        <Field name="until" label="Until (UTC)" type="datetime-local" value={p.filter.until} issues={p.issues} />
        <Field name="limit" label="Most entries" type="number" min={1} max={10000} value={p.filter.limit} issues={p.issues} />
        <div class="field">
          <button type="submit" class="btn btn-primary">
            Show
          </button>
        </div>
      </div>
      <div class="field field-check" data-tail hidden>
        <input type="checkbox" id="live-tail" />
        <label for="live-tail">Live tail: add new entries as they are logged</label>
        <span class="live" data-live="log" aria-live="off"></span>
      </div>
    </form>
    <Table caption={`${p.entries.length} entr${p.entries.length === 1 ? "y" : "ies"}, newest first`} head={["Time", "Level", "Service", "Message"]} id="log">
      {p.entries.map((e) => (
        <LogRow e={e} />
      ))}
    </Table>
    {p.entries.length ? null : <p class="empty">Nothing logged matches these filters.</p>}
  </Page>
);
