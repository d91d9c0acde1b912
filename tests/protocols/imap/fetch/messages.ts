/**
 * Test messages for FETCH against references (Dovecot) and real clients: MIME shapes that exercise
 * every part of BODYSTRUCTURE and ENVELOPE, quoting, literals and BINARY decoding. CRLF line ends.
 */
const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
const utf8 = (s: string) => new TextEncoder().encode(s);
const bin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

export const MESSAGES: Record<string, Uint8Array> = {
  plain: utf8(crlf(`From: "Joe \\"Q\\" Public" <joe@example.com>
Sender: secretary@example.com
Reply-To: replies@example.com
To: Mary Smith <mary@x.test>, jdoe@one.test
Cc: undisclosed-recipients:;
Bcc: Friends: a@b.test, c@d.test;
Subject: =?utf-8?q?h=C3=A9llo?= world
Date: Tue, 1 Jul 2003 10:52:37 +0200
Message-ID: <1234@local.machine.example>
In-Reply-To: <3456@example.net>
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII

hello
world
`)),
  noContentType: utf8(crlf(`Subject: defaults
From: a@b.test

just text
`)),
  eightBit: utf8(crlf(`From: Zoë <zoe@x.test>
Subject: Grüße aus Köln
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Grüße
`)),
  specials: utf8(crlf(`From: "back\\\\slash" <b@x.test>
Subject: a "quoted" \\ thing
Content-Type: application/x-thing; name="we \\"ird\\" name"

x
`)),
  mixed: bin(crlf(`From: alice@example.com
To: bob@example.org
Subject: mixed
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

preamble
--outer
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

caf=E9 =
soft line
--outer
Content-Type: image/png; name="a.png"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="a.png"; size=9
Content-Language: en, de
Content-Location: http://x.test/a.png
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
Content-ID: <img1@x.test>
Content-Description: a small image

AAECAwCJUE5H
--outer
Content-Type: message/rfc822
Content-Disposition: inline

From: bob@example.org
Subject: inner
Date: Mon, 4 Mar 2024 10:00:00 +0100
Content-Type: multipart/alternative; boundary=alt

--alt
Content-Type: text/plain

plain
text
--alt
Content-Type: text/html; charset=utf-8
Content-Language: fr

<p>html</p>
--alt--
--outer
Content-Type: application/pdf
Content-Transfer-Encoding: base64
Content-Disposition: inline

JVBERi0=
--outer--
epilogue
`)),
  noBoundary: utf8(crlf(`Subject: x
Content-Type: multipart/mixed

no boundary here
`)),
  encodedMessage: utf8(crlf(`Subject: x
Content-Type: message/rfc822
Content-Transfer-Encoding: base64

U3ViamVjdDogaW5uZXIKCmJvZHkK
`)),
  digest: utf8(crlf(`Subject: digest
Content-Type: multipart/digest; boundary=d

--d

Subject: one

first
--d
Content-Type: text/plain

second
--d--
`)),
  longSubject: utf8(crlf(`Subject: ${"long ".repeat(300)}end
From: a@b.test

body
`)),
};

