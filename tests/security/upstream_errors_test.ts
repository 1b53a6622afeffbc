/**
 * A member never sees where the model server lives: a failed chat says "The model server cannot
 * be reached." and names no URL, host or port, in the stream, in the saved reply or in an
 * API error. The admin sees the address: in the Ollama status and in the log.
 */
import assert from "node:assert/strict";
import { adminApp, json, readSse } from "../helpers/admin.ts";
import { expectError } from "../helpers/app.ts";
import { member } from "../helpers/profile.ts";

/** A loopback port nothing listens on. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

for (
  const [kind, variable, model] of [
    ["Ollama", "HEARTH_OLLAMA_URL", "llama3.2:latest"],
    ["an OpenAI-compatible server", "HEARTH_OPENAI_URL", "gpt-4o"],
  ] as const
) {
  Deno.test(`upstream errors - ${kind} unreachable: the member's error names no address, the admin's view does`, async () => {
    const port = closedPort();
    const address = new RegExp(`127\\.0\\.0\\.1|:${port}\\b|localhost`);
    await using app = await adminApp({ [variable]: `http://127.0.0.1:${port}` });
    const ann = await member(app, "Ann");

    const events = await readSse(
      await ann.fetch("/api/chat/stream", json("POST", { content: "Hi", model })),
    );
    assert.deepEqual(events.map((e) => e.event), ["meta", "error", "[DONE]"]);
    const error = events[1].data as { code: string; message: string };
    assert.equal(error.code, "upstream_unreachable");
    assert.equal(error.message, "The model server cannot be reached.");
    assert.doesNotMatch(JSON.stringify(events), address);

    // The saved reply, read after a reload, says the same.
    const { conversationId } = events[0].data as { conversationId: string };
    const saved = await (await ann.fetch(`/api/conversations/${conversationId}/messages`)).text();
    assert.match(saved, /upstream_unreachable/);
    assert.doesNotMatch(saved, address);

    // So does an API error.
    const models = await expectError(
      await ann.fetch("/api/chat/models"),
      503,
      "upstream_unreachable",
    );
    assert.doesNotMatch(JSON.stringify(models), address);

    // The admin finds the address in the log, with what went wrong.
    const logged = app.services.log.entries().filter((e) => e.msg === "model server failed");
    assert.ok(logged.length >= 2, "the chat and the model list were logged");
    assert.match(JSON.stringify(logged), new RegExp(`http://127\\.0\\.0\\.1:${port}`));
    assert.ok(logged.every((e) => e.level === "warn" && e.fields?.code === "upstream_unreachable"));
    // And the Ollama status on the admin's page names the host that does not answer.
    if (variable === "HEARTH_OLLAMA_URL") {
      const status = await (await app.admin("/api/admin/ollama/status")).json();
      assert.equal(status.hosts[0].reachable, false);
      assert.match(status.hosts[0].error, new RegExp(`127\\.0\\.0\\.1:${port}`));
    }
  });
}
