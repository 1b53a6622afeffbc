import assert from "node:assert/strict";
import { checkAnswer, schemaProblems, validateJson } from "./json_schema.ts";

const SCHEMA = {
  type: "object",
  properties: {
    title: { type: "string", minLength: 1, maxLength: 5 },
    stars: { type: "integer", minimum: 1, maximum: 5 },
    tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, maxItems: 2 },
    note: { type: ["string", "null"] },
  },
  required: ["title", "stars"],
  additionalProperties: false,
};

Deno.test("json schema - the subset is accepted; anything it cannot check is named", () => {
  assert.deepEqual(schemaProblems(SCHEMA), []);
  assert.deepEqual(
    schemaProblems({ type: "object", oneOf: [], properties: { a: { $ref: "#" } } }),
    [
      "outputSchema: the keyword “oneOf” is not supported",
      "outputSchema.properties.a: the keyword “$ref” is not supported",
    ],
  );
  assert.deepEqual(schemaProblems({ type: "thing", required: ["x"], properties: {} }), [
    "outputSchema.type: must be one of string, number, integer, boolean, object, array, null",
    "outputSchema.required: “x” is not one of the properties",
  ]);
  assert.deepEqual(schemaProblems([]), ["outputSchema: must be a JSON Schema object"]);
  assert.deepEqual(schemaProblems({ minLength: -1, enum: [] }), [
    "outputSchema.enum: must be a non-empty list",
    "outputSchema.minLength: must be a whole number ≥ 0",
  ]);
});

Deno.test("json schema - values are checked with their paths", () => {
  assert.deepEqual(validateJson({ title: "Heat", stars: 5, tags: ["a"], note: null }, SCHEMA), []);
  assert.deepEqual(
    validateJson({ title: "", stars: 2.5, tags: ["a", "c", "b"], extra: 1 }, SCHEMA),
    [
      "$.title: should have at least 1 characters",
      "$.stars: should be integer, is number",
      "$.tags: should have at most 2 items",
      '$.tags[1]: should be one of "a", "b"',
      "$.extra: is not allowed",
    ],
  );
  assert.deepEqual(validateJson({ title: "x" }, SCHEMA), ["$.stars: is required"]);
  assert.deepEqual(validateJson(3, { type: "number" }), []);
  assert.deepEqual(validateJson("x", { type: "object" }), ["$: should be object, is string"]);
});

Deno.test("json schema - an answer that is not JSON is one problem", () => {
  assert.deepEqual(checkAnswer("Sure! {", SCHEMA), {
    ok: false,
    problems: ["$: the answer is not JSON"],
  });
  assert.deepEqual(checkAnswer('{"title":"a","stars":1}', SCHEMA), {
    ok: true,
    value: { title: "a", stars: 1 },
  });
});
