import assert from "node:assert/strict";
import { defaultConfig } from "../../lib/config/schema.ts";
import type { ConfigView } from "../../lib/config/types.ts";
import { patchFrom, valuesFrom } from "./settings_fields.ts";

const view = (apiKey: string): ConfigView => {
  const config = defaultConfig();
  config.speech.apiKey = apiKey;
  return { config, readOnly: {}, flags: {}, exists: true };
};

Deno.test("settings fields - the speech server's key is its own secret: kept, replaced or removed", () => {
  const stored = view("********");
  const values = valuesFrom(stored);
  assert.equal(values.speechKeySet, true);
  assert.equal(values.apiKeySet, false, "the OpenAI key is another field");
  const kept = patchFrom({ ...values, speechUrl: " http://10.0.0.7:8000 " }, stored);
  assert.deepEqual(kept.speech, {
    baseUrl: "http://10.0.0.7:8000",
    sttModel: "whisper-1",
    ttsModel: "tts-1",
    ttsVoice: "alloy",
  });
  const typed = patchFrom({ ...values, speechKey: "sk-new" }, stored);
  assert.equal((typed.speech as { apiKey: string }).apiKey, "sk-new");
  const removed = patchFrom({ ...values, removeSpeechKey: true }, stored);
  assert.equal((removed.speech as { apiKey: string }).apiKey, "");
  assert.equal((removed.providers as { openai: { apiKey?: string } }).openai.apiKey, undefined);
  // A key the environment sets is not sent.
  const locked = patchFrom(values, {
    ...stored,
    readOnly: { "speech.baseUrl": "HEARTH_SPEECH_URL" },
  });
  assert.equal((locked.speech as { baseUrl?: string }).baseUrl, undefined);
});

Deno.test("settings fields - the embedding model is read and written beside the chat model", () => {
  const stored = view("");
  stored.config.models.embedding = "nomic-embed-text";
  const values = valuesFrom(stored);
  assert.equal(values.embeddingModel, "nomic-embed-text");
  const patch = patchFrom({ ...values, embeddingModel: " bge-m3 " }, stored);
  assert.deepEqual(patch.models, { chat: "", embedding: "bge-m3" });
});
