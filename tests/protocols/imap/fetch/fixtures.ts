/** Test messages with hand-checked summaries, shared by the FETCH tests. */
import type { Envelope } from "../../../../src/mime/types.ts";
import { message, NO_ENVELOPE, u8 } from "./build.ts";

/** RFC 3501 section 8's example message, sizes overridden to the RFC's figures. */
export const RFC_HEADER = "Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)\r\n" +
  "From: Terry Gray <gray@cac.washington.edu>\r\n" +
  "Subject: IMAP4rev1 WG mtg summary and minutes\r\n" +
  "To: imap@cac.washington.edu\r\n" +
  "cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n" +
  "Message-Id: <B27397-0100000@cac.washington.edu>\r\n" +
  "MIME-Version: 1.0\r\n" +
  "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\r\n\r\n";
export const RFC_ENVELOPE: Envelope = {
  date: "Wed, 17 Jul 1996 02:23:25 -0700 (PDT)",
  subject: "IMAP4rev1 WG mtg summary and minutes",
  from: [{ name: "Terry Gray", adl: null, mailbox: "gray", host: "cac.washington.edu" }],
  sender: [{ name: "Terry Gray", adl: null, mailbox: "gray", host: "cac.washington.edu" }],
  replyTo: [{ name: "Terry Gray", adl: null, mailbox: "gray", host: "cac.washington.edu" }],
  to: [{ name: null, adl: null, mailbox: "imap", host: "cac.washington.edu" }],
  cc: [{ name: null, adl: null, mailbox: "minutes", host: "CNRI.Reston.VA.US" }, { name: "John Klensin", adl: null, mailbox: "KLENSIN", host: "MIT.EDU" }],
  bcc: null,
  inReplyTo: null,
  messageId: "<B27397-0100000@cac.washington.edu>",
};
export const rfcExample = () =>
  message(
    { header: RFC_HEADER, leaf: "Hello\r\nWorld\r\n", part: { params: [["charset", "US-ASCII"]], size: 3028, lines: 92 } },
    RFC_ENVELOPE,
    { uid: 4827313, flags: ["\\Seen"], internalDate: new Date("1996-07-17T09:44:25Z"), size: 4286, modseq: 12121231000 },
  );

/**
 * multipart/mixed: 1 text/plain (quoted-printable), 2 image/png attachment (base64, with NULs
 * once decoded), 3 message/rfc822 whose body is multipart/alternative (3.1 text, 3.2 html),
 * 4 application/octet-stream in an unknown transfer encoding.
 */
export const INNER_ENVELOPE: Envelope = {
  ...NO_ENVELOPE,
  date: "Mon, 4 Mar 2024 10:00:00 +0100",
  subject: "inner",
  from: [{ name: null, adl: null, mailbox: "bob", host: "example.org" }],
  sender: [{ name: null, adl: null, mailbox: "bob", host: "example.org" }],
  replyTo: [{ name: null, adl: null, mailbox: "bob", host: "example.org" }],
};
export const INNER_HEADER = "From: bob@example.org\r\nSubject: inner\r\nDate: Mon, 4 Mar 2024 10:00:00 +0100\r\n" +
  'Content-Type: multipart/alternative; boundary="alt"\r\n\r\n';
export const MIXED_HEADER = "From: alice@example.com\r\n" +
  "To: bob@example.org,\r\n carol@example.org\r\n" +
  "Subject: mixed\r\n" +
  'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n';
export const QP_BODY = "caf=C3=A9 =\r\nsoft\r\n";
export const PNG_B64 = "AAECAwCJUE5H\r\n"; // 00 01 02 03 00 89 50 4E 47
export const mixed = () =>
  message(
    {
      header: MIXED_HEADER,
      boundary: "b1",
      preamble: "This is a multi-part message.\r\n",
      part: { subtype: "mixed", params: [["boundary", "b1"]] },
      children: [
        {
          header: "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
          leaf: QP_BODY,
          part: { params: [["charset", "utf-8"]], encoding: "QUOTED-PRINTABLE" },
        },
        {
          header: 'Content-Type: image/png; name="a.png"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="a.png"\r\n' +
            "Content-Language: en, de\r\nContent-Location: http://x.test/a.png\r\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\r\nContent-ID: <img1@x>\r\nContent-Description: a \"small\" image\r\n\r\n",
          leaf: PNG_B64,
          part: {
            type: "image",
            subtype: "png",
            params: [["name", "a.png"]],
            encoding: "BASE64",
            disposition: { type: "attachment", params: [["filename", "a.png"]] },
            language: ["en", "de"],
            location: "http://x.test/a.png",
            md5: "Q2hlY2sgSW50ZWdyaXR5IQ==",
            id: "<img1@x>",
            description: 'a "small" image',
          },
        },
        {
          header: "Content-Type: message/rfc822\r\n\r\n",
          message: {
            envelope: INNER_ENVELOPE,
            node: {
              header: INNER_HEADER,
              boundary: "alt",
              part: { subtype: "alternative", params: [["boundary", "alt"]] },
              children: [
                { header: "Content-Type: text/plain\r\n\r\n", leaf: "plain\r\ntext" },
                { header: "Content-Type: text/html; charset=" + u8("x") + "\r\n\r\n", leaf: "<p>html</p>", part: { subtype: "html", params: [["charset", "x"]] } },
              ],
            },
          },
        },
        {
          header: "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n",
          leaf: "begin 644 x\r\nend\r\n",
          part: { type: "application", subtype: "octet-stream", encoding: "X-UUENCODE" },
        },
      ],
    },
    { ...NO_ENVELOPE, subject: "mixed" },
    { uid: 7, modseq: 40 },
  );
