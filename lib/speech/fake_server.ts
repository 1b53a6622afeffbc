/**
 * The Fake speech server: an HTTP server on a free loopback port speaking the OpenAI audio API
 * that Hearth's `SpeechClient` talks to, in tests and in demo mode. As unkind as a real one: it
 * parses the multipart upload and answers OpenAI's errors (400 without `model` or `file` or for
 * a file that is not audio, 413 past 25 MB, 401 for a wrong key), sends its headers only after
 * it "ran the model" (`latencyMs`), and streams real audio in chunks (silent MPEG frames for
 * mp3, a tone for wav). A transcription says what it got ("I heard 5120 bytes of audio/webm.")
 * unless a test sets a fixed `transcript`, so a round trip proves the audio arrived.
 */
import { sniffAudio } from "./audio.ts";

/** What the Fake speech server received. */
export interface FakeSpeechRequest {
  path: string;
  /** The `Authorization` header. */
  authorization: string | null;
  /** Transcriptions: the multipart fields (the file as its name, type and size). */
  fields?: Record<string, string>;
  file?: { name: string; type: string; size: number; sniffed?: string };
  /** Speech: the JSON body. */
  json?: Record<string, unknown>;
  /** Speech: the client went away before all the audio was sent. */
  cancelled?: boolean;
}

/** A fault the next answers have instead of the right one. */
export type FakeSpeechFault =
  | { status: number; body: string; contentType?: string }
  | { redirect: string }
  /** Never sends headers (until closed). */
  | { hang: true }
  /** Speech: sends the first chunk of audio, then nothing more. */
  | { stall: true };

/** Options of `startFakeSpeech`; tests may change them on the returned handle. */
export interface FakeSpeechOptions {
  /** Delay before the headers of every answer. Default 120 ms. */
  latencyMs: number;
  /** Delay between two chunks of speech. Default 15 ms. */
  chunkDelayMs: number;
  /** Seconds of speech per character of text. Default 0.065 (about 15 characters a second). */
  secondsPerChar: number;
  /** A fixed transcription; default: what was heard. */
  transcript?: string;
  /** Requests must carry `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  fault?: FakeSpeechFault;
}

/** A running Fake speech server. */
export interface FakeSpeech {
  url: string;
  options: FakeSpeechOptions;
  requests: FakeSpeechRequest[];
  close(): Promise<void>;
}

/** OpenAI's upload limit for a transcription. */
const MAX_UPLOAD = 25 * 1024 * 1024;

const SAMPLE_RATE_WAV = 16_000;

function openaiError(status: number, message: string, type = "invalid_request_error"): Response {
  return Response.json({ error: { message, type, param: null, code: null } }, { status });
}

/**
 * One MPEG-1 Layer III frame of silence: 128 kbit/s, 44.1 kHz, mono, no padding (417 bytes,
 * 1152 samples). All side information zero: no bits for any granule, which decodes to silence.
 */
function silentMp3Frame(): Uint8Array {
  const frame = new Uint8Array(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4]);
  return frame;
}

/** `seconds` of silent mp3. */
export function silentMp3(seconds: number): Uint8Array {
  const frames = Math.max(1, Math.ceil(seconds * 44_100 / 1152));
  const frame = silentMp3Frame();
  const out = new Uint8Array(frames * frame.length);
  for (let i = 0; i < frames; i++) out.set(frame, i * frame.length);
  return out;
}

/** `seconds` of a quiet 440 Hz tone as a 16 kHz mono 16-bit WAV file. */
export function toneWav(seconds: number): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * SAMPLE_RATE_WAV));
  const out = new Uint8Array(44 + samples * 2);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => out[at + i] = c.charCodeAt(0));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, SAMPLE_RATE_WAV, true);
  view.setUint32(28, SAMPLE_RATE_WAV * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    view.setInt16(
      44 + i * 2,
      Math.round(3000 * Math.sin(2 * Math.PI * 440 * i / SAMPLE_RATE_WAV)),
      true,
    );
  }
  return out;
}

/** Starts a Fake speech server on a free loopback port. */
export function startFakeSpeech(options: Partial<FakeSpeechOptions> = {}): FakeSpeech {
  const opts: FakeSpeechOptions = {
    latencyMs: 120,
    chunkDelayMs: 15,
    secondsPerChar: 0.065,
    ...options,
  };
  const requests: FakeSpeechRequest[] = [];
  const closing = new AbortController();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      closing.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      }, { once: true });
    });

  /** A fault's answer, or undefined to answer properly. */
  const faulty = async (): Promise<Response | undefined> => {
    const fault = opts.fault;
    if (!fault || "stall" in fault) return undefined;
    if ("hang" in fault) {
      await new Promise<void>((resolve) => {
        closing.signal.addEventListener("abort", () => resolve(), { once: true });
      });
      return new Response(null, { status: 503 });
    }
    if ("redirect" in fault) {
      return new Response(null, { status: 302, headers: { location: fault.redirect } });
    }
    return new Response(fault.body, {
      status: fault.status,
      headers: { "content-type": fault.contentType ?? "application/json" },
    });
  };

  const transcribe = async (req: Request, record: FakeSpeechRequest): Promise<Response> => {
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_UPLOAD) {
      await req.body?.cancel();
      return openaiError(
        413,
        `Maximum content size limit (${MAX_UPLOAD}) exceeded (${declared} bytes read)`,
        "server_error",
      );
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of req.body ?? []) {
      size += chunk.byteLength;
      if (size > MAX_UPLOAD) {
        return openaiError(
          413,
          `Maximum content size limit (${MAX_UPLOAD}) exceeded (${size} bytes read)`,
          "server_error",
        );
      }
      chunks.push(chunk);
    }
    let form: FormData;
    try {
      form = await new Response(new Blob(chunks as BlobPart[]), {
        headers: { "content-type": req.headers.get("content-type") ?? "" },
      }).formData();
    } catch {
      return openaiError(400, "Could not parse multipart form");
    }
    const fields: Record<string, string> = {};
    for (const [k, v] of form) if (typeof v === "string") fields[k] = v;
    record.fields = fields;
    const file = form.get("file");
    if (!(file instanceof File)) {
      return openaiError(400, "you must provide a file parameter");
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const sniffed = sniffAudio(bytes);
    record.file = { name: file.name, type: file.type, size: file.size, sniffed };
    if (!fields.model) return openaiError(400, "you must provide a model parameter");
    if (!sniffed) {
      return openaiError(
        400,
        "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']",
      );
    }
    await wait(opts.latencyMs);
    const text = opts.transcript ?? `I heard ${bytes.byteLength} bytes of ${sniffed}.`;
    return Response.json({ text });
  };

  const speak = async (req: Request, record: FakeSpeechRequest): Promise<Response> => {
    let json: Record<string, unknown>;
    try {
      json = await req.json();
    } catch {
      return openaiError(400, "We could not parse the JSON body of your request.");
    }
    record.json = json;
    const input = json.input;
    if (typeof json.model !== "string" || !json.model) {
      return openaiError(400, "you must provide a model parameter");
    }
    if (typeof input !== "string" || !input) {
      return openaiError(400, "you must provide an input parameter");
    }
    if ([...input].length > 4096) {
      return openaiError(400, "Input should have at most 4096 characters");
    }
    if (typeof json.voice !== "string" || !json.voice) {
      return openaiError(400, "you must provide a voice parameter");
    }
    const format = json.response_format ?? "mp3";
    if (format !== "mp3" && format !== "wav") {
      return openaiError(400, `The fake speech server speaks mp3 and wav, not ${format}.`);
    }
    const seconds = Math.max(0.3, input.length * opts.secondsPerChar);
    const audio = format === "mp3" ? silentMp3(seconds) : toneWav(seconds);
    await wait(opts.latencyMs);
    const stall = opts.fault && "stall" in opts.fault;
    const chunk = 8 * 1024;
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(out) {
        if (at >= audio.length) return out.close();
        if (at > 0) {
          if (stall) {
            await new Promise<void>((resolve) => {
              closing.signal.addEventListener("abort", () => resolve(), { once: true });
            });
            return out.close();
          }
          await wait(opts.chunkDelayMs);
        }
        out.enqueue(audio.slice(at, at + chunk));
        at += chunk;
      },
      cancel() {
        record.cancelled = true;
      },
    }, { highWaterMark: 0 });
    return new Response(body, {
      headers: { "content-type": format === "mp3" ? "audio/mpeg" : "audio/wav" },
    });
  };

  const handle = async (req: Request): Promise<Response> => {
    const path = new URL(req.url).pathname;
    const record: FakeSpeechRequest = { path, authorization: req.headers.get("authorization") };
    requests.push(record);
    if (opts.apiKey && record.authorization !== `Bearer ${opts.apiKey}`) {
      await req.body?.cancel();
      return openaiError(401, "Incorrect API key provided.");
    }
    const fault = await faulty();
    if (fault) {
      await req.body?.cancel().catch(() => {});
      return fault;
    }
    if (req.method === "POST" && path === "/v1/audio/transcriptions") {
      return await transcribe(req, record);
    }
    if (req.method === "POST" && path === "/v1/audio/speech") return await speak(req, record);
    return openaiError(404, `Invalid URL (${req.method} ${path})`);
  };

  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, handle);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    options: opts,
    requests,
    async close() {
      closing.abort();
      await server.shutdown();
    },
  };
}
