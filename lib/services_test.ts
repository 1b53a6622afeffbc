import assert from "node:assert/strict";
import { OllamaProvider } from "./ai/mod.ts";
import { chatRequest, collect, doneOf, textOf } from "./ai/testing.ts";
import { addMessage, createConversation, getMessage } from "./chat/store.ts";
import { Logger } from "./log/logger.ts";
import { RealOllamaService } from "./ollama/mod.ts";
import { type AppServices, closeServices, createServices } from "./services.ts";
import { fakeSystemReport } from "./system/mod.ts";
import { indexesOver, VectorIndex } from "./rag/vectors.ts";

/** Services over a temporary home with `env`; closed (and the home removed) on dispose. */
async function services(env: Record<string, string> = {}, fake?: boolean) {
  const home = await Deno.makeTempDir({ prefix: "hearth-services-" });
  const built = await createServices({
    env: { HEARTH_HOME: home, ...env },
    log: new Logger({ write: null }),
    fake,
  });
  return {
    services: built,
    async [Symbol.asyncDispose]() {
      await closeServices(built);
      await Deno.remove(home, { recursive: true });
    },
  };
}

const fakeUrl = (s: AppServices) => (s.ollama as RealOllamaService).hosts[0];

Deno.test("services - HEARTH_FAKE_OLLAMA=1 runs the Real clients on a Fake Ollama on loopback; closing stops it", async () => {
  let url: string;
  {
    await using demo = await services({ HEARTH_FAKE_OLLAMA: "1" });
    const { services: s } = demo;
    assert.equal(s.fake, true);
    assert.ok(s.ollama instanceof RealOllamaService);
    url = fakeUrl(s);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(s.ai instanceof OllamaProvider);
    assert.deepEqual(s.ai.hosts, [url]);
    assert.equal((await s.ollama.status()).hosts[0].reachable, true);
  }
  await assert.rejects(fetch(`${url}/api/version`), "closeServices stopped the Fake");
  await using real = await services({ HEARTH_OLLAMA_URL: "http://10.0.0.5:11434" });
  assert.equal(real.services.fake, false);
  assert.deepEqual((real.services.ollama as RealOllamaService).hosts, ["http://10.0.0.5:11434"]);
});

Deno.test("services - demo mode chats with the Fake Ollama, whatever is configured, with the demo's models", async () => {
  await using demo = await services({ HEARTH_OPENAI_URL: "http://10.0.0.3:8080" }, true);
  const { services: s } = demo;
  assert.ok(s.ai instanceof OllamaProvider && s.ai.kind === "ollama");
  const events = await collect(s.ai.chat(chatRequest()));
  assert.match(textOf(events), /demo mode/);
  assert.equal(doneOf(events).doneReason, "stop");
  assert.deepEqual(
    (await s.ai.models()).map((m) => m.name),
    (await s.ollama.status()).hosts[0].models.map((m) => m.name).sort(),
  );
});

Deno.test("services - a change of Ollama hosts in demo mode keeps the Fake Ollama and its models", async () => {
  await using demo = await services({
    HEARTH_FAKE_OLLAMA: "1",
    HEARTH_FAKE_OLLAMA_STATE: "stopped",
  });
  const { services: s } = demo;
  assert.equal((await s.ollama.status()).hosts[0].reachable, false, "the knob is read");
  await s.ollama.ensureRunning();
  for await (const _ of s.ollama.pull("gemma3:1b"));
  const before = s.ollama;
  await s.config.update({ ollama: { hosts: ["http://10.0.0.9:11434"] } });
  assert.notEqual(s.ollama, before, "rebuilt");
  const names = (await s.ollama.status()).hosts[0].models.map((m) => m.name);
  assert.ok(names.includes("gemma3:1b"), names.join());
});

Deno.test("services - demo mode's system check is the demo box, not this machine", async () => {
  await using demo = await services({}, true);
  const { services: s } = demo;
  const { report, recommendation } = await s.systemCheck();
  assert.deepEqual(report, fakeSystemReport(s.paths.dataDir));
  assert.equal(report.fake, true);
  assert.ok(recommendation.chat);
});

Deno.test("services - a start marks replies a crash left streaming as interrupted; hearth setup does not", async () => {
  const home = await Deno.makeTempDir({ prefix: "hearth-services-" });
  try {
    const open = (recoverReplies?: boolean) =>
      createServices({
        env: { HEARTH_HOME: home },
        log: new Logger({ write: null }),
        fake: true,
        recoverReplies,
      });
    const first = await open();
    first.db.raw.exec(`INSERT INTO profiles (id, name, avatar, is_admin, created_at, updated_at)
      VALUES ('p1', 'Ann', '🙂', 0, '', '')`);
    const conversation = await createConversation(first.db.kysely, "p1");
    const reply = await addMessage(first.db.kysely, "p1", conversation.id, {
      role: "assistant",
      content: "Half of it",
      status: "streaming",
    });
    await closeServices(first);
    const setup = await open(false);
    assert.equal((await getMessage(setup.db.kysely, "p1", reply.id)).status, "streaming");
    await closeServices(setup);
    const again = await open();
    const kept = await getMessage(again.db.kysely, "p1", reply.id);
    assert.deepEqual([kept.status, kept.content], ["interrupted", "Half of it"]);
    await closeServices(again);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("services - demo mode speaks through the Fake speech server, whatever is configured; closing stops it", async () => {
  let host: string;
  {
    await using demo = await services({ HEARTH_FAKE_OLLAMA: "1" });
    const speech = demo.services.speech!;
    assert.ok(speech, "voice works in the demo without a speech server configured");
    host = speech.host;
    assert.match(host, /^http:\/\/127\.0\.0\.1:\d+$/);
    const wav = new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt ") as Uint8Array<ArrayBuffer>;
    assert.equal(await speech.transcribe(wav, "audio/wav"), "I heard 16 bytes of audio/wav.");
    // A speech server the admin configured later changes nothing in the demo.
    await demo.services.config.update({ speech: { baseUrl: "http://10.0.0.7:8000" } });
    assert.equal(demo.services.speech!.host, host);
  }
  await assert.rejects(
    fetch(`${host}/v1/audio/speech`, { method: "POST" }),
    "closed with the services",
  );
  await using real = await services();
  const off = real.services.speech;
  assert.equal(off, null, "no speech server configured: voice is off");
  await real.services.config.update({ speech: { baseUrl: "http://10.0.0.7:8000" } });
  assert.equal(
    (real.services as AppServices).speech?.host,
    "http://10.0.0.7:8000",
    "rebuilt when the config changes",
  );
});

Deno.test("services - the vector index of the document library is one per Hearth, over its database", async () => {
  await using demo = await services({ HEARTH_FAKE_OLLAMA: "1" });
  const { services: s } = demo;
  assert.ok(s.vectors instanceof VectorIndex);
  assert.deepEqual(indexesOver(s.db), [s.vectors]);
  assert.deepEqual(s.vectors.search("nomic-embed-text:latest", new Float32Array(768), 6), []);
});
