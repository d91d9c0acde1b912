import { test } from "node:test";
import assert from "node:assert/strict";
import { stackedBars } from "../../../../src/http/admin/ui/views/charts.tsx";
import { failurePort, isStartFailure } from "../../../../src/http/admin/ui/views/faq.tsx";

test("stacked bars: scaled to the busiest minute, refused on top of accepted, one bar per minute", () => {
  const { bars, max } = stackedBars([2, 0, 6], [2, 0, 0], 300, 100);
  assert.equal(max, 6);
  assert.equal(bars.length, 3);
  const [a, empty, full] = bars;
  assert.deepEqual(a!.accepted, { y: 66.67, height: 33.33 });
  assert.deepEqual(a!.refused, { y: 33.33, height: 33.33 });
  assert.deepEqual([empty!.accepted.height, empty!.refused.height], [0, 0]);
  assert.deepEqual(full!.accepted, { y: 0, height: 100 });
  assert.deepEqual(bars.map((b) => b.x), [0.5, 100.5, 200.5]);
  assert.equal(stackedBars([0, 0], [0, 0], 10, 10).max, 1, "an empty chart does not divide by zero");
});

test("start failures are recognised and their port found, for the FAQ hint", () => {
  assert.equal(isStartFailure("failed to start on 127.0.0.1:389: address in use: 127.0.0.1:389"), true);
  assert.equal(isStartFailure("ldap did not start: permission denied: 0.0.0.0:389"), true);
  assert.equal(isStartFailure("refused connection from 10.0.0.1: over the per-IP connections per minute limit"), false);
  assert.equal(failurePort("failed to start on 0.0.0.0:25: address in use: 0.0.0.0:25"), 25);
  assert.equal(failurePort("address in use: [::]:993"), 993);
  assert.equal(failurePort("certificate \"x\" not found in the certificate store"), undefined);
});
