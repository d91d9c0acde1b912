import type { FormBody } from "./env.ts";

/** A text field ("" when absent; the first value when repeated; a file's name is not text). */
export function text(form: FormBody, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === "string" ? first : "";
}

/** Every text value of a repeated field. */
export function texts(form: FormBody, name: string): string[] {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
}

/** A checkbox: present means checked. */
export function checked(form: FormBody, name: string): boolean {
  return form[name] !== undefined;
}

/**
 * A number field for the API: whole numbers become numbers; anything else is passed on as typed,
 * so the API's own message ("expected an integer 1-65535, got \"abc\"") reaches the form.
 */
export function intField(form: FormBody, name: string): number | string {
  const s = text(form, name).trim();
  return /^-?\d{1,16}$/.test(s) ? Number(s) : s;
}

/** An uploaded file's text, when one was chosen. */
export async function fileText(form: FormBody, name: string): Promise<string | undefined> {
  const v = form[name];
  const f = Array.isArray(v) ? v[0] : v;
  if (typeof f !== "object" || f === null || f.size === 0) return undefined;
  return await f.text();
}

/** Addresses typed into one field, separated by spaces, commas, semicolons or new lines. */
export function splitList(s: string): string[] {
  return s.split(/[\s,;]+/).map((x) => x.trim()).filter(Boolean);
}

/** A same-site path to go back to after a change; anything else becomes `fallback`. */
export function localPath(p: string | undefined, fallback: string): string {
  // "//host" and "/\host" are other sites to a browser.
  return p && /^\/(?![/\\])[\x21-\x7e]*$/.test(p) ? p : fallback;
}
