/** @jsxImportSource hono/jsx */
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { formatTime, PostButton, SelectFilter, StatusBadge, Table } from "./parts.tsx";

export interface QueueRow {
  id: number;
  sender: string;
  recipients: string[];
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
}

const STATUSES = ["queued", "sending", "deferred", "failed", "sent"];

/** The outbound queue: filter by status, retry now, delete. */
export const QueueView = (p: { entries: QueueRow[]; status: string; error?: string; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const back = p.status ? `/queue?status=${p.status}` : "/queue";
  return (
    <Page title="Queue" screen="queue" session={p.session} flash={p.flash ?? (p.error ? { kind: "error", text: p.error } : undefined)}>
      <SelectFilter action="/queue" name="status" label="Status" all="all" options={STATUSES} selected={p.status} ariaLabel="Show entries with one status" />
      <Table caption={`Outbound messages${p.status ? ` (${p.status})` : ""}, oldest first`} head={["#", "From", "To", "Status", "Attempts", "Next attempt", "Last error", "Actions"]} id="queue">
        {p.entries.map((e) => (
          <tr data-entry={e.id}>
            <td data-label="#" class="num">
              {e.id}
            </td>
            <td data-label="From">{e.sender || <span class="muted">&lt;&gt; (bounce)</span>}</td>
            <td data-label="To">{e.recipients.join(", ")}</td>
            <td data-label="Status">
              <StatusBadge status={e.status} />
            </td>
            <td data-label="Attempts" class="num">
              {e.attempts}
            </td>
            <td data-label="Next attempt">{e.status === "sent" || e.status === "failed" ? <span class="muted">—</span> : formatTime(e.nextAttemptAt)}</td>
            <td data-label="Last error" class="log-msg">
              {e.lastError ?? <span class="muted">—</span>}
            </td>
            <td data-label="Actions">
              <div class="actions">
                <PostButton
                  action={`/queue/${e.id}/retry`}
                  label="Retry now"
                  ariaLabel={`Retry message ${e.id} now`}
                  csrf={p.session.csrf}
                  fields={{ back }}
                  disabled={e.status === "sending" || e.status === "sent"}
                  kind="primary"
                />
                <PostButton
                  action={`/queue/${e.id}/delete`}
                  label="Delete"
                  ariaLabel={`Delete message ${e.id}`}
                  csrf={p.session.csrf}
                  fields={{ back }}
                  disabled={e.status === "sending"}
                  reason={e.status === "sending" ? "Being sent right now." : undefined}
                  kind="danger"
                  confirm={`Delete message ${e.id} to ${e.recipients.join(", ")}? It will not be delivered.`}
                />
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {p.entries.length ? null : <p class="empty">The queue is empty{p.status ? ` (status ${p.status})` : ""}.</p>}
    </Page>
  );
};
