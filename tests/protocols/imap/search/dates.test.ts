import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { parseSearchDate, sentDay, utcDay } from "../../../../src/protocols/imap/search/dates.ts";

const day = (iso: string) => Math.floor(Date.parse(iso + "T00:00:00Z") / 86_400_000);

describe("parseSearchDate (RFC 9051 date-text)", () => {
  const good: [string, string][] = [
    ["1-Feb-1994", "1994-02-01"], ["01-feb-1994", "1994-02-01"], ["29-Feb-2024", "2024-02-29"], ["31-DEC-1999", "1999-12-31"], ["1-Jan-1970", "1970-01-01"],
  ];
  for (const [s, iso] of good) test(`${s} → ${iso}`, () => assert.equal(parseSearchDate(s), day(iso)));
  for (const s of ["29-Feb-2023", "31-Apr-2024", "0-Jan-2024", "32-Jan-2024", "1-Foo-2024", "1-Jan-24", "1 Jan 2024", "2024-01-01", "001-Jan-2024", "1-January-2024", ""]) {
    test(`refuses ${JSON.stringify(s)}`, () => assert.equal(parseSearchDate(s), null));
  }
});

describe("utcDay: the internal date's day is its UTC day (INTERNALDATE is sent as +0000)", () => {
  test("around midnight", () => {
    assert.equal(utcDay(new Date("2024-03-05T23:59:59.999Z")), day("2024-03-05"));
    assert.equal(utcDay(new Date("2024-03-06T00:00:00.000Z")), day("2024-03-06"));
    assert.equal(utcDay(new Date("1969-12-31T23:59:59Z")), day("1969-12-31"));
  });
});

describe("sentDay: the Date header's own day, in its own zone", () => {
  const cases: [string, string | null][] = [
    ["Tue, 1 Jul 2003 23:30:00 -0700", "2003-07-01"], // 2 July in UTC
    ["Wed, 2 Jul 2003 00:30:00 +1400", "2003-07-02"], // 1 July in UTC
    ["Mon, 31 Dec 2023 23:59:59 -1200", "2023-12-31"],
    ["1 Jan 2024 00:00:00 +0000", "2024-01-01"],
    ["Fri, 21 Nov 1997 09:55:06 -0600 (CST)", "1997-11-21"],
    ["Thu,\r\n 13 Feb 1969 23:32:54 -0330", "1969-02-13"],
    ["13 Feb 49 23:32 -0330", "2049-02-13"], // RFC 5322 4.3: 00-49 → 20xx
    ["13 Feb 69 23:32 -0330", "1969-02-13"],
    ["13 Feb 99 23:32 -0330", "1999-02-13"], // 50-99 → 19xx
    ["13 Feb 103 23:32 -0330", "2003-02-13"], // three digits: + 1900
    ["Tue,  5 Mar 2024 10:00 GMT", "2024-03-05"],
    ["5 march 2024 10:00", "2024-03-05"],
    ["(comment) 7 Aug 2020 10:00 +0200", "2020-08-07"],
    ["31 Feb 2024 10:00 +0000", null],
    ["2024-03-05T10:00:00Z", null],
    ["Mar 5 2024", null],
    ["yesterday", null],
    ["", null],
  ];
  for (const [h, iso] of cases) test(JSON.stringify(h), () => assert.equal(sentDay(h), iso === null ? null : day(iso)));
  test("no header", () => assert.equal(sentDay(null), null));
});
