import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeSaslResponse, parsePlain } from "../../src/protocols/sasl.ts";

const b64 = (s: string) => btoa(s);

test("sasl: strict base64, '=' is the empty response, anything else not base64 is refused", () => {
  assert.deepEqual(decodeSaslResponse("="), new Uint8Array(0));
  assert.deepEqual(decodeSaslResponse(b64("\0a\0b")), new Uint8Array([0, 97, 0, 98]));
  for (const bad of ["abc", "a=bc", "ab c=", "YW Jj", "====", "YWJj\r"]) assert.equal(decodeSaslResponse(bad), null, bad);
});

test("sasl: PLAIN fields, malformed and non-UTF-8 messages told apart", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assert.deepEqual(parsePlain(enc("\0alice@example.test\0pw ü")), { ok: true, authzid: "", username: "alice@example.test", password: "pw ü" });
  assert.deepEqual(parsePlain(enc("boss\0alice\0pw")), { ok: true, authzid: "boss", username: "alice", password: "pw" });
  assert.deepEqual(parsePlain(enc("alice\0pw")), { ok: false, why: "malformed" });
  assert.deepEqual(parsePlain(enc("\0a\0b\0c")), { ok: false, why: "malformed" });
  assert.deepEqual(parsePlain(new Uint8Array([0, 0xff, 0, 0x61])), { ok: false, why: "not-utf8" });
});
