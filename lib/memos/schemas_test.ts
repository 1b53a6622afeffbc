import assert from "node:assert/strict";
import { createMemoSchema, normaliseTag, tagsSchema } from "./schemas.ts";

Deno.test("memo tags - normalised: no '#', lower case, spaces as '-', NFC, each once", () => {
  assert.equal(normaliseTag("  #Main Dish "), "main-dish");
  assert.equal(normaliseTag("##ÄPFEL"), "äpfel");
  assert.equal(normaliseTag("Cafe\u0301"), "café");
  assert.deepEqual(tagsSchema.parse(["Food", "#food", "FOOD ", "café", "Cafe\u0301"]), [
    "food",
    "café",
  ]);
  assert.equal(tagsSchema.safeParse(["#"]).success, false, "nothing left is no tag");
  assert.equal(tagsSchema.safeParse(["#" + "a".repeat(40)]).success, true, "the # does not count");
});

Deno.test("memo - needs a title or a body; the body may be 100,000 characters", () => {
  assert.equal(createMemoSchema.safeParse({ title: " ", body: " " }).success, false);
  assert.equal(createMemoSchema.safeParse({ title: "t" }).success, true);
  assert.equal(createMemoSchema.safeParse({ body: "x".repeat(100_000) }).success, true);
  assert.equal(createMemoSchema.safeParse({ body: "x".repeat(100_001) }).success, false);
});
