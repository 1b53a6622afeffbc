/**
 * Benchmarks of document ingestion (issue 15):
 *
 * (a) a chat reply's time to the first token on an idle Hearth against the same while a big
 *     document is extracted (in the extractor's worker), chunked and embedded (the Fake Ollama's
 *     embedding model reading `EMBED_WPS` words a second, at background priority), through the
 *     real server process and HTTP path; target: within 10 %.
 * (b) ingesting 100 MB of text (10 documents of 10 MB) in process, with real steps and the
 *     Fake Ollama (in its own process) embedding at once: the time of each stage and Hearth's own
 *     CPU per MB, against what the embedding model needs for the same words at `EMBED_WPS`. The
 *     ingestion is limited by the model when Hearth's CPU per MB is well under the model's.
 *
 * `deno run -A bench/ingest.ts` runs it alone.
 */
import { newId } from "../lib/db/ids.ts";
import { openDatabase } from "../lib/db/mod.ts";
import { ConfigStore } from "../lib/config/store.ts";
import { OllamaProvider } from "../lib/ai/ollama.ts";
import { ModelQueue } from "../lib/ai/queue.ts";
import { TaskRegistry } from "../lib/tasks/registry.ts";
import { IngestQueue } from "../lib/documents/ingest/service.ts";
import type { IngestSteps } from "../lib/documents/ingest/types.ts";
import { extractDocument } from "../lib/documents/extract/mod.ts";
import { chunkOffThread } from "../lib/documents/ingest/chunk.ts";
import { saveChunks, saveVectors } from "../lib/rag/store.ts";
import { embeddingModel, embedTexts } from "../lib/rag/embed.ts";
import { VectorIndex } from "../lib/rag/vectors.ts";
import type { DocumentKind } from "../lib/documents/types.ts";
import type { Db } from "../lib/db/mod.ts";
import { seedDocument } from "../lib/documents/ingest/testing.ts";
import {
  fmt,
  median,
  percentile,
  procCpuSeconds,
  runParts,
  startHearth,
  verdict,
} from "./harness.ts";
import { type Read, viaRelay } from "./stream_client.ts";
import { startUpstream } from "./upstream.ts";
import { addProfiles } from "../lib/db/testing.ts";

/**
 * How fast the embedding model reads, in words a second: nomic-embed-text on a small box's CPU
 * (a Raspberry Pi 5 or a low-power x86) embeds in the order of a thousand or two tokens a second.
 */
const EMBED_WPS = 1500;
const EMBED_MODEL = "nomic-embed-text:latest";
const MB = 1024 * 1024;

const WORDS = ("the household keeps its recipes garden notes invoices school letters and " +
  "manuals in one library so that a question finds the passage that answers it quickly while " +
  "the model reads the rest later tomorrow evening after the train").split(" ");

/** Markdown of about `bytes`: sections with headings, paragraphs of varied words. */
function markdownOf(bytes: number, seed = 1): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const parts: string[] = [];
  let size = 0;
  for (let s = 0; size < bytes; s++) {
    const heading = `## Section ${s}\n\n`;
    parts.push(heading);
    size += heading.length;
    for (let p = 0; p < 6 && size < bytes; p++) {
      const n = 40 + Math.floor(next() * 80);
      const para = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)])
        .join(" ") + ".\n\n";
      parts.push(para);
      size += para.length;
    }
  }
  return parts.join("");
}

/** HTML of about `bytes`: the same text as an article, for the extractor's HTML path. */
function htmlOf(bytes: number): string {
  const md = markdownOf(bytes * 0.9);
  const body = md.split("\n\n").filter(Boolean).map((b) =>
    b.startsWith("## ") ? `<h2>${b.slice(3)}</h2>` : `<p>${b}</p>`
  ).join("\n");
  return `<!doctype html><html><head><title>Manual</title></head><body><article>${body}` +
    "</article></body></html>";
}

/** Inserts a document row of `profileId` (status `status`) and writes its file. */
function seedBenchDocument(
  db: Db,
  dataDir: string,
  profileId: string,
  content: string,
  kind: DocumentKind,
  status: "queued" | "failed",
): Promise<string> {
  return seedDocument(db, dataDir, {
    profileId,
    content,
    name: `bench.${kind === "html" ? "html" : "md"}`,
    kind,
    mime: kind === "html" ? "text/html" : "text/markdown",
    status,
  });
}

const ttft = (r: Read) => {
  if (!r.ok || !r.tokens) throw new Error(`a stream was incomplete: ${JSON.stringify(r)}`);
  return r.first - r.start;
};

/**
 * (a) Time to first token, idle and while a big document ingests, in alternating rounds (idle
 * replies, then replies while the document ingests, then it is cancelled and the next round
 * starts), so a load that drifts on a shared box weighs on both alike.
 */
async function firstTokenDuringIngestion(
  kind: "html" | "md" = "html",
  docBytes = 3 * MB,
  rounds = 4,
  perRound = 15,
): Promise<string[]> {
  const up = await startUpstream({
    kind: "fixture",
    tokensPerSecond: 50,
    parallel: 2,
    embedTokensPerSecond: EMBED_WPS,
  });
  let conversation = "";
  let documentId = "";
  try {
    const h = await startHearth({ HEARTH_OLLAMA_URL: up.url }, async (db, profileId) => {
      const home = db.path.replace(/\/hearth\.db$/, "");
      await Deno.writeTextFile(
        `${home}/config.json`,
        JSON.stringify({ models: { embedding: EMBED_MODEL } }),
      );
      conversation = newId();
      const at = new Date().toISOString();
      db.raw.prepare(
        "INSERT INTO conversations (id, profile_id, title, model, system_prompt, created_at, " +
          "updated_at) VALUES (?, ?, 'Bench', ?, '', ?, ?)",
      ).run(conversation, profileId, up.model, at, at);
      // Failed, so it waits until the benchmark asks for it (POST …/ingest).
      const content = kind === "html" ? htmlOf(docBytes) : markdownOf(docBytes);
      documentId = await seedBenchDocument(db, home, profileId, content, kind, "failed");
    });
    const post = (path: string) =>
      fetch(`${h.url}${path}`, {
        method: "POST",
        headers: { ...h.headers, "content-type": "application/json" },
        body: "{}",
      });
    try {
      const reply = async () => ttft(await viaRelay(h, conversation, 3));
      for (let i = 0; i < 15; i++) await reply();
      const idle: number[] = [];
      const during: Record<string, number[]> = {};
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < perRound; i++) idle.push(await reply());
        const res = await post(`/api/documents/${documentId}/ingest`);
        if (!res.ok) throw new Error(`ingest: ${res.status} ${await res.text()}`);
        const { taskId } = await res.json();
        // Follows the task's progress to know the stage each reply ran in.
        let stage = "queued";
        let ended = false;
        const follow = (async () => {
          const stream = await fetch(`${h.url}/api/tasks/${taskId}/stream`, {
            headers: h.headers,
          });
          const decoder = new TextDecoder();
          let text = "";
          for await (const chunk of stream.body!) {
            text += decoder.decode(chunk, { stream: true });
            const events = text.split("\n\n");
            text = events.pop()!;
            for (const e of events) {
              const m = /event: progress\ndata: (.*)/.exec(e);
              if (m) stage = JSON.parse(m[1]).status;
              if (/event: (done|error)/.test(e)) ended = true;
            }
          }
          ended = true;
        })();
        // The first replies wait for the stream to say a stage; then each counts for its stage.
        while (stage === "queued" && !ended) await new Promise((r) => setTimeout(r, 5));
        for (let i = 0; i < perRound && !ended; i++) {
          const s = stage;
          const t = await reply();
          (during[s] ??= []).push(t);
        }
        await (await post(`/api/tasks/${taskId}/cancel`)).body?.cancel();
        await follow.catch(() => {});
      }
      const all = Object.values(during).flat();
      const ratio = median(all) / median(idle);
      const stages = Object.entries(during).map(([s, xs]) =>
        `${s}: ${xs.length}, median ${fmt(median(xs), 1)} ms`
      ).join("; ");
      return [
        `| ingest a. time to first token while a ${docBytes / MB} MB ${
          kind === "html" ? "HTML" : "Markdown"
        } document ingests (${EMBED_WPS} words/s embedding), ${rounds} rounds: median of ${all.length} replies (${stages}) | ${
          fmt(median(all), 1)
        } ms (p95 ${fmt(percentile(all, 95), 1)} ms) | idle, alternating: ${
          fmt(median(idle), 1)
        } ms (p95 ${fmt(percentile(idle, 95), 1)} ms), ${idle.length} replies | ${
          fmt((ratio - 1) * 100, 1)
        } % | within 10 % | ${verdict(ratio <= 1.1)} |`,
      ];
    } finally {
      await h.stop();
    }
  } finally {
    await up.stop();
  }
}

/** (b) 100 MB of text: each stage's time, Hearth's CPU per MB, and the model's time per MB. */
async function hundredMegabytes(docs = 10, each = 10 * MB): Promise<string[]> {
  const up = await startUpstream({ kind: "fixture", tokensPerSecond: 0, parallel: 1 });
  const dir = await Deno.makeTempDir({ prefix: "hearth-bench-ingest-" });
  const db = await openDatabase(`${dir}/hearth.db`);
  const tasks = new TaskRegistry({ log: () => {} });
  try {
    await addProfiles(db, ["bench"]);
    const config = await ConfigStore.load(`${dir}/config.json`, {});
    await config.update({ models: { embedding: EMBED_MODEL } });
    const ai = new OllamaProvider({ hosts: [up.url], queue: new ModelQueue(() => 1) });
    const time: Record<string, number> = {};
    let words = 0;
    let chunks = 0;
    const timed = <A extends unknown[], R>(name: string, f: (...a: A) => R) => (...a: A): R => {
      const t0 = performance.now();
      const out = f(...a);
      const add = () => time[name] = (time[name] ?? 0) + performance.now() - t0;
      if (out instanceof Promise) return out.finally(add) as R;
      add();
      return out;
    };
    const steps: IngestSteps = {
      extract: timed("extract", extractDocument),
      chunk: timed("chunk (worker)", async (md: string, signal?: AbortSignal) => {
        const drafts = await chunkOffThread(md, signal);
        chunks += drafts.length;
        return drafts;
      }),
      saveChunks: timed("save chunks (first slice)", saveChunks),
      embeddingModel,
      embedTexts: timed("embed (Fake Ollama at once)", (p, m, texts, o) => {
        for (const t of texts) words += t.split(/\s+/).length;
        return embedTexts(p, m, texts, o);
      }),
      saveVectors: timed("save vectors", saveVectors),
    };
    const queue = new IngestQueue({
      db,
      dataDir: dir,
      tasks,
      config,
      ai: () => ai,
      steps,
      index: new VectorIndex(db),
      log: { info() {}, warn() {}, error: (m, f) => console.error(m, f) },
      batchSize: 16,
    });
    const ids: string[] = [];
    for (let i = 0; i < docs; i++) {
      ids.push(await seedBenchDocument(db, dir, "bench", markdownOf(each, i + 1), "md", "queued"));
    }
    const cpu0 = procCpuSeconds(Deno.pid);
    const t0 = performance.now();
    queue.start();
    for (;;) {
      const rows = await db.kysely.selectFrom("documents").select(["status", "error_code"])
        .execute();
      const failed = rows.find((r) => r.status === "failed");
      if (failed) throw new Error(`a document failed: ${failed.error_code}`);
      if (rows.every((r) => r.status === "ready")) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wall = (performance.now() - t0) / 1000;
    const cpu = procCpuSeconds(Deno.pid) - cpu0;
    await queue.stop();
    const mb = docs * each / MB;
    const modelSeconds = words / EMBED_WPS;
    const split = Object.entries(time).map(([k, v]) => `${k} ${fmt(v / 1000, 1)} s`).join(", ");
    return [
      `| ingest b. ${mb} MB of Markdown (${docs} documents, ${chunks} chunks, ${
        fmt(words / 1e6, 1)
      } M words) with the Fake Ollama embedding at once: wall ${fmt(wall, 1)} s (${split}; ` +
      `extraction and embedding overlap) | Hearth's CPU ${fmt(cpu, 1)} s = ${
        fmt(cpu / mb, 2)
      } s/MB | the embedding model at ${EMBED_WPS} words/s: ${fmt(modelSeconds / 60, 0)} min = ${
        fmt(modelSeconds / mb, 1)
      } s/MB | Hearth is ${fmt(modelSeconds / cpu, 0)}× faster than the model | model-limited | ${
        verdict(cpu * 10 < modelSeconds)
      } |`,
    ];
  } finally {
    tasks.close();
    await db.close();
    await up.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

/** Both ingestion benchmarks' rows. */
export async function benchIngest(): Promise<string[]> {
  return await runParts([
    ["ingest a. first token during extraction", () => firstTokenDuringIngestion("html")],
    ["ingest a. first token during embedding", () => firstTokenDuringIngestion("md")],
    ["ingest b. 100 MB of text", () => hundredMegabytes()],
  ]);
}

if (import.meta.main) {
  const only = Deno.args[0];
  const rows = only === "a"
    ? [...await firstTokenDuringIngestion("html"), ...await firstTokenDuringIngestion("md")]
    : only === "a-md"
    ? await firstTokenDuringIngestion("md")
    : only === "b"
    ? await hundredMegabytes(Number(Deno.args[1] ?? 10), Number(Deno.args[2] ?? 10) * MB)
    : await benchIngest();
  console.log(rows.join("\n"));
}
