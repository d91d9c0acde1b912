/** @jsxImportSource hono/jsx */
import type { ServiceInfo } from "../../../../services/types.ts";
import type { Flash } from "../flash.ts";
import { StartFailureHint, failurePort } from "./faq.tsx";
import { Page } from "./layout.tsx";
import { PostButton, StatusBadge, Table } from "./parts.tsx";

/** What each service is for, in the words of the product's service list. */
export const SERVICE_ROLES: Record<string, string> = {
  admin: "This console and the REST API",
  smtp: "Mail from other mail servers",
  submission: "Mail sent by your users' mail programs",
  smtps: "Mail sent by users, TLS from the start",
  pop3: "Mail download (POP3)",
  pop3s: "Mail download, TLS from the start",
  imap: "Mailbox access (IMAP)",
  imaps: "Mailbox access, TLS from the start",
  http: "Webmail and mail-client setup",
  https: "Webmail over TLS",
  ftp: "Network storage (FTP)",
  ftps: "Network storage, TLS from the start",
  ldap: "Address book (LDAP)",
  ldaps: "Address book, TLS from the start",
};

export const TLS_LABELS: Record<string, string> = { none: "none", starttls: "STARTTLS", implicit: "implicit TLS" };

export const ADMIN_STOP_REASON = "The admin service cannot be stopped: it serves this console.";

/** A failed service's cause, the FAQ hint and a link to its log entries. */
export const Failure = (p: { service: ServiceInfo }) =>
  p.service.status === "failed" ? (
    <div class="failure" data-field="failure">
      <p>
        <strong>Did not start:</strong> {p.service.error ?? "unknown cause"}.{" "}
        <a href={`/log?service=${p.service.name}&level=warn`}>See the system log</a>
      </p>
      <StartFailureHint port={failurePort(p.service.error ?? "") ?? p.service.port} />
    </div>
  ) : (
    <div class="failure" data-field="failure" hidden></div>
  );

/** Start, Stop, Restart for one service; `back` is the page to return to. */
export const ServiceActions = (p: { service: ServiceInfo; csrf: string; back: string; setup?: boolean }) => {
  const s = p.service;
  const up = s.status === "running" || s.status === "starting";
  const at = (a: string) => `/services/${s.name}/${a}`;
  const label = (verb: string) => `${verb} ${s.name}`;
  return (
    <div class="actions" data-field="actions">
      <PostButton action={at("start")} label="Start" ariaLabel={label("Start")} csrf={p.csrf} fields={{ back: p.back }} disabled={up} kind="primary" />
      {s.name === "admin" ? (
        <PostButton action={at("stop")} label="Stop" ariaLabel={label("Stop")} csrf={p.csrf} disabled reasonId="admin-stop-reason" />
      ) : (
        <PostButton action={at("stop")} label="Stop" ariaLabel={label("Stop")} csrf={p.csrf} fields={{ back: p.back }} disabled={!up} kind="danger" />
      )}
      <PostButton action={at("restart")} label="Restart" ariaLabel={label("Restart")} csrf={p.csrf} fields={{ back: p.back }} />
      {p.setup ? (
        <a class="btn" href={`/services/${s.name}/setup`} aria-label={`Setup ${s.name}`}>
          Setup
        </a>
      ) : null}
      {s.name === "admin" ? (
        <span class="reason reason-block" id="admin-stop-reason">
          {ADMIN_STOP_REASON}
        </span>
      ) : null}
    </div>
  );
};

/** The services screen: every listening service, its state, and what can be done with it. */
export const ServicesView = (p: { services: ServiceInfo[]; session: { admin: string; csrf: string }; flash?: Flash }) => (
  <Page title="Services" screen="services" session={p.session} flash={p.flash}>
    <p class="muted">
      Each service listens on its own address and port. Status and connections update live while this page is open.{" "}
      <span class="live" data-live="services" aria-live="polite"></span>
    </p>
    <Table caption="Listening services" captionHidden head={["Service", "Status", "Bind IP", "Port", "TLS", "Connections", "Actions"]} id="services">
      {p.services.map((s) => (
        <tr data-service={s.name}>
          <td data-label="Service">
            <a href={`/services/${s.name}/setup`}>
              <strong>{s.name}</strong>
            </a>{" "}
            <span class="muted">({s.protocol})</span>
            <br />
            <span class="muted">{SERVICE_ROLES[s.name]}</span>
          </td>
          <td data-label="Status">
            <StatusBadge status={s.status} />
            <Failure service={s} />
          </td>
          <td data-label="Bind IP" class="mono" data-field="bind">
            {s.bind}
          </td>
          <td data-label="Port" class="num" data-field="port">
            {s.port}
          </td>
          <td data-label="TLS" data-field="tls">
            {TLS_LABELS[s.tls]}
          </td>
          <td data-label="Connections" class="num" data-field="connections">
            {s.connections}
          </td>
          <td data-label="Actions">
            <ServiceActions service={s} csrf={p.session.csrf} back="/services" setup />
          </td>
        </tr>
      ))}
    </Table>
  </Page>
);
