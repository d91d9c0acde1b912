/** @jsxImportSource hono/jsx */
import type { CertificateInfo } from "../../../../tls/x509.ts";
import type { Issue } from "../../errors.ts";
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { Check, Csrf, ErrorSummary, Field, fieldId, type FormState, issuesFor, PostButton, StatusBadge, Table } from "./parts.tsx";

/** A certificate as the API lists it, with the services that use it. */
export type CertificateRow = CertificateInfo & { usedBy: string[] };

const DAY = 86400_000;

/** valid / expiring (under 30 days) / expired, with the days left. */
export function expiry(notAfter: string, now: number): { state: "valid" | "expiring" | "expired"; days: number } {
  const days = Math.floor((Date.parse(notAfter) - now) / DAY);
  return { state: days < 0 ? "expired" : days < 30 ? "expiring" : "valid", days };
}

const Pem = (p: { name: string; file: string; label: string; hint: string; issues?: Issue[]; value?: string }) => {
  const id = fieldId(`upload-${p.name}`);
  const mine = issuesFor(p.issues, p.name);
  return (
    <div class={mine.length ? "field field-invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <p class="hint" id={`${id}-hint`}>
        {p.hint}
      </p>
      {mine.length ? <p class="field-error" id={`${id}-error`}>{mine.map((i) => i.message).join("; ")}</p> : null}
      <textarea id={id} name={p.name} rows={5} spellcheck={false} aria-invalid={mine.length ? "true" : undefined} aria-describedby={`${id}-hint${mine.length ? ` ${id}-error` : ""}`}>
        {p.value ?? ""}
      </textarea>
      <label for={fieldId(p.file)} class="hint">
        … or choose a file
      </label>
      <input type="file" id={fieldId(p.file)} name={p.file} accept=".pem,.crt,.cer,.key,text/plain" />
    </div>
  );
};

/** The certificate store: list with expiry, upload PEM, regenerate self-signed, remove. */
export const CertificatesView = (p: { certificates: CertificateRow[]; now: number; state?: FormState; session: { admin: string; csrf: string }; flash?: Flash }) => {
  const up = p.state?.form === "upload" ? p.state : undefined;
  const make = p.state?.form === "self-signed" ? p.state : undefined;
  return (
    <Page title="Certificates" screen="certificates" session={p.session} flash={p.flash}>
      <Table caption="Certificates in the store" head={["Name", "Valid for", "Expires", "Issuer", "Used by", "Actions"]} id="certificates">
        {p.certificates.map((c) => {
          const e = expiry(c.notAfter, p.now);
          return (
            <tr data-certificate={c.name}>
              <td data-label="Name">
                <strong>{c.name}</strong>
                <br />
                <span class="muted mono" title="SHA-256 fingerprint">
                  {c.fingerprint.slice(0, 23)}…
                </span>
              </td>
              <td data-label="Valid for">{c.sans.join(", ") || c.subject}</td>
              <td data-label="Expires">
                {c.notAfter.slice(0, 10)} <StatusBadge status={e.state} />
                <br />
                <span class="muted">{e.days < 0 ? `${-e.days} days ago` : `in ${e.days} days`}</span>
              </td>
              <td data-label="Issuer">
                {c.selfSigned ? "self-signed" : c.issuer}
                {c.chainLength ? <span class="muted"> (+{c.chainLength} in chain)</span> : null}
              </td>
              <td data-label="Used by">{c.usedBy.length ? c.usedBy.map((s, i) => <>{i ? ", " : ""}<a href={`/services/${s}/setup/tls`}>{s}</a></>) : <span class="muted">no service</span>}</td>
              <td data-label="Actions">
                <div class="actions">
                  <form method="post" action={`/certificates/${encodeURIComponent(c.name)}/self-signed`} class="inline" data-confirm={`Replace ${c.name} with a new self-signed certificate?`}>
                    <Csrf token={p.session.csrf} />
                    <input type="hidden" name="hostnames" value={c.sans.join(" ")} />
                    <button type="submit" class="btn" aria-label={`Regenerate ${c.name} as self-signed`} disabled={c.sans.length === 0}>
                      Regenerate self-signed
                    </button>
                  </form>
                  <PostButton
                    action={`/certificates/${encodeURIComponent(c.name)}/delete`}
                    label="Delete"
                    ariaLabel={`Delete ${c.name}`}
                    csrf={p.session.csrf}
                    kind="danger"
                    disabled={c.usedBy.length > 0}
                    reason={c.usedBy.length ? "In use: point those services at another certificate first." : undefined}
                    confirm={`Delete the certificate ${c.name}?`}
                  />
                </div>
              </td>
            </tr>
          );
        })}
      </Table>
      <form method="post" action="/certificates" enctype="multipart/form-data" class="panel" aria-labelledby="upload-h">
        <h2 id="upload-h">Upload a certificate</h2>
        <ErrorSummary error={up?.error} issues={up?.issues} fields={["name", "cert", "key"]} form="upload" />
        <Csrf token={p.session.csrf} />
        <Field name="name" form="upload" label="Name" value={up?.values.name ?? ""} issues={up?.issues} required hint="Letters, digits, '.', '_' or '-'; services pick certificates by this name." />
        <Pem name="cert" file="certFile" label="Certificate (PEM)" hint="-----BEGIN CERTIFICATE----- …, the intermediate certificates after it." issues={up?.issues} value={up?.values.cert} />
        <Pem name="key" file="keyFile" label="Private key (PEM)" hint="-----BEGIN PRIVATE KEY----- (not encrypted). It is stored, never shown again." issues={up?.issues} />
        <Check name="replace" label="Replace a certificate of the same name" checked={up?.values.replace === "yes"} />
        <button type="submit" class="btn btn-primary">
          Upload
        </button>
      </form>
      <form method="post" action="/certificates/self-signed" class="panel" aria-labelledby="make-h">
        <h2 id="make-h">Create a self-signed certificate</h2>
        <p class="muted">Mail clients warn about self-signed certificates; use one until you have a certificate from a certificate authority.</p>
        <ErrorSummary error={make?.error} issues={make?.issues} fields={["name", "hostnames", "days"]} form="make" />
        <Csrf token={p.session.csrf} />
        <div class="row">
          <Field name="name" form="make" label="Name" value={make?.values.name ?? ""} issues={make?.issues} required />
          <Field name="hostnames" form="make" label="Host names" value={make?.values.hostnames ?? ""} issues={make?.issues} required placeholder="mail.example.com" hint="Separated by spaces or commas." />
          <Field name="days" form="make" label="Valid for (days)" type="number" min={1} max={3650} value={make?.values.days ?? "825"} issues={make?.issues} />
        </div>
        <button type="submit" class="btn btn-primary">
          Create
        </button>
      </form>
    </Page>
  );
};
