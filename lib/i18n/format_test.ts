import assert from "node:assert/strict";
import {
  around,
  fill,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMemory,
  formatNumber,
  formatPercent,
  formatSize,
  formatTime,
  translatorOf,
} from "./format.ts";

const GIB = 1024 ** 3;

Deno.test("format - a translator looks keys up under its prefix and fills placeholders", () => {
  const t = translatorOf({ "chat.tokens": "{n} tokens", "chat.send": "Send" }, "chat.");
  assert.equal(t("tokens", { n: 3 }), "3 tokens");
  assert.equal(t("send"), "Send");
  assert.equal(t("missing"), "missing");
  assert.equal(translatorOf({ "a.b": "Hi {name}" })("a.b", { other: 1 }), "Hi {name}");
  assert.equal(fill("{a}{a} {b}", { a: "x", b: 0 }), "xx 0");
  assert.deepEqual(around("See {url} now", "url"), ["See ", " now"]);
  assert.deepEqual(around("No link", "url"), ["No link", ""]);
});

Deno.test("format - sizes count in decimal units, memory in binary ones", () => {
  assert.equal(formatSize(2_019_393_189, "en"), "2.0 GB");
  assert.equal(formatSize(2_019_393_189, "de"), "2,0 GB");
  assert.equal(formatSize(4_700_000_000, "en"), "4.7 GB");
  assert.equal(formatSize(815_319_791, "en"), "815 MB");
  assert.equal(formatSize(12_500, "en"), "12.5 kB");
  assert.equal(formatSize(512, "en"), "512 B");
  assert.equal(formatMemory(16 * GIB, "en"), "16 GiB");
  assert.equal(formatMemory(12.4 * GIB, "de"), "12,4 GiB");
  assert.equal(formatMemory(8 * GIB, "en"), "8.0 GiB");
});

Deno.test("format - a size moves up a unit before rounding reaches the next one", () => {
  assert.equal(formatSize(999_700_000, "en"), "1.0 GB");
  assert.equal(formatSize(999, "en"), "999 B");
  assert.equal(formatSize(1000, "en"), "1.0 kB");
  assert.equal(formatMemory(GIB - 1, "en"), "1.0 GiB");
  assert.equal(formatSize(-5, "en"), "0 B");
  assert.equal(formatSize(Number.NaN, "en"), "0 B");
  assert.equal(formatBytes(1023, "en", { binary: true, decimals: 1 }), "1023 B");
  assert.equal(formatBytes(222.1 * GIB, "en", { binary: true, decimals: 1 }), "222.1 GiB");
});

Deno.test("format - numbers, percents, durations and times follow the page's language", () => {
  assert.equal(formatNumber(131_072, "en"), "131,072");
  assert.equal(formatNumber(131_072, "de"), "131.072");
  assert.equal(formatNumber(3.21, "de", 1), "3,2");
  assert.equal(formatNumber(4, "en", 1, true), "4.0");
  assert.equal(formatPercent(42.5, "en"), "42.5%");
  assert.equal(formatPercent(42.5, "de"), "42,5\u00a0%");
  assert.equal(formatDuration(40, "en"), "0:40");
  assert.equal(formatDuration(247, "de"), "4:07");
  assert.equal(formatDuration(3909.4, "en"), "1:05:09");
  const at = "2025-03-12T08:05:00Z";
  assert.equal(formatTime(at, "de"), new Date(at).toLocaleTimeString("de", { timeStyle: "short" }));
  assert.match(formatDateTime(at, "en"), /^Mar 12, 2025, \d{1,2}:05\s?[AP]M$/);
});
