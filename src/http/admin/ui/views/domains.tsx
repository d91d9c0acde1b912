/** @jsxImportSource hono/jsx */
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { Check, Csrf, ErrorSummary, Field, fieldId, type FormState, PostButton, StatusBadge, Table } from "./parts.tsx";

export interface DomainRow {
  name: string;
  catchAll: string | null;
  enabled: boolean;
  accounts: number;
  aliases: number;
}

/** Mail domains: add, enable or disable, set the catch-all, remove. */
export const DomainsView = (p: { domains: DomainRow[]; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const add = p.state?.form === "add" ? p.state : undefined;
  return (
    <Page title="Domains" screen="domains" session={p.session} flash={p.flash}>
      <form method="post" action="/domains" class="panel" aria-labelledby="add-domain-h">
        <h2 id="add-domain-h">Add a domain</h2>
        <ErrorSummary error={add?.error} issues={add?.issues} fields={["name", "catchAll"]} />
        <Csrf token={p.session.csrf} />
        <div class="row">
          <Field name="name" label="Domain name" value={add?.values.name ?? ""} issues={add?.issues} required placeholder="example.com" />
          <Field name="catchAll" label="Catch-all address (optional)" value={add?.values.catchAll ?? ""} issues={add?.issues} hint="Mail to unknown addresses of the domain goes here; empty refuses it." />
          <div class="field">
            <button type="submit" class="btn btn-primary">
              Add domain
            </button>
          </div>
        </div>
      </form>
      <Table caption="Domains this server receives mail for" head={["Domain", "Status", "Catch-all", "Accounts", "Aliases", "Actions"]} id="domains">
        {p.domains.map((d) => (
          <tr data-domain={d.name}>
            <td data-label="Domain">
              <strong>{d.name}</strong>
            </td>
            <td data-label="Status">
              <StatusBadge status={d.enabled ? "enabled" : "disabled"} />
            </td>
            <td data-label="Catch-all">
              <form method="post" action={`/domains/${d.name}/catch-all`} class="inline">
                <Csrf token={p.session.csrf} />
                <label class="visually-hidden" for={fieldId(`catch-${d.name}`)}>
                  Catch-all address of {d.name}
                </label>
                <input id={fieldId(`catch-${d.name}`)} name="catchAll" type="text" value={d.catchAll ?? ""} placeholder="none" size={22} />
                <button type="submit" class="btn" aria-label={`Save the catch-all of ${d.name}`}>
                  Save
                </button>
              </form>
            </td>
            <td data-label="Accounts" class="num">
              <a href={`/users?domain=${d.name}`}>{d.accounts}</a>
            </td>
            <td data-label="Aliases" class="num">
              <a href={`/aliases?domain=${d.name}`}>{d.aliases}</a>
            </td>
            <td data-label="Actions">
              <div class="actions">
                <PostButton
                  action={`/domains/${d.name}/${d.enabled ? "disable" : "enable"}`}
                  label={d.enabled ? "Disable" : "Enable"}
                  ariaLabel={`${d.enabled ? "Disable" : "Enable"} ${d.name}`}
                  csrf={p.session.csrf}
                  confirm={d.enabled ? `Disable ${d.name}? Its users can no longer log in and its mail is refused.` : undefined}
                />
                <form method="post" action={`/domains/${d.name}/delete`} class="inline" data-confirm={`Remove ${d.name}${d.accounts ? ` with its ${d.accounts} account(s) and all their mail` : ""}?`}>
                  <Csrf token={p.session.csrf} />
                  {d.accounts ? <Check name="force" label={`also remove its ${d.accounts} account${d.accounts === 1 ? "" : "s"} and their mail`} /> : null}
                  <button type="submit" class="btn btn-danger" aria-label={`Remove ${d.name}`}>
                    Remove
                  </button>
                </form>
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {p.domains.length ? null : <p class="empty">No domains yet: add the domain your addresses end in.</p>}
    </Page>
  );
};
