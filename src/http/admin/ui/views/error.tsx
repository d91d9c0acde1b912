/** @jsxImportSource hono/jsx */
import { Page } from "./layout.tsx";

/** A page for a refused or failed request: what happened and a way on. */
export const ErrorView = (p: { title: string; message: string; session?: { admin: string; csrf: string }; back?: string }) => (
  <Page title={p.title} screen="error" session={p.session}>
    <div class="flash flash-error" role="alert">
      <p>{p.message}</p>
    </div>
    <p>
      <a href={p.back ?? "/dashboard"}>Go back</a>
    </p>
  </Page>
);
