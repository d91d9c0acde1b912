/** @jsxImportSource hono/jsx */
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { Csrf, ErrorSummary, Field, formatBytes, type FormState, PostButton, SelectFilter, StatusBadge, Table } from "./parts.tsx";

export interface UserRow {
  address: string;
  domain: string;
  displayName: string;
  quota: number;
  usedBytes: number;
  enabled: boolean;
}

const QUOTA_HINT = "Like 500M or 2G (K, M, G are powers of 1024); empty or 0 means unlimited.";

/** Used of quota, as words and a meter. */
export const Usage = (p: { u: UserRow }) => (
  <>
    {formatBytes(p.u.usedBytes)} of {p.u.quota ? formatBytes(p.u.quota) : "unlimited"}
    {p.u.quota ? (
      <meter class="meter" min={0} max={p.u.quota} value={Math.min(p.u.usedBytes, p.u.quota)} high={p.u.quota * 0.9} aria-label={`${p.u.address} uses ${Math.round((100 * p.u.usedBytes) / p.u.quota)}% of the quota`}>
        {Math.round((100 * p.u.usedBytes) / p.u.quota)}%
      </meter>
    ) : null}
  </>
);

/** Narrows the users or aliases list to one domain. */
export const DomainFilter = (p: { action: string; domains: string[]; domain: string; what: string }) => (
  <SelectFilter action={p.action} name="domain" label="Domain" all="all domains" options={p.domains} selected={p.domain} ariaLabel={`Show the ${p.what} of one domain`} />
);

/** Users (mail accounts): list, filter by domain, add. */
export const UsersView = (p: { users: UserRow[]; domains: string[]; domain: string; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const add = p.state?.form === "add" ? p.state : undefined;
  return (
    <Page title="Users" screen="users" session={p.session} flash={p.flash}>
      <form method="post" action="/users" class="panel" aria-labelledby="add-user-h">
        <h2 id="add-user-h">Add a user</h2>
        {p.domains.length ? null : (
          <p class="warning">
            There is no domain yet: <a href="/domains">add one</a> first.
          </p>
        )}
        <ErrorSummary error={add?.error} issues={add?.issues} fields={["address", "password", "quota", "displayName"]} />
        <Csrf token={p.session.csrf} />
        <div class="row">
          <Field name="address" label="Address" value={add?.values.address ?? (p.domain ? `@${p.domain}` : "")} issues={add?.issues} required autocomplete="off" placeholder="alice@example.com" />
          <Field name="displayName" label="Display name (optional)" value={add?.values.displayName ?? ""} issues={add?.issues} autocomplete="off" />
        </div>
        <div class="row">
          <Field name="password" label="Password" type="password" issues={add?.issues} required autocomplete="new-password" hint="At least 8 characters." />
          <Field name="quota" label="Quota" value={add?.values.quota ?? ""} issues={add?.issues} hint={QUOTA_HINT} size={10} />
        </div>
        <button type="submit" class="btn btn-primary">
          Add user
        </button>
      </form>
      <DomainFilter action="/users" domains={p.domains} domain={p.domain} what="users" />
      <Table caption={p.domain ? `Users of ${p.domain}` : "All users"} head={["Address", "Name", "Mailbox size", "Status", "Actions"]} id="users">
        {p.users.map((u) => (
          <tr data-user={u.address}>
            <td data-label="Address">
              <a href={`/users/${encodeURIComponent(u.address)}`}>{u.address}</a>
            </td>
            <td data-label="Name">{u.displayName || <span class="muted">—</span>}</td>
            <td data-label="Mailbox size">
              <Usage u={u} />
            </td>
            <td data-label="Status">
              <StatusBadge status={u.enabled ? "enabled" : "disabled"} />
            </td>
            <td data-label="Actions">
              <a class="btn" href={`/users/${encodeURIComponent(u.address)}`} aria-label={`Edit ${u.address}`}>
                Edit
              </a>
            </td>
          </tr>
        ))}
      </Table>
      {p.users.length ? null : <p class="empty">No users{p.domain ? ` in ${p.domain}` : ""} yet.</p>}
    </Page>
  );
};

/** One user: details, quota, password reset, enable/disable, remove. */
export const UserView = (p: { user: UserRow; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const u = p.user;
  const base = `/users/${encodeURIComponent(u.address)}`;
  const details = p.state?.form === "details" ? p.state : undefined;
  const password = p.state?.form === "password" ? p.state : undefined;
  const quotaText = details?.values.quota ?? (u.quota ? formatBytes(u.quota).replace(" B", "") : "0");
  return (
    <Page title={`User ${u.address}`} screen="users" session={p.session} flash={p.flash}>
      <p>
        <a href={`/users?domain=${u.domain}`}>← Users of {u.domain}</a>
      </p>
      <section class="panel" aria-labelledby="user-state-h">
        <h2 id="user-state-h">
          {u.address} <StatusBadge status={u.enabled ? "enabled" : "disabled"} />
        </h2>
        <p>
          Mailbox: <Usage u={u} />
        </p>
        <div class="actions">
          <PostButton action={`${base}/${u.enabled ? "disable" : "enable"}`} label={u.enabled ? "Disable" : "Enable"} csrf={p.session.csrf} kind={u.enabled ? "plain" : "primary"} />
          <PostButton action={`${base}/delete`} label="Remove user" csrf={p.session.csrf} kind="danger" confirm={`Remove ${u.address} with all its mail? This cannot be undone.`} />
        </div>
      </section>
      <form method="post" action={`${base}/details`} class="panel" aria-labelledby="details-h">
        <h2 id="details-h">Details and quota</h2>
        <ErrorSummary error={details?.error} issues={details?.issues} fields={["displayName", "quota"]} />
        <Csrf token={p.session.csrf} />
        <Field name="displayName" label="Display name" value={details?.values.displayName ?? u.displayName} issues={details?.issues} />
        <Field name="quota" label="Quota" value={quotaText} issues={details?.issues} hint={QUOTA_HINT} size={10} />
        <button type="submit" class="btn btn-primary">
          Save
        </button>
      </form>
      <form method="post" action={`${base}/password`} class="panel" aria-labelledby="password-h">
        <h2 id="password-h">Reset the password</h2>
        <ErrorSummary error={password?.error} issues={password?.issues} fields={["password"]} />
        <Csrf token={p.session.csrf} />
        <Field name="password" label="New password" type="password" issues={password?.issues} required autocomplete="new-password" hint="At least 8 characters. Tell the user through a channel other than this mailbox." />
        <button type="submit" class="btn btn-primary">
          Set password
        </button>
      </form>
    </Page>
  );
};
