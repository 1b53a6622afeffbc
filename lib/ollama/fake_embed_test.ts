import assert from "node:assert/strict";
import { hashedEmbedding, stem, wordsOf } from "./fake_embed.ts";

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

Deno.test("fake embeddings - unit length, stable, and near for texts that share words", () => {
  const a = hashedEmbedding("How often should the dishwasher filter be cleaned?", 768);
  assert.equal(a.length, 768);
  assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  assert.deepEqual(a, hashedEmbedding("How often should the dishwasher filter be cleaned?", 768));
  const near = hashedEmbedding("Clean the filters of the dishwasher every month.", 768);
  const far = hashedEmbedding("The lease ends on the last day of March.", 768);
  assert.ok(cos(a, near) > 0.4, `shared words: ${cos(a, near)}`);
  assert.ok(Math.abs(cos(a, far)) < 0.15, `no shared words: ${cos(a, far)}`);
  assert.ok(cos(a, near) > cos(a, far) + 0.3);
});

Deno.test("fake embeddings - stop words dropped, plurals folded, empty text still a unit vector", () => {
  assert.deepEqual(wordsOf("The filters and the Batteries"), ["filter", "battery"]);
  assert.deepEqual(wordsOf("Die Küchen und der Küche"), ["küch", "küch"]);
  assert.equal(stem("glass"), "glass");
  const empty = hashedEmbedding("the and of", 16);
  assert.ok(Math.abs(Math.hypot(...empty) - 1) < 1e-9);
});
