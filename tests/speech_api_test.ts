/**
 * Voice API: `POST /api/stt` and `POST /api/tts` through the app, to the Fake speech server over
 * HTTP with Hearth's real client: the requests it forwards, the caps, and every way it fails.
 */
import assert from "node:assert/strict";
import { type FakeSpeech, startFakeSpeech } from "../lib/speech/fake_server.ts";
import { expectError, testApp } from "./helpers/app.ts";
import { adminApp, json } from "./helpers/admin.ts";
import { member } from "./helpers/profile.ts";

/** A few bytes that start like a WebM recording (the EBML magic), as MediaRecorder sends. */
function webm(size = 5000): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  bytes.set([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
  return bytes;
}

async function speechApp(fake: FakeSpeech, env: Record<string, string> = {}) {
  const app = await testApp({
    env: {
      HEARTH_SPEECH_URL: fake.url,
      HEARTH_SPEECH_STT_MODEL: "whisper-large-v3",
      HEARTH_SPEECH_TTS_MODEL: "kokoro",
      HEARTH_SPEECH_VOICE: "af_bella",
      ...env,
    },
  });
  return { app, ann: await member(app, "Ann") };
}

const stt = (body: BodyInit, type = "audio/webm;codecs=opus", headers: HeadersInit = {}) => ({
  method: "POST",
  headers: { "content-type": type, ...headers },
  body,
});

const tts = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

Deno.test("speech api - without a speech server both calls answer 503 speech_not_configured in the user's language", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const res = await ann.fetch("/api/stt", stt(webm()));
  const body = await expectError(res, 503, "speech_not_configured");
  assert.match(body.error.message, /No speech server is set up/);
  const de = await ann.fetch("/api/tts", {
    ...tts({ text: "Hallo" }),
    headers: { "content-type": "application/json", "accept-language": "de" },
  });
  assert.match(
    (await expectError(de, 503, "speech_not_configured")).error.message,
    /kein Sprachserver/,
  );
  // The chat page knows, so its buttons can say so before anyone taps.
  const page = await ann.fetch("/chat");
  assert.match(await page.text(), /"speech":false/);
});

Deno.test("speech api - a recording goes to /v1/audio/transcriptions as multipart with model, file and language", async () => {
  const fake = startFakeSpeech({ latencyMs: 0 });
  const { app, ann } = await speechApp(fake, { HEARTH_SPEECH_API_KEY: "sk-voice" });
  await using _ = app;
  try {
    const res = await ann.fetch(
      "/api/stt",
      stt(webm(5120), undefined, { "accept-language": "de" }),
    );
    assert.equal(res.status, 200, await res.clone().text());
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(await res.json(), { text: "I heard 5120 bytes of audio/webm." });
    const [sent] = fake.requests;
    assert.equal(sent.path, "/v1/audio/transcriptions");
    assert.equal(sent.authorization, "Bearer sk-voice");
    assert.deepEqual(sent.fields, {
      model: "whisper-large-v3",
      language: "de",
      response_format: "json",
    });
    assert.deepEqual(sent.file, {
      name: "recording.webm",
      type: "audio/webm",
      size: 5120,
      sniffed: "audio/webm",
    });
    // The chat page offers voice.
    assert.match(await (await ann.fetch("/chat")).text(), /"speech":true/);
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - recordings are capped at 25 MB while read, by Content-Length and chunked", async () => {
  const fake = startFakeSpeech({ latencyMs: 0 });
  const { app, ann } = await speechApp(fake);
  await using _ = app;
  try {
    let pulledDeclared = 0;
    const declared = new ReadableStream<Uint8Array>({
      pull(c) {
        pulledDeclared++;
        c.enqueue(webm(1024 * 1024));
      },
    });
    const byLength = await ann.fetch(
      "/api/stt",
      stt(declared, "audio/webm", { "content-length": String(25 * 1000 * 1000 + 1) }),
    );
    const said = await expectError(byLength, 413, "body_too_large");
    assert.match(said.error.message, /25 MB/);
    assert.ok(pulledDeclared <= 1, `nothing read past the declared length (${pulledDeclared})`);

    let pulled = 0;
    const chunked = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(webm(1024 * 1024));
      },
    });
    const res = await ann.fetch("/api/stt", stt(chunked, "audio/webm"));
    assert.match((await expectError(res, 413, "body_too_large")).error.message, /25 MB/);
    assert.ok(pulled <= 25, `reading stopped at the limit (${pulled} MB pulled)`);
    assert.equal(fake.requests.length, 0, "nothing reached the speech server");

    // Just under the limit passes (and 25 MB is more than the 10 MB other API calls get).
    const big = await ann.fetch("/api/stt", stt(webm(25 * 1000 * 1000), "audio/webm"));
    assert.equal(big.status, 200, await big.clone().text());
    assert.deepEqual(await big.json(), { text: "I heard 25000000 bytes of audio/webm." });
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - the type is checked by the declared type and the magic bytes", async () => {
  const fake = startFakeSpeech({ latencyMs: 0 });
  const { app, ann } = await speechApp(fake);
  await using _ = app;
  try {
    const text = await ann.fetch("/api/stt", stt(webm(), "text/plain"));
    assert.match(
      (await expectError(text, 415, "unsupported_media_type")).error.message,
      /audio\/webm/,
    );
    const png: BodyInit = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    await expectError(await ann.fetch("/api/stt", stt(png)), 422, "not_audio");
    // A WAV file declared as webm is not what it says.
    const wav = new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt ");
    await expectError(await ann.fetch("/api/stt", stt(wav)), 422, "not_audio");
    await expectError(await ann.fetch("/api/stt", stt(new Uint8Array())), 422, "audio_empty");
    assert.equal(fake.requests.length, 0);
    // The same WAV, declared as one, goes through.
    const ok = await ann.fetch("/api/stt", stt(wav, "audio/x-wav"));
    assert.deepEqual(await ok.json(), { text: "I heard 16 bytes of audio/wav." });
    assert.equal(fake.requests[0].file?.name, "recording.wav");
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - /api/tts forwards model, input, voice and mp3, and streams the audio as it arrives", async () => {
  const fake = startFakeSpeech({ latencyMs: 0, chunkDelayMs: 0 });
  const { app, ann } = await speechApp(fake);
  await using _ = app;
  try {
    const res = await ann.fetch("/api/tts", tts({ text: "Hello there." }));
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal(res.headers.get("content-type"), "audio/mpeg");
    const audio = new Uint8Array(await res.arrayBuffer());
    assert.deepEqual([...audio.slice(0, 2)], [0xff, 0xfb], "an MPEG audio frame");
    assert.deepEqual(fake.requests[0].json, {
      model: "kokoro",
      input: "Hello there.",
      voice: "af_bella",
      response_format: "mp3",
    });
    await (await ann.fetch("/api/tts", tts({ text: "Hi", voice: "am_adam" }))).body?.cancel();
    assert.equal(fake.requests[1].json?.voice, "am_adam");

    // The server sends one chunk and then nothing: a buffering proxy would never answer.
    fake.options.fault = { stall: true };
    const streamed = await ann.fetch("/api/tts", tts({ text: "A long reply. ".repeat(200) }));
    assert.equal(streamed.status, 200);
    const reader = streamed.body!.getReader();
    const first = await reader.read();
    assert.ok(!first.done && first.value.byteLength > 0, "the first audio arrived on its own");
    // The browser goes away: the request to the speech server ends too.
    await reader.cancel();
    const asked = fake.requests.at(-1)!;
    for (let i = 0; i < 100 && !asked.cancelled; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(asked.cancelled, true);
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - text is 1 to 4,096 characters, with a sentence that says so", async () => {
  const fake = startFakeSpeech({ latencyMs: 0, chunkDelayMs: 0 });
  const { app, ann } = await speechApp(fake);
  await using _ = app;
  try {
    const long = await ann.fetch("/api/tts", tts({ text: "a".repeat(4097) }));
    const said = await expectError(long, 422, "speech_text_too_long");
    assert.equal(
      said.error.message,
      "The text has 4097 characters; at most 4096 can be read aloud at once.",
    );
    // Characters, not UTF-16 units: 4,096 emoji are fine.
    const emoji = await ann.fetch("/api/tts", tts({ text: "😀".repeat(4096) }));
    assert.equal(emoji.status, 200);
    await emoji.body?.cancel();
    await expectError(await ann.fetch("/api/tts", tts({ text: "  " })), 422, "speech_text_empty");
    await expectError(await ann.fetch("/api/tts", tts({})), 422, "invalid_input");
    const de = await ann.fetch("/api/tts", {
      ...tts({ text: "ä".repeat(5000) }),
      headers: { "content-type": "application/json", "accept-language": "de" },
    });
    assert.match(
      (await expectError(de, 422, "speech_text_too_long")).error.message,
      /5000 Zeichen/,
    );
    assert.equal(fake.requests.length, 1, "only the text that fits reached the server");
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - upstream failures are sentences without the server's address; the admin's log has it", async () => {
  const fake = startFakeSpeech({ latencyMs: 0 });
  const { app, ann } = await speechApp(fake, { HEARTH_SPEECH_API_KEY: "sk-wrong" });
  await using _ = app;
  const port = new URL(fake.url).port;
  const hidden = (message: string) => {
    assert.ok(!message.includes(port) && !message.includes("127.0.0.1"), message);
  };
  try {
    fake.options.apiKey = "sk-right";
    const auth = await expectError(
      await ann.fetch("/api/stt", stt(webm())),
      502,
      "speech_auth_failed",
    );
    hidden(auth.error.message);
    fake.options.apiKey = undefined;

    fake.options.fault = {
      status: 500,
      body: JSON.stringify({ error: { message: "CUDA out of memory on gpu-box:9000" } }),
    };
    const failed = await expectError(await ann.fetch("/api/stt", stt(webm())), 502, "speech_error");
    hidden(failed.error.message);
    assert.doesNotMatch(failed.error.message, /CUDA/);
    const tFailed = await expectError(
      await ann.fetch("/api/tts", tts({ text: "Hi" })),
      502,
      "speech_error",
    );
    assert.doesNotMatch(tFailed.error.message, /CUDA/);

    fake.options.fault = { status: 200, body: "<html>login</html>", contentType: "text/html" };
    await expectError(await ann.fetch("/api/tts", tts({ text: "Hi" })), 502, "speech_error");

    const logged = app.services.log.entries().filter((e) => e.msg === "speech server failed");
    const details = logged.map((e) => String(e.fields?.detail));
    assert.ok(
      details.some((d) => d.includes(fake.url) && d.includes("CUDA out of memory")),
      details.join("\n"),
    );
    assert.ok(details.some((d) => /text\/html, not audio/.test(d)), details.join("\n"));
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - a redirect is refused, and its target never hears the recording", async () => {
  const fake = startFakeSpeech({ latencyMs: 0 });
  const elsewhere = startFakeSpeech({ latencyMs: 0 });
  const { app, ann } = await speechApp(fake);
  await using _ = app;
  try {
    fake.options.fault = { redirect: `${elsewhere.url}/v1/audio/transcriptions` };
    await expectError(await ann.fetch("/api/stt", stt(webm())), 502, "speech_error");
    fake.options.fault = { redirect: `${elsewhere.url}/v1/audio/speech` };
    await expectError(await ann.fetch("/api/tts", tts({ text: "Hi" })), 502, "speech_error");
    assert.equal(elsewhere.requests.length, 0);
    const detail = app.services.log.entries().map((e) => String(e.fields?.detail)).join("\n");
    assert.match(detail, /redirect \(HTTP 302 to http:\/\/127\.0\.0\.1:\d+\/v1\/audio\/speech\)/);
  } finally {
    await fake.close();
    await elsewhere.close();
  }
});

Deno.test("speech api - a speech server that is not there answers 503 speech_unreachable", async () => {
  const fake = startFakeSpeech();
  const url = fake.url;
  await fake.close();
  await using app = await testApp({ env: { HEARTH_SPEECH_URL: url } });
  const ann = await member(app, "Ann");
  const res = await expectError(
    await ann.fetch("/api/stt", stt(webm())),
    503,
    "speech_unreachable",
  );
  assert.equal(res.error.message, "The speech server cannot be reached.");
  await expectError(await ann.fetch("/api/tts", tts({ text: "Hi" })), 503, "speech_unreachable");
});

Deno.test("speech api - voice needs a profile", async () => {
  const fake = startFakeSpeech();
  const { app } = await speechApp(fake);
  await using _ = app;
  try {
    const res = await app.api("/api/stt", stt(webm()));
    assert.equal(res.status, 401);
    await res.body?.cancel();
    assert.equal(fake.requests.length, 0);
  } finally {
    await fake.close();
  }
});

Deno.test("speech api - the admin sets the speech server in the config; its key is never shown and applies at once", async () => {
  const fake = startFakeSpeech({ latencyMs: 0, apiKey: "sk-speech", transcript: "hi" });
  await using app = await adminApp({});
  try {
    const ann = await member(app, "Ann");
    await expectError(await ann.fetch("/api/stt", stt(webm())), 503, "speech_not_configured");
    const put = await app.admin(
      "/api/admin/config",
      json("PUT", { speech: { baseUrl: fake.url, apiKey: "sk-speech", ttsVoice: "nova" } }),
    );
    assert.equal(put.status, 200, await put.clone().text());
    const view = await put.json();
    assert.equal(view.config.speech.apiKey, "********");
    assert.equal(view.config.speech.sttModel, "whisper-1");
    assert.doesNotMatch(
      JSON.stringify(await (await app.admin("/api/admin/config")).json()),
      /sk-speech/,
    );
    const res = await ann.fetch("/api/stt", stt(webm()));
    assert.deepEqual(await res.json(), { text: "hi" });
    assert.equal(fake.requests[0].authorization, "Bearer sk-speech");
    const bad = await app.admin(
      "/api/admin/config",
      json("PUT", { speech: { baseUrl: "ftp://x" } }),
    );
    assert.equal((await expectError(bad, 422, "invalid_config")).error.field, "speech.baseUrl");
  } finally {
    await fake.close();
  }
});
