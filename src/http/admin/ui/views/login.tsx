/** @jsxImportSource hono/jsx */
import { Page } from "./layout.tsx";
import type { Flash } from "../flash.ts";
import { ErrorSummary, Field } from "./parts.tsx";

export interface LoginViewProps {
  nonce: string;
  name?: string;
  next?: string;
  error?: string;
  flash?: Flash;
}

/** The login form: administrator name and password (a password manager fills both). */
export const LoginView = (p: LoginViewProps) => (
  <Page title="Log in" screen="login" flash={p.flash}>
    <form method="post" action="/login" class="panel narrow" aria-describedby={p.error ? "error-summary" : undefined}>
      <ErrorSummary error={p.error} />
      <input type="hidden" name="_csrf" value={p.nonce} />
      {p.next ? <input type="hidden" name="next" value={p.next} /> : null}
      <Field name="name" label="Administrator name" value={p.name ?? ""} required autocomplete="username" />
      <Field name="password" label="Password" type="password" required autocomplete="current-password" />
      <button type="submit" class="btn btn-primary">
        Log in
      </button>
    </form>
  </Page>
);
