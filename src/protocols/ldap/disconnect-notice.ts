/**
 * LDAP Notice of Disconnection (RFC 4511 4.4.1): an unsolicited ExtendedResponse with messageID 0,
 * the only way LDAP has to tell a client why the server is closing the connection.
 */

const NOTICE_OID = "1.3.6.1.4.1.1466.20036";
export const LDAP_UNAVAILABLE = 52;
export const LDAP_BUSY = 51;
export const LDAP_PROTOCOL_ERROR = 2;

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const len = body.length;
  const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : [tag, 0x82, len >> 8, len & 0xff];
  const out = new Uint8Array(head.length + len);
  out.set(head);
  out.set(body, head.length);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function disconnectNotice(resultCode: number, message: string): Uint8Array {
  const text = new TextEncoder().encode(message.slice(0, 1000));
  const body = concat(
    tlv(0x0a, new Uint8Array([resultCode])), // resultCode ENUMERATED
    tlv(0x04, new Uint8Array()), // matchedDN
    tlv(0x04, text), // diagnosticMessage
    tlv(0x8a, new TextEncoder().encode(NOTICE_OID)), // responseName [10]
  );
  return tlv(0x30, concat(tlv(0x02, new Uint8Array([0])), tlv(0x78, body)));
}
