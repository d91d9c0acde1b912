/**
 * Messages for SEARCH against references (Dovecot) and real clients: encoded words, charsets,
 * transfer encodings, attachments, an attached message, Date headers in other zones and none,
 * internal dates around midnight UTC, flags.
 */
import type { MaildirMessage } from "../fetch/dovecot.ts";

const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
const utf8 = (s: string) => new TextEncoder().encode(crlf(s));

export const MESSAGES: MaildirMessage[] = [
  {
    bytes: utf8(`From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
To: Alice <alice@example.com>, bob@example.org
Cc: carol@example.net
Subject: =?iso-8859-1?q?Gr=FC=DFe?= aus Berlin
Date: Tue, 5 Mar 2024 23:30:00 -0800
X-Mailer: Wren 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Sch=F6ne Gr=FC=DFe
zweite Zeile
`),
    internalDate: new Date("2024-03-05T23:59:59Z"),
    flags: ["\\Seen", "\\Answered"],
  },
  {
    bytes: utf8(`From: bob@example.org
To: juergen@example.de
Subject: Re: Meeting notes
Date: Wed, 6 Mar 2024 00:30:00 +0100
Content-Type: multipart/mixed; boundary=x

--x
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

SGVsbG8gV29ybGQsIG1lZXRpbmcgYXQgbm9vbiDinJM=
--x
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

c2VjcmV0IGF0dGFjaG1lbnQ=
--x--
`),
    internalDate: new Date("2024-03-06T00:00:00Z"),
    flags: ["\\Flagged", "\\Draft"],
  },
  {
    bytes: utf8(`From: Zoe <zoe@example.com>
To: undisclosed-recipients:;
Bcc: dave@example.net
Subject: fwd: quarterly report
Date: 31 Dec 23 23:00 +0100
Content-Type: multipart/mixed; boundary=m

--m
Content-Type: text/plain

see attached
--m
Content-Type: message/rfc822

Subject: nested secret
From: eve@example.com

inner needle
--m--
`),
    internalDate: new Date("2023-12-31T12:00:00Z"),
    flags: ["\\Deleted"],
  },
  {
    bytes: utf8(`From: "Straße, Anna" <anna@strasse.example>
Subject: STRASSE und straße
Content-Type: text/plain; charset=utf-8

Größe: ÄÖÜ äöü
`),
    internalDate: new Date("2024-01-01T00:00:00Z"),
  },
  {
    bytes: utf8(`Subject: no date, no from

tiny
`),
    internalDate: new Date("2024-03-06T23:59:59Z"),
    flags: ["\\Seen"],
  },
];

