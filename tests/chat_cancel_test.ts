/**
 * Stop means stop: cancelling a reply aborts the HTTP request to Ollama (the fake server sees
 * the client leave) and Hearth confirms through /api/ps that the model is idle again.
 */
import assert from "node:assert/strict";
import { startFakeOllama } from "../lib/ollama/fake_server.ts";
import { json, parseSse } from "./helpers/admin.ts";
import { testApp } from "./helpers/app.ts";
import { member } from "./helpers/profile.ts";

Deno.test("chat cancel - aborts the upstream request and confirms via /api/ps that the model stopped", async () => {
  const ollama = await startFakeOllama({ tokensPerSecond: 40, reply: "word ".repeat(500) });
  try {
    await using app = await testApp({ env: { HEARTH_OLLAMA_URL: ollama.url } });
    const ann = await member(app, "Ann");
    const res = await ann.fetch(
      "/api/chat/stream",
      json("POST", { content: "Talk for a long time", model: "llama3.2:latest" }),
    );
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = "";
    while (!/event: token/.test(text)) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    const { taskId } = parseSse(text)[0].data as Record<string, string>;
    const before = ollama.disconnects;
    const cancel = await (await ann.fetch(`/api/tasks/${taskId}/cancel`, { method: "POST" }))
      .json();
    await reader.cancel();
    assert.equal(cancel.task.status, "cancelled");
    await ollama.waitForDisconnects(before + 1);
    assert.ok(
      ollama.disconnectLog.some((d) => d.path === "/api/chat"),
      "Ollama saw the request end",
    );
    assert.equal(cancel.upstream.stopped, true, JSON.stringify(cancel.upstream));
    assert.equal(cancel.upstream.loaded, true, "the model stays loaded, idle, for its keep-alive");
  } finally {
    await ollama.close();
  }
});
