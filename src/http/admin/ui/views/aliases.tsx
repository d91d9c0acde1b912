/** @jsxImportSource hono/jsx */
import type { Issue } from "../../errors.ts";
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { Csrf, ErrorSummary, Field, fieldId, type FormState, issuesFor, PostButton, StatusBadge, Table } from "./parts.tsx";
import { DomainFilter } from "./users.tsx";

export interface AliasRow {
  source: string;
  domain: string;
  destinations: string[];
  enabled: boolean;
}

/** The destinations box: one address per line (commas work too). */
const Destinations = (p: { value: string; issues?: Issue[] }) => {
  const id = fieldId("destinations");
  const mine = issuesFor(p.issues, "destinations");
  return (
    <div class={mine.length ? "field field-invalid" : "field"}>
      <label for={id}>Delivers to</label>
      <p class="hint" id={`${id}-hint`}>
        One address per line (here or elsewhere).
      </p>
      {mine.length ? <p class="field-error" id={`${id}-error`}>{mine.map((i) => i.message).join("; ")}</p> : null}
      <textarea id={id} name="destinations" rows={3} aria-invalid={mine.length ? "true" : undefined} aria-describedby={`${id}-hint${mine.length ? ` ${id}-error` : ""}`}>
        {p.value}
      </textarea>
    </div>
  );
};

/** Aliases: list, filter by domain, add; `@domain` is a catch-all. */
export const AliasesView = (p: { aliases: AliasRow[]; domains: string[]; domain: string; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const add = p.state?.form === "add" ? p.state : undefined;
  return (
    <Page title="Aliases" screen="aliases" session={p.session} flash={p.flash}>
      <form method="post" action="/aliases" class="panel" aria-labelledby="add-alias-h">
        <h2 id="add-alias-h">Add an alias</h2>
        <ErrorSummary error={add?.error} issues={add?.issues} fields={["source", "destinations"]} />
        <Csrf token={p.session.csrf} />
        <Field name="source" label="Alias address" value={add?.values.source ?? ""} issues={add?.issues} required placeholder="postmaster@example.com" hint="Or @example.com to catch every unknown address of the domain." />
        <Destinations value={add?.values.destinations ?? ""} issues={add?.issues} />
        <button type="submit" class="btn btn-primary">
          Add alias
        </button>
      </form>
      <DomainFilter action="/aliases" domains={p.domains} domain={p.domain} what="aliases" />
      <Table caption={p.domain ? `Aliases of ${p.domain}` : "All aliases"} head={["Alias", "Delivers to", "Status", "Actions"]} id="aliases">
        {p.aliases.map((a) => (
          <tr data-alias={a.source}>
            <td data-label="Alias">
              <a href={`/aliases/${encodeURIComponent(a.source)}`}>{a.source}</a>
              {a.source.startsWith("@") ? <span class="muted"> (catch-all)</span> : null}
            </td>
            <td data-label="Delivers to">{a.destinations.join(", ")}</td>
            <td data-label="Status">
              <StatusBadge status={a.enabled ? "enabled" : "disabled"} />
            </td>
            <td data-label="Actions">
              <div class="actions">
                <a class="btn" href={`/aliases/${encodeURIComponent(a.source)}`} aria-label={`Edit ${a.source}`}>
                  Edit
                </a>
                <PostButton action={`/aliases/${encodeURIComponent(a.source)}/${a.enabled ? "disable" : "enable"}`} label={a.enabled ? "Disable" : "Enable"} ariaLabel={`${a.enabled ? "Disable" : "Enable"} ${a.source}`} csrf={p.session.csrf} />
                <PostButton action={`/aliases/${encodeURIComponent(a.source)}/delete`} label="Delete" ariaLabel={`Delete ${a.source}`} csrf={p.session.csrf} kind="danger" confirm={`Delete the alias ${a.source}?`} />
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {p.aliases.length ? null : <p class="empty">No aliases{p.domain ? ` in ${p.domain}` : ""}.</p>}
    </Page>
  );
};

/** One alias: its destinations. */
export const AliasView = (p: { alias: AliasRow; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const a = p.alias;
  const base = `/aliases/${encodeURIComponent(a.source)}`;
  return (
    <Page title={`Alias ${a.source}`} screen="aliases" session={p.session} flash={p.flash}>
      <p>
        <a href={`/aliases?domain=${a.domain}`}>← Aliases of {a.domain}</a>
      </p>
      <form method="post" action={base} class="panel" aria-labelledby="alias-h">
        <h2 id="alias-h">
          {a.source} <StatusBadge status={a.enabled ? "enabled" : "disabled"} />
        </h2>
        <ErrorSummary error={p.state?.error} issues={p.state?.issues} fields={["destinations"]} />
        <Csrf token={p.session.csrf} />
        <Destinations value={p.state?.values.destinations ?? a.destinations.join("\n")} issues={p.state?.issues} />
        <button type="submit" class="btn btn-primary">
          Save
        </button>
      </form>
      <div class="actions">
        <PostButton action={`${base}/${a.enabled ? "disable" : "enable"}`} label={a.enabled ? "Disable" : "Enable"} csrf={p.session.csrf} fields={{ back: base }} />
        <PostButton action={`${base}/delete`} label="Delete alias" csrf={p.session.csrf} kind="danger" confirm={`Delete the alias ${a.source}?`} />
      </div>
    </Page>
  );
};
