import assert from "node:assert/strict";
import { startFakeSpeech } from "./fake_server.ts";
import { SpeechError } from "./errors.ts";
import { SpeechClient, type SpeechLimits } from "./real.ts";

const WAV = new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt ");

function client(url: string, limits: Partial<SpeechLimits> = {}) {
  const failures: SpeechError[] = [];
  const speech = new SpeechClient({
    baseUrl: url,
    sttModel: "whisper-1",
    ttsModel: "tts-1",
    ttsVoice: "alloy",
    limits,
    onFailure: (err) => failures.push(err),
  });
  return { speech, failures };
}

async function rejects(promise: Promise<unknown>, code: string): Promise<SpeechError> {
  const err = await promise.then(() => null, (e) => e);
  assert.ok(err instanceof SpeechError, `expected ${code}, got ${err}`);
  assert.equal(err.code, code, err.detail);
  return err;
}

Deno.test("speech client - a base URL with a path is used as given; a bare origin gets /v1", async () => {
  const fake = startFakeSpeech({ latencyMs: 0, transcript: "hello" });
  try {
    assert.equal(await client(fake.url).speech.transcribe(WAV, "audio/wav"), "hello");
    assert.equal(await client(`${fake.url}/v1/`).speech.transcribe(WAV, "audio/wav"), "hello");
    assert.deepEqual(fake.requests.map((r) => r.path), [
      "/v1/audio/transcriptions",
      "/v1/audio/transcriptions",
    ]);
  } finally {
    await fake.close();
  }
});

Deno.test("speech client - a server that does not answer in time is speech_timeout, told to onFailure", async () => {
  const fake = startFakeSpeech({ fault: { hang: true } });
  try {
    const { speech, failures } = client(fake.url, {
      transcribeTimeoutMs: 150,
      firstByteTimeoutMs: 150,
    });
    const err = await rejects(speech.transcribe(WAV, "audio/wav"), "speech_timeout");
    assert.equal(err.status, 504);
    assert.match(err.detail, new RegExp(fake.url.replaceAll(".", "\\.")));
    assert.ok(!err.message.includes("127.0.0.1"));
    await rejects(speech.speak("Hi"), "speech_timeout");
    assert.deepEqual(failures.map((f) => f.code), ["speech_timeout", "speech_timeout"]);
  } finally {
    await fake.close();
  }
});

Deno.test("speech client - speech that stalls mid-stream or grows past its cap errors the stream", async () => {
  const fake = startFakeSpeech({ latencyMs: 0, chunkDelayMs: 0, fault: { stall: true } });
  try {
    const { speech, failures } = client(fake.url, { idleTimeoutMs: 150 });
    const stalled = await speech.speak("A long reply. ".repeat(100));
    let got = 0;
    const err = await (async () => {
      for await (const chunk of stalled.body) got += chunk.byteLength;
    })().then(() => null, (e) => e);
    assert.equal(got, 8 * 1024, "the first chunk arrived");
    assert.ok(err instanceof SpeechError && err.code === "speech_timeout", String(err));

    fake.options.fault = undefined;
    const capped = client(fake.url, { maxSpeechBytes: 10_000 });
    const big = await capped.speech.speak("A long reply. ".repeat(100));
    const tooBig = await new Response(big.body).arrayBuffer().then(() => null, (e) => e);
    assert.ok(tooBig instanceof SpeechError && tooBig.code === "speech_error", String(tooBig));
    assert.match(capped.failures[0].detail, /more than 10000 bytes of audio/);
    assert.equal(failures.length, 1);
  } finally {
    await fake.close();
  }
});

Deno.test("speech client - a caller's cancel ends the request and is not a failure", async () => {
  const fake = startFakeSpeech({ fault: { hang: true } });
  try {
    const { speech, failures } = client(fake.url);
    const abort = new AbortController();
    const pending = speech.transcribe(WAV, "audio/wav", { signal: abort.signal });
    setTimeout(() => abort.abort(new Error("gone")), 50);
    const err = await pending.then(() => null, (e) => e);
    assert.equal((err as Error).message, "gone");
    assert.equal(failures.length, 0);
  } finally {
    await fake.close();
  }
});
