import assert from "node:assert/strict";
import { translatorOf } from "../i18n/format.ts";
import { emptyPull, pullParts, PullTracker } from "./pull_view.ts";

const BIG = "sha256:aaaa";
const SMALL = "sha256:bbbb";

Deno.test("pull view - layers add up into one bar with the time left at the big layer's rate", () => {
  const tracker = new PullTracker();
  const start = tracker.add({ status: "pulling manifest" });
  assert.equal(start.phase, "manifest");
  assert.equal(start.percent, 0);
  assert.equal(start.etaSeconds, undefined);
  const a = tracker.add({
    status: "pulling aaaa",
    digest: BIG,
    total: 800_000_000,
    completed: 200_000_000,
    bytesPerSecond: 50_000_000,
  });
  assert.equal(a.phase, "download");
  assert.equal(a.percent, 25);
  assert.equal(a.etaSeconds, 12);
  // A small layer's rate says little about the line: the big one's stays.
  const b = tracker.add({
    status: "pulling bbbb",
    digest: SMALL,
    total: 1000,
    completed: 1000,
    bytesPerSecond: 900,
  });
  assert.equal(b.bytesPerSecond, 50_000_000);
  assert.equal(b.total, 800_001_000);
  assert.equal(b.completed, 200_001_000);
});

Deno.test("pull view - the bar never moves backwards and is full once Ollama verifies", () => {
  const tracker = new PullTracker();
  tracker.add({ status: "pulling", digest: BIG, total: 100_000_000, completed: 90_000_000 });
  // A late layer grows the total; the share drops, the bar does not.
  const late = tracker.add({ status: "pulling", digest: SMALL, total: 100_000_000, completed: 0 });
  assert.equal(late.percent, 90);
  assert.equal(tracker.add({ status: "verifying sha256 digest" }).percent, 100);
  assert.equal(tracker.view.phase, "verify");
});

Deno.test("pull view - a small layer's rate shows until a big one has its own", () => {
  const tracker = new PullTracker();
  const first = tracker.add({
    status: "pulling",
    digest: SMALL,
    total: 5000,
    completed: 100,
    bytesPerSecond: 700,
  });
  assert.equal(first.bytesPerSecond, 700);
});

Deno.test("pull view - the download in words, with what is known", () => {
  const t = translatorOf({
    bytes: "{percent}% · {done} of {total}",
    rate: "{rate}/s",
    eta: "{time} left",
  });
  const words = { bytes: "bytes", rate: "rate", eta: "eta" };
  const view = {
    ...emptyPull(),
    phase: "download" as const,
    completed: 1_500_000_000,
    total: 2_019_393_189,
    percent: 74.2,
    bytesPerSecond: 12_300_000,
    etaSeconds: 247,
  };
  assert.deepEqual(pullParts(view, t, "en", words), [
    "74% · 1.5 GB of 2.0 GB",
    "12.3 MB/s",
    "4:07 left",
  ]);
  assert.deepEqual(pullParts(emptyPull(), t, "de", words), []);
});
