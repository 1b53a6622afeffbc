/**
 * The model queue over HTTP: a reply behind another household member's hears its place and what
 * it waits for, and the admin sees the line.
 */
import assert from "node:assert/strict";
import { adminApp, json } from "./helpers/admin.ts";
import { member } from "./helpers/profile.ts";

Deno.test("chat queue - a reply behind another member's says so in the stream; the admin sees who waits", async () => {
  await using app = await adminApp({ HEARTH_FAKE_OLLAMA: "1" }, { tokensPerSecond: 0, loadMs: 50 });
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const fake = app.ollama!.server;
  fake.hold();
  const annStream = await open(ann.fetch(
    "/api/chat/stream",
    json("POST", { content: "A long story, please", model: "llama3.2:latest" }),
  ));
  // Ann's reply has the model's one slot once it waits for the model; Bob's lines up behind.
  await annStream.until("event: wait");
  const bobStream = await open(
    bob.fetch("/api/chat/stream", json("POST", { content: "Hi", model: "llama3.2" })),
  );
  await bobStream.until("event: wait");
  assert.match(bobStream.text, /"state":"queued","position":1/);

  const view = await (await app.admin("/api/admin/queue")).json();
  assert.equal(view.parallel, 1);
  assert.equal(view.lines.length, 1);
  assert.deepEqual(
    view.lines[0].running.map((r: { who?: string; priority: string }) => [r.who, r.priority]),
    [["Ann", "interactive"]],
  );
  assert.deepEqual(view.lines[0].waiting.map((r: { who?: string }) => r.who), ["Bob"]);
  // A member does not see the admin's view.
  assert.equal((await ann.fetch("/api/admin/queue")).status, 401);

  fake.release();
  await annStream.until("[DONE]");
  assert.deepEqual(
    waits(annStream.text),
    ["loading", "reading"],
    "the first reply loads the model, then it reads the message",
  );
  await bobStream.until("[DONE]");
  assert.deepEqual(waits(bobStream.text), ["queued", "reading"], "the model is loaded by then");
  assert.match(bobStream.text, /event: done/);
  // What is left in the line is the two titles, asked after the replies at their own priority.
  const left = (await (await app.admin("/api/admin/queue")).json()).lines
    .flatMap((l: { running: unknown[]; waiting: unknown[] }) => [...l.running, ...l.waiting]);
  assert.ok(left.every((r: { priority: string }) => r.priority === "title"));
});

/** The states of a stream's `wait` events, in order. */
function waits(sse: string): string[] {
  return sse.split("\n\n").filter((b) => b.includes("event: wait"))
    .map((b) => JSON.parse(/data: (.*)/.exec(b)![1]).state);
}

/** An SSE response read as it comes: `until(s)` reads until the text so far contains `s`. */
async function open(response: Promise<Response>) {
  const res = await response;
  assert.equal(res.status, 200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const stream = {
    text: "",
    async until(wanted: string) {
      while (!stream.text.includes(wanted)) {
        const next = await reader.read();
        if (next.done) throw new Error(`the stream ended before ${wanted}: ${stream.text}`);
        stream.text += next.value;
      }
    },
  };
  return stream;
}
