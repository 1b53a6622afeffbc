import assert from "node:assert/strict";
import { Logger } from "./logger.ts";

Deno.test("log - the ring buffer keeps the newest lines, oldest first", () => {
  const log = new Logger({ capacity: 3, write: null });
  for (let i = 1; i <= 5; i++) log.info(`line ${i}`);
  assert.deepEqual(log.entries().map((e) => e.msg), ["line 3", "line 4", "line 5"]);
  assert.deepEqual(log.entries(4).map((e) => e.msg), ["line 5"]);
});

Deno.test("log - a thousand lines are kept by default", () => {
  const log = new Logger({ write: null });
  for (let i = 0; i < 1500; i++) log.info(`n${i}`);
  const entries = log.entries();
  assert.equal(entries.length, 1000);
  assert.equal(entries[0].msg, "n500");
});

Deno.test("log - lines go to the writer and subscribers, with errors flagged", () => {
  const lines: string[] = [];
  const log = new Logger({ write: (l) => lines.push(l), now: () => new Date(0) });
  const seen: boolean[] = [];
  const stop = log.subscribe((e) => seen.push(e.isError));
  log.error("boom", { requestId: "r1" });
  stop();
  log.warn("after");
  assert.deepEqual(seen, [true]);
  assert.equal(lines[0], '1970-01-01T00:00:00.000Z ERROR boom {"requestId":"r1"}');
  assert.equal(lines.length, 2);
});

Deno.test("log - secrets in fields are redacted before they are kept or printed", () => {
  const lines: string[] = [];
  const log = new Logger({ write: (l) => lines.push(l) });
  log.info("config", { apiKey: "sk-secret", nested: { password: "hunter2" }, port: 1 });
  assert.ok(!lines[0].includes("sk-secret") && !lines[0].includes("hunter2"));
  assert.equal(log.entries()[0].fields?.port, 1);
});

Deno.test("log - entries below the level are dropped", () => {
  const log = new Logger({ write: null, level: "warn" });
  log.info("quiet");
  log.warn("loud");
  assert.deepEqual(log.entries().map((e) => e.msg), ["loud"]);
});
