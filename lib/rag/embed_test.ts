import assert from "node:assert/strict";
import type { CallOptions, ChatProvider, ModelInfo } from "../ai/types.ts";
import { EMBED_BATCH, embeddingModel, embedTexts, questionEmbedder } from "./embed.ts";

/** A provider double: records embed calls, answers with [length, 1, 0…] per text. */
function provider(models: ModelInfo[] | Error = []) {
  const calls: { model: string; inputs: string[]; opts?: CallOptions }[] = [];
  const p = {
    kind: "ollama",
    embed(model: string, inputs: string[], opts?: CallOptions) {
      calls.push({ model, inputs, opts });
      return Promise.resolve({ embeddings: inputs.map((t) => [t.length, 1, 0, 0]) });
    },
    models: () => models instanceof Error ? Promise.reject(models) : Promise.resolve(models),
  } as unknown as ChatProvider;
  return { p, calls };
}

const config = (embedding: string) => ({ current: { models: { embedding } } }) as never;

Deno.test("embeddingModel - the configured one, else the first that embeds (capability, name or family), else null", async () => {
  const models: ModelInfo[] = [
    { name: "llama3.2:latest", hosts: [], capabilities: ["completion"] },
    { name: "nomic-embed-text:latest", hosts: [], capabilities: ["embedding"] },
  ];
  assert.equal(
    await embeddingModel({ config: config("bge-m3"), ai: provider(models).p }),
    "bge-m3",
  );
  assert.equal(
    await embeddingModel({ config: config(""), ai: provider(models).p }),
    "nomic-embed-text:latest",
  );
  assert.equal(
    await embeddingModel({ config: config(""), ai: provider(models.slice(0, 1)).p }),
    null,
  );
  // Ollama's /api/tags lists no capabilities: the name or a BERT family tells.
  const tags: ModelInfo[] = [
    { name: "qwen3:4b", hosts: [], family: "qwen3" },
    { name: "bge-m3:latest", hosts: [], family: "bert" },
  ];
  assert.equal(
    await embeddingModel({ config: config(""), ai: provider(tags).p }),
    "bge-m3:latest",
  );
  assert.equal(
    await embeddingModel({ config: config(""), ai: provider(tags.slice(0, 1)).p }),
    null,
  );
  assert.equal(
    await embeddingModel({ config: config(""), ai: provider(new Error("down")).p }),
    null,
  );
});

Deno.test("embedTexts - batches through the provider with priority and owner, unit vectors in order", async () => {
  const { p, calls } = provider();
  const texts = Array.from({ length: EMBED_BATCH * 2 + 3 }, (_, i) => "x".repeat(i + 1));
  const vectors = await embedTexts(p, "m", texts, { priority: "interactive", owner: "ann" });
  assert.deepEqual(calls.map((c) => c.inputs.length), [EMBED_BATCH, EMBED_BATCH, 3]);
  assert.deepEqual(calls[0].opts, {
    signal: undefined,
    priority: "interactive",
    owner: "ann",
    label: "embed",
  });
  assert.equal(vectors.length, texts.length);
  const n = 5; // text of length 5: [5, 1, 0, 0] scaled to unit length
  assert.ok(Math.abs(vectors[n - 1][0] - n / Math.hypot(n, 1)) < 1e-6);
  await embedTexts(p, "m", ["a"]);
  assert.equal(calls.at(-1)!.opts!.priority, "background", "background unless told");
  const aborted = AbortSignal.abort(new Error("stop"));
  await assert.rejects(embedTexts(p, "m", ["a"], { signal: aborted }), /stop/);
});

Deno.test("questionEmbedder - the current model at interactive priority, or null without one", async () => {
  const models: ModelInfo[] = [{ name: "nomic", hosts: [], capabilities: ["embedding"] }];
  const { p, calls } = provider(models);
  const embed = questionEmbedder({ config: config(""), ai: p }, "ann");
  const result = await embed(["abc"]);
  assert.equal(result?.model, "nomic");
  assert.equal(result?.vectors.length, 1);
  assert.deepEqual([calls[0].opts?.priority, calls[0].opts?.owner], ["interactive", "ann"]);
  assert.equal(await questionEmbedder({ config: config(""), ai: provider([]).p })(["abc"]), null);
});
