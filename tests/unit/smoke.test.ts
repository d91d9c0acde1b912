import { test } from "node:test";
import assert from "node:assert/strict";
import { detectRuntime } from "../../runtime/mod.ts";

test("detectRuntime names the runtime running the tests", () => {
  const g = globalThis as Record<string, unknown>;
  const expected = g.Bun ? "bun" : g.Deno ? "deno" : "node";
  assert.equal(detectRuntime(), expected);
});
