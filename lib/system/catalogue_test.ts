import assert from "node:assert/strict";
import { CATALOGUE, DEFAULT_CHAT_CONTEXT, findModel } from "./catalogue.ts";

Deno.test("catalogue - names are unique Ollama names", () => {
  const names = CATALOGUE.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.match(name, /^[a-z0-9][a-z0-9.\-]*(:[a-z0-9.\-]+)?$/);
});

Deno.test("catalogue - every entry has whole, plausible numbers", () => {
  for (const m of CATALOGUE) {
    for (const key of ["parameters", "downloadBytes", "ramBytes", "contextLength"] as const) {
      assert.ok(Number.isSafeInteger(m[key]) && m[key] > 0, `${m.name}.${key} = ${m[key]}`);
    }
    // Memory holds at least the weights plus a cache; a download is never bigger than ~2 bytes
    // per parameter at the quantisations Ollama ships by default.
    assert.ok(m.ramBytes > m.downloadBytes, m.name);
    assert.ok(m.downloadBytes < m.parameters * 2.1, m.name);
    assert.ok(m.defaultContext <= m.contextLength, m.name);
    assert.ok(m.description.length > 20 && !m.description.includes("\n"), m.name);
  }
});

Deno.test("catalogue - chat models get Hearth's default context, embeddings their full window", () => {
  for (const m of CATALOGUE) {
    if (m.kind === "embedding") assert.equal(m.defaultContext, m.contextLength, m.name);
    else assert.equal(m.defaultContext, Math.min(DEFAULT_CHAT_CONTEXT, m.contextLength), m.name);
  }
});

Deno.test("catalogue - embedding capability and kind agree, and each kind is present", () => {
  for (const m of CATALOGUE) {
    assert.equal(m.capabilities.includes("embedding"), m.kind === "embedding", m.name);
  }
  assert.ok(CATALOGUE.some((m) => m.kind === "chat" && m.capabilities.includes("tools")));
  assert.ok(CATALOGUE.some((m) => m.capabilities.includes("vision")));
  assert.ok(CATALOGUE.filter((m) => m.kind === "embedding").length >= 2);
});

Deno.test("catalogue - figures match the published Ollama library pages", () => {
  const llama = findModel("llama3.1:8b")!;
  assert.equal(llama.downloadBytes, 4_900_000_000);
  assert.equal(llama.contextLength, 131072);
  assert.deepEqual(llama.capabilities, ["tools"]);
  assert.equal(findModel("nomic-embed-text")!.downloadBytes, 274_000_000);
  assert.deepEqual(findModel("gemma3:4b")!.capabilities, ["vision"]);
});

Deno.test("catalogue - bigger models need more memory within a family", () => {
  const need = (name: string) => findModel(name)!.ramBytes;
  assert.ok(need("qwen2.5:0.5b") < need("qwen2.5:1.5b"));
  assert.ok(need("qwen2.5:1.5b") < need("qwen2.5:3b"));
  assert.ok(need("qwen2.5:3b") < need("qwen2.5:7b"));
  assert.ok(need("qwen2.5:7b") < need("qwen2.5:14b"));
  assert.ok(need("gemma3:1b") < need("gemma3:4b") && need("gemma3:4b") < need("gemma3:12b"));
  assert.ok(need("llama3.2:1b") < need("llama3.2:3b") && need("llama3.2:3b") < need("llama3.1:8b"));
});

Deno.test("catalogue - is frozen JSON data and finds models with or without :latest", () => {
  assert.deepEqual(JSON.parse(JSON.stringify(CATALOGUE)), CATALOGUE);
  assert.ok(Object.isFrozen(CATALOGUE) && CATALOGUE.every((m) => Object.isFrozen(m)));
  assert.equal(findModel("phi4-mini:latest")?.name, "phi4-mini");
  assert.equal(findModel("llama3.2:3b")?.family, "llama3.2");
  assert.equal(findModel("no-such-model"), undefined);
});
