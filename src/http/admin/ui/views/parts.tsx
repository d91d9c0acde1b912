/** @jsxImportSource hono/jsx */
/**
 * Small pieces every console screen uses: the CSRF field, messages, error summaries, labelled
 * fields with their errors, one-button forms and status badges.
 *
 * @module
 */
import type { Child } from "hono/jsx";
import type { Issue } from "../../errors.ts";
import type { Flash } from "../flash.ts";
import { CSRF_FIELD } from "../guard.ts";

/** A form's state when it comes back with errors: what was typed and what the API said. */
export interface FormState {
  /** Which form on the page the errors belong to. */
  form: string;
  values: Record<string, string>;
  error?: string;
  issues?: Issue[];
}

/** The hidden CSRF field every state-changing form carries. */
export const Csrf = (p: { token: string }) => <input type="hidden" name={CSRF_FIELD} value={p.token} />;

/** The id of a form field named by its API path (`limits.perIpPerMinute` → `f-limits-perIpPerMinute`). */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** Issues that belong to field `name`: its path, or a path inside it (`ips[1]`, `access.mode`). */
export function issuesFor(issues: readonly Issue[] | undefined, name: string): Issue[] {
  return (issues ?? []).filter((i) => i.path === name || i.path.startsWith(`${name}[`) || i.path.startsWith(`${name}.`));
}

/** An API message as a sentence: capital first letter, a full stop at the end. */
export function sentence(s: string): string {
  const t = `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The one-time message after a change. */
export const FlashBox = (p: { flash?: Flash }) => {
  const f = p.flash;
  if (!f) return null;
  return (
    <div class={`flash flash-${f.kind}`} role={f.kind === "ok" ? "status" : "alert"}>
      <p>{f.text}</p>
      {f.notes?.length ? <ul>{f.notes.map((n) => <li>{n}</li>)}</ul> : null}
    </div>
  );
};

/**
 * What the API refused, at the top of a form: its message and every field issue, each linking to
 * its field when the form has one (`fields`), so a keyboard or screen-reader user can go straight there.
 */
export const ErrorSummary = (p: { error?: string; issues?: readonly Issue[]; fields?: readonly string[]; form?: string; children?: Child }) => {
  if (!p.error && !p.issues?.length) return null;
  const target = (path: string) => p.fields?.find((f) => issuesFor([{ path, message: "" }], f).length);
  return (
    <div class="flash flash-error" role="alert" tabindex={-1} id="error-summary">
      <p>{!p.error || /^invalid (request|settings)$/.test(p.error) ? "Nothing was changed. Please correct:" : sentence(p.error)}</p>
      {p.issues?.length ? (
        <ul>
          {p.issues.map((i) => {
            const f = target(i.path);
            const line = `${i.path ? `${i.path}: ` : ""}${i.message}`;
            return <li>{f ? <a href={`#${fieldId(p.form ? `${p.form}-${f}` : f)}`}>{line}</a> : line}</li>;
          })}
        </ul>
      ) : null}
      {p.children}
    </div>
  );
};

export interface FieldProps {
  name: string;
  /** Prefixes the id when two forms on one page have a field of the same name. */
  form?: string;
  label: string;
  value?: string | number;
  type?: string;
  hint?: Child;
  issues?: readonly Issue[];
  required?: boolean;
  autocomplete?: string;
  inputmode?: "numeric" | "text" | "email";
  min?: number;
  max?: number;
  placeholder?: string;
  size?: number;
  list?: string;
}

/** A labelled input with its hint and its errors, tied together for assistive technology. */
export const Field = (p: FieldProps) => {
  const id = fieldId(p.form ? `${p.form}-${p.name}` : p.name);
  const mine = issuesFor(p.issues, p.name);
  const described = [p.hint ? `${id}-hint` : "", mine.length ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={mine.length ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {mine.length ? (
        <p class="field-error" id={`${id}-error`}>
          {mine.map((i) => i.message).join("; ")}
        </p>
      ) : null}
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.value === undefined ? undefined : String(p.value)}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        min={p.min}
        max={p.max}
        placeholder={p.placeholder}
        size={p.size}
        list={p.list}
        aria-invalid={mine.length ? "true" : undefined}
        aria-describedby={described}
      />
    </div>
  );
};

/** A checkbox with its label after it. */
export const Check = (p: { name: string; label: string; checked?: boolean; hint?: Child; value?: string }) => {
  const id = fieldId(p.name);
  return (
    <div class="field field-check">
      <input type="checkbox" id={id} name={p.name} value={p.value ?? "yes"} checked={p.checked} aria-describedby={p.hint ? `${id}-hint` : undefined} />
      <label for={id}>{p.label}</label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
    </div>
  );
};

export interface PostButtonProps {
  action: string;
  label: string;
  csrf: string;
  /** Extra hidden fields. */
  fields?: Record<string, string>;
  disabled?: boolean;
  /** Shown next to a disabled button: why it cannot be used. */
  reason?: string;
  /** The id of a reason shown elsewhere (under a row of buttons), instead of `reason`. */
  reasonId?: string;
  /** Asked (with JS) before the form is sent. */
  confirm?: string;
  kind?: "primary" | "danger" | "plain";
  /** An accessible name when the visible label alone is ambiguous ("Delete" in a list). */
  ariaLabel?: string;
}

/** A one-button form: POST + redirect, works without JS. */
export const PostButton = (p: PostButtonProps) => {
  const reasonId = p.reasonId ?? (p.reason ? `r-${p.action.replace(/[^A-Za-z0-9]/g, "-")}` : undefined);
  return (
    <form method="post" action={p.action} class="inline" data-confirm={p.confirm}>
      <Csrf token={p.csrf} />
      {Object.entries(p.fields ?? {}).map(([k, v]) => <input type="hidden" name={k} value={v} />)}
      <button type="submit" class={`btn btn-${p.kind ?? "plain"}`} disabled={p.disabled} aria-label={p.ariaLabel} aria-describedby={reasonId}>
        {p.label}
      </button>
      {p.reason ? <span class="reason" id={reasonId}>{p.reason}</span> : null}
    </form>
  );
};

/** running / stopped / failed / starting, in words and colour (never colour alone). */
export const StatusBadge = (p: { status: string }) => <span class={`badge badge-${p.status}`} data-field="status">{p.status}</span>;

/** A table that becomes a list of cards on a phone: each cell says what it is via `data-label`. */
export const Table = (p: { caption: string; head: string[]; children?: Child; id?: string; captionHidden?: boolean }) => (
  <div class="table-wrap">
    <table class="cards" id={p.id}>
      <caption class={p.captionHidden ? "visually-hidden" : undefined}>{p.caption}</caption>
      <thead>
        <tr>{p.head.map((h) => <th scope="col">{h}</th>)}</tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  </div>
);

/** Bytes as an administrator reads them: 1.5G, 500M, 12K, 800 B. */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 4) return `${+(n / 1024 ** 4).toFixed(1)}T`;
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)}G`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)}M`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)}K`;
  return `${n} B`;
}

/** A date-time as the server's clock has it, to the second, in UTC (the log's own zone). */
export function formatTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

/** A GET form that narrows a list by one value (a domain, a queue status); "" shows everything. */
export const SelectFilter = (p: { action: string; name: string; label: string; all: string; options: string[]; selected: string; ariaLabel: string }) => (
  <form method="get" action={p.action} class="row panel" aria-label={p.ariaLabel}>
    <div class="field">
      <label for={fieldId(p.name)}>{p.label}</label>
      <select id={fieldId(p.name)} name={p.name}>
        <option value="">{p.all}</option>
        {p.options.map((o) => (
          <option value={o} selected={o === p.selected}>
            {o}
          </option>
        ))}
      </select>
    </div>
    <div class="field">
      <button type="submit" class="btn">
        Show
      </button>
    </div>
  </form>
);
