/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import type { ServiceSettings } from "../../../../config/service.ts";
import type { ServiceInfo } from "../../../../services/types.ts";
import type { Issue } from "../../errors.ts";
import type { Flash } from "../flash.ts";
import { Page } from "./layout.tsx";
import { Check, Csrf, ErrorSummary, Field, fieldId, type FormState, PostButton, StatusBadge } from "./parts.tsx";

export type { FormState } from "./parts.tsx";
import { Failure, SERVICE_ROLES, ServiceActions, TLS_LABELS } from "./services.tsx";

export const SETUP_TABS = [
  { id: "basic", label: "Basic parameters" },
  { id: "access", label: "Access control" },
  { id: "limits", label: "Connection limits" },
  { id: "tls", label: "TLS" },
] as const;
export type SetupTab = (typeof SETUP_TABS)[number]["id"];

/** A certificate as the TLS tab's picker shows it. */
export interface CertificateChoice {
  name: string;
  notAfter: string;
  sans: string[];
}


export interface SetupProps {
  service: ServiceInfo;
  settings: ServiceSettings;
  tab: SetupTab;
  session: { admin: string; csrf: string };
  flash?: Flash;
  certificates?: CertificateChoice[];
  state?: FormState;
  /** Set when an smtp port change waits for the administrator's confirmation. */
  confirmSmtpPort?: { from: number; to: number };
  /** Set when an admin access change would lock the administrator out (the API said 409). */
  lockout?: boolean;
}

const SMTP_PORT_WARNING = "Other mail servers deliver to port 25 only. If smtp listens elsewhere, mail from the internet stops arriving (unless a firewall forwards port 25 here).";

/** The Setup view of one service: the four tabs the product's service setup has. */
export const SetupView = (p: SetupProps) => {
  const s = p.service;
  const base = `/services/${s.name}/setup`;
  const title = `Setup: ${s.name}`;
  return (
    <Page title={title} screen="services" session={p.session} flash={p.flash}>
      <p>
        <a href="/services">← All services</a>
      </p>
      <section class="panel" aria-labelledby="svc-state" data-service={s.name}>
        <h2 id="svc-state">
          {s.name} <span class="muted">({s.protocol})</span> <StatusBadge status={s.status} />
        </h2>
        <p class="muted">
          {SERVICE_ROLES[s.name]}. Listening on <span class="mono">{s.bind}</span> port {s.port}, TLS {TLS_LABELS[s.tls]},{" "}
          <span data-field="connections">{s.connections}</span> live connection{s.connections === 1 ? "" : "s"}.
        </p>
        <Failure service={s} />
        <ServiceActions service={s} csrf={p.session.csrf} back={p.tab === "basic" ? base : `${base}/${p.tab}`} />
      </section>
      <nav aria-label="Setup sections">
        <ul class="tabs">
          {SETUP_TABS.map((t) => (
            <li>
              <a href={t.id === "basic" ? base : `${base}/${t.id}`} aria-current={t.id === p.tab ? "page" : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.tab === "basic" ? <BasicTab {...p} /> : p.tab === "access" ? <AccessTab {...p} /> : p.tab === "limits" ? <LimitsTab {...p} /> : <TlsTab {...p} />}
    </Page>
  );
};

/** Values to show in a form: what was typed when it came back with errors, else the settings. */
function valuesFor(p: SetupProps, form: string, current: Record<string, string>): { v: Record<string, string>; error?: string; issues?: Issue[] } {
  if (p.state?.form !== form) return { v: current };
  return { v: { ...current, ...p.state.values }, error: p.state.error, issues: p.state.issues };
}

const FormShell = (p: { action: string; csrf: string; label: string; error?: string; issues?: Issue[]; fields?: string[]; children?: Child; submit: string }) => (
  <form method="post" action={p.action} class="panel" aria-label={p.label}>
    <ErrorSummary error={p.error} issues={p.issues} fields={p.fields} />
    <Csrf token={p.csrf} />
    {p.children}
    <button type="submit" class="btn btn-primary">
      {p.submit}
    </button>
  </form>
);

const BasicTab = (p: SetupProps) => {
  const st = p.settings;
  const { v, error, issues } = valuesFor(p, "basic", {
    bind: st.bind,
    port: String(st.port),
    maxClients: String(st.maxClients),
    timeout: String(st.timeout),
    autostart: st.autostart ? "yes" : "",
    restart: "",
  });
  const action = `/services/${p.service.name}/setup/basic`;
  return (
    <>
      {p.confirmSmtpPort ? (
        <form method="post" action={action} class="panel warning" role="alert" aria-labelledby="smtp-port-confirm">
          <h2 id="smtp-port-confirm">Move smtp from port {p.confirmSmtpPort.from} to {p.confirmSmtpPort.to}?</h2>
          <p>{SMTP_PORT_WARNING}</p>
          <Csrf token={p.session.csrf} />
          {Object.entries(v).map(([k, val]) => (val === "" && (k === "autostart" || k === "restart") ? null : <input type="hidden" name={k} value={val} />))}
          <input type="hidden" name="confirmSmtpPort" value="yes" />
          <button type="submit" class="btn btn-danger">
            Move smtp to port {p.confirmSmtpPort.to}
          </button>{" "}
          <a class="btn" href={`/services/${p.service.name}/setup`}>
            Keep port {p.confirmSmtpPort.from}
          </a>
        </form>
      ) : null}
      <FormShell action={action} csrf={p.session.csrf} label="Basic parameters" error={error} issues={issues} fields={["bind", "port", "maxClients", "timeout"]} submit="Save">
        <Field name="bind" label="Bind IP address" value={v.bind} issues={issues} hint="The address this service listens on; 0.0.0.0 means every IPv4 address of this host, :: every IPv6 (and IPv4 where the host allows)." />
        <Field
          name="port"
          label="Port"
          type="number"
          min={1}
          max={65535}
          value={v.port}
          issues={issues}
          hint={p.service.name === "smtp" ? <span class="warning">Do not change the SMTP port. {SMTP_PORT_WARNING}</span> : "The TCP port the service listens on."}
        />
        <Field name="maxClients" label="Max clients" type="number" min={1} value={v.maxClients} issues={issues} hint="Most connections served at the same time, from all addresses together." />
        <Field name="timeout" label="Time out (seconds)" type="number" min={1} value={v.timeout} issues={issues} hint="A connection idle this long is closed." />
        <Check name="autostart" label="Start this service automatically when the server starts" checked={v.autostart !== ""} />
        <Check
          name="restart"
          label="Restart the service after setup"
          checked={v.restart !== ""}
          hint="Bind address and port take effect when the service restarts; tick this to do it now."
        />
      </FormShell>
    </>
  );
};

const IpList = (p: { name: string; ips: string[]; csrf: string; action: string; empty: string; what: string }) => (
  <>
    {p.ips.length ? (
      <ul class="iplist" aria-label={p.what} id={`${p.name}-list`}>
        {p.ips.map((ip) => (
          <li>
            <span class="mono">{ip}</span>
            <PostButton action={p.action} label="Delete" ariaLabel={`Delete ${ip} from the ${p.what}`} csrf={p.csrf} fields={{ ips: ip }} kind="danger" />
          </li>
        ))}
      </ul>
    ) : (
      <p class="empty" id={`${p.name}-list`}>
        {p.empty}
      </p>
    )}
  </>
);

const AddIps = (p: { action: string; csrf: string; label: string; what: string; state?: { v: Record<string, string>; error?: string; issues?: Issue[] } }) => (
  <form method="post" action={p.action} class="row" aria-label={`Add to the ${p.what}`}>
    <ErrorSummary error={p.state?.error} issues={p.state?.issues} fields={["ips"]} />
    <Csrf token={p.csrf} />
    <Field name="ips" label={p.label} value={p.state?.v.ips ?? ""} issues={p.state?.issues} placeholder="192.0.2.10 or 10.0.0.0/8" hint="An IPv4 or IPv6 address, or a CIDR range; several separated by spaces or commas." />
    <button type="submit" class="btn btn-primary">
      Add
    </button>
  </form>
);

const MODES = [
  { id: "uncontrolled", label: "Access uncontrolled", hint: "Any address may connect (the list is kept but not used)." },
  { id: "deny", label: "Deny the listed addresses", hint: "Addresses in the list are refused; all others may connect." },
  { id: "allow", label: "Allow only the listed addresses", hint: "Only addresses in the list may connect; all others are refused." },
] as const;

const AccessTab = (p: SetupProps) => {
  const a = p.settings.access;
  const base = `/services/${p.service.name}/setup/access`;
  const mode = valuesFor(p, "access-mode", { mode: a.mode });
  const add = valuesFor(p, "access-add", { ips: "" });
  const del = p.state?.form === "access-delete" ? p.state : undefined;
  return (
    <>
      <form method="post" action={base} class="panel" aria-label="Access control mode">
        <ErrorSummary error={mode.error} issues={mode.issues} fields={["mode"]} />
        <Csrf token={p.session.csrf} />
        <fieldset>
          <legend>Who may connect (exactly one applies)</legend>
          {MODES.map((m) => (
            <div class="radio">
              <input type="radio" id={fieldId(`mode-${m.id}`)} name="mode" value={m.id} checked={mode.v.mode === m.id} aria-describedby={`${fieldId(`mode-${m.id}`)}-hint`} />
              <label for={fieldId(`mode-${m.id}`)}>{m.label}</label>
              <span class="hint" id={`${fieldId(`mode-${m.id}`)}-hint`}>
                {m.hint}
              </span>
            </div>
          ))}
        </fieldset>
        {a.mode === "allow" && a.ips.length === 0 ? <p class="warning">The list is empty: in this mode nobody can connect.</p> : null}
        {p.lockout ? (
          <Check name="force" label="Apply it anyway: I understand this refuses my own address on the admin service" hint="Only the wrenmail command on the server itself can undo it then." />
        ) : null}
        <button type="submit" class="btn btn-primary">
          Save mode
        </button>
      </form>
      <section class="panel" aria-labelledby="access-list-h">
        <h2 id="access-list-h">Address list</h2>
        <p class="muted">Current mode: {MODES.find((m) => m.id === a.mode)?.label}.</p>
        {del ? <ErrorSummary error={del.error} issues={del.issues} /> : null}
        <IpList name="access" ips={a.ips} csrf={p.session.csrf} action={`${base}/delete`} empty="No addresses listed." what="access list" />
        <AddIps action={`${base}/add`} csrf={p.session.csrf} label="Address to add" what="access list" state={add} />
      </section>
    </>
  );
};

const LimitsTab = (p: SetupProps) => {
  const l = p.settings.limits;
  const base = `/services/${p.service.name}/setup/limits`;
  const { v, error, issues } = valuesFor(p, "limits", { "limits.maxConcurrent": String(l.maxConcurrent), "limits.perIpPerMinute": String(l.perIpPerMinute) });
  const add = valuesFor(p, "unlimited-add", { ips: "" });
  const del = p.state?.form === "unlimited-delete" ? p.state : undefined;
  return (
    <>
      <FormShell action={base} csrf={p.session.csrf} label="Connection limits" error={error} issues={issues} fields={["limits.maxConcurrent", "limits.perIpPerMinute"]} submit="Save limits">
        <Field name="limits.maxConcurrent" label="Max. concurrent connections" type="number" min={0} value={v["limits.maxConcurrent"]} issues={issues} hint="Connections open at once through this port; 0 means no limit." />
        <Field name="limits.perIpPerMinute" label="Max. connections per minute per IP" type="number" min={0} value={v["limits.perIpPerMinute"]} issues={issues} hint="New connections one address may open in a minute; 0 means no limit." />
      </FormShell>
      <section class="panel" aria-labelledby="unlimited-h">
        <h2 id="unlimited-h">Unlimited access for these addresses</h2>
        <p class="muted">Listed addresses are exempt from both limits above (but not from max clients).</p>
        {del ? <ErrorSummary error={del.error} issues={del.issues} /> : null}
        <IpList name="unlimited" ips={l.unlimited} csrf={p.session.csrf} action={`${base}/delete`} empty="No addresses listed." what="unlimited list" />
        <AddIps action={`${base}/add`} csrf={p.session.csrf} label="Address to exempt" what="unlimited list" state={add} />
      </section>
    </>
  );
};

const TLS_MODES = [
  { id: "none", label: "None", hint: "Plain text only." },
  { id: "starttls", label: "STARTTLS", hint: "Plain connection that clients upgrade to TLS (explicit TLS)." },
  { id: "implicit", label: "Implicit TLS", hint: "TLS from the first byte, on a port of its own." },
] as const;

const TlsTab = (p: SetupProps) => {
  const st = p.settings;
  const { v, error, issues } = valuesFor(p, "tls", { tls: st.tls, certificate: st.certificate, restart: "" });
  const certs = p.certificates ?? [];
  const known = certs.some((c) => c.name === v.certificate);
  return (
    <FormShell action={`/services/${p.service.name}/setup/tls`} csrf={p.session.csrf} label="TLS" error={error} issues={issues} fields={["tls", "certificate"]} submit="Save">
      <fieldset>
        <legend>TLS mode</legend>
        {TLS_MODES.map((m) => (
          <div class="radio">
            <input type="radio" id={fieldId(`tls-${m.id}`)} name="tls" value={m.id} checked={v.tls === m.id} />
            <label for={fieldId(`tls-${m.id}`)}>{m.label}</label>
            <span class="hint">{m.hint}</span>
          </div>
        ))}
      </fieldset>
      <div class="field">
        <label for={fieldId("certificate")}>Certificate</label>
        <p class="hint" id={`${fieldId("certificate")}-hint`}>
          From the <a href="/certificates">certificate store</a>.
        </p>
        <select id={fieldId("certificate")} name="certificate" aria-describedby={`${fieldId("certificate")}-hint`}>
          {known ? null : <option value={v.certificate}>{v.certificate} (not in the store)</option>}
          {certs.map((c) => (
            <option value={c.name} selected={c.name === v.certificate}>
              {c.name} — {c.sans.join(", ") || "no names"}, expires {c.notAfter.slice(0, 10)}
            </option>
          ))}
        </select>
      </div>
      <Check name="restart" label="Restart the service after setup" checked={v.restart !== ""} hint="A new TLS mode or certificate takes effect when the service restarts." />
    </FormShell>
  );
};
