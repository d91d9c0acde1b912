// Messages the MIME tests share: structure tests assert on them, the Dovecot comparison feeds
// them to a real Dovecot, the fuzz test mutates them. ASCII, lower-case types and encodings, CRLF
// (Dovecot reports CRLF sizes; see MimePart.size). Cases where we deliberately differ from Dovecot
// are not here but in the unit tests, and listed in dovecot.test.ts.
import { msg } from "./helpers.ts";

const deepMultipart = (n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
  s += "Content-Type: text/plain\n\nleaf\n";
  for (let i = n - 1; i >= 0; i--) s += `--b${i}--\n`;
  return s;
};
const deepMessage = (n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += `Subject: m${i}\nContent-Type: message/rfc822\n\n`;
  return s + "Subject: last\n\nleaf\n";
};

export const fixtures: Record<string, Uint8Array> = {
  plain: msg(`From: "Joe Q. Public" <joe@example.com>
To: Mary Smith <mary@x.test>, jdoe@example.org
Subject: Saying Hello
Date: Fri, 21 Nov 1997 09:55:06 -0600
Message-ID: <1234@local.machine.example>

This is a message just to say hello.
So, "Hello".
`),

  mixed: msg(`From: a@example.com
Subject: mixed
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="simple boundary"

This is the preamble.  It is to be ignored.
--simple boundary

This is implicitly typed plain US-ASCII text.
It does NOT end with a linebreak.
--simple boundary
Content-type: text/plain; charset=us-ascii

This is explicitly typed plain US-ASCII text.
It DOES end with a linebreak.

--simple boundary--

This is the epilogue.  It is also to be ignored.
`),

  alternativeWithAttachment: msg(`From: Sender <sender@example.com>
To: rcpt@example.net
Subject: report
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello =3D world, caf=C3=A9 soft=
break
--inner
Content-Type: text/html; charset=utf-8

<p>Hello</p>
--inner--
--outer
Content-Type: application/pdf; name="report.pdf"
Content-Disposition: attachment; filename="report.pdf"; size=12
Content-Transfer-Encoding: base64
Content-ID: <part1@example.com>
Content-Description: The report
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==

JVBERi0xLjQKJcfs
j6IKMSAwIG9iago=
--outer--
`),

  forwarded: msg(`From: fwd@example.com
Subject: Fwd: inner
Content-Type: multipart/mixed; boundary=b1

--b1
Content-Type: text/plain

see attached
--b1
Content-Type: message/rfc822
Content-Disposition: inline

From: Inner Sender <inner@example.org>
To: someone@example.net
Cc: "A, B" <ab@example.org>
Subject: inner
Message-ID: <inner@example.org>
In-Reply-To: <older@example.org>
Content-Type: multipart/alternative; boundary=b2

--b2
Content-Type: text/plain

inner text
--b2
Content-Type: text/html

<b>inner</b>
--b2--
--b1--
`),

  prefixBoundaries: msg(`Content-Type: multipart/mixed; boundary=abc

--abc
Content-Type: multipart/alternative; boundary=abcdef

--abcdef

x
--abcdef--
--abc
Content-Type: message/rfc822

Subject: inner

body
--abc

--abc--
`),

  sameBoundaryNested: msg(`Content-Type: multipart/mixed; boundary=b

--b
Content-Type: multipart/mixed; boundary=b

--b

inner
--b--
--b

outer2
--b--
`),

  missingClose: msg(`Content-Type: multipart/mixed; boundary="b"

--b

never closed
`),

  paddingAndJunk: msg(`Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain
--b
Content-Type: text/plain

--b  \t
\n--b junk after the boundary

q
--b--`),

  digest: msg(`Content-Type: multipart/digest; boundary=d

--d

Subject: in digest

x
--d
Content-Type: text/plain

y
--d--
`),

  headerOnly: msg(`Subject: no body`),

  headerOnlyWithBreak: msg(`Subject: no body\n`),

  empty: new Uint8Array(0),

  multipartNoBoundary: msg(`Content-Type: multipart/mixed

hello
`),

  multipartNoDelimiter: msg(`Content-Type: multipart/mixed; boundary=zz

only a preamble
`),

  encodedMessage: msg(`Content-Type: message/rfc822
Content-Transfer-Encoding: base64

U3ViamVjdDogeAoKYm9keQo=
`),

  emptyParts: msg(`Content-Type: multipart/mixed; boundary=e

--e
--e

--e


--e--
`),

  headers: msg(`From: "Joe \\"Q\\" Public" <joe@example.com>, bob (Bob Smith), Mary <@route1,@route2:mary@x.test>, =?utf-8?q?J=C3=B6rg?= <j@x>
To: undisclosed-recipients:;, Friends: a@b, c@e;, x@
Cc: (comment) plain@host (trailing)
Subject: =?iso-8859-1?q?caf=E9?=
Date: Mon, 1 Jan 2024 00:00:00 +0000
Message-ID: <id@x>
In-Reply-To: <a@b> <c@d>
Bcc:
Reply-To:${" "}
Sender: "" <>

body
`),

  contentFields: msg(`Content-Type: text/plain; format=flowed; delsp=yes
Content-Language: en, fr-CA (Canada)
Content-Location: http://example.com/x
Content-ID: <cid@x>
Content-Description: desc
Content-MD5: abc
Content-Disposition: inline; filename="a.txt"
Content-Transfer-Encoding: 8bit

text
`),

  deepMultipart: msg(deepMultipart(105)),
  deepMessage: msg(deepMessage(105)),
};
