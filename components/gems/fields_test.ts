import assert from "node:assert/strict";
import { checkValues, placeholders, renderInstructions, resolveFields } from "./fields.ts";

Deno.test("gem fields - placeholders in order of first use, spaces allowed, odd braces ignored", () => {
  assert.deepEqual(
    placeholders("{{ b }} and {{a}} then {{b}}, {x}, {{1x}}, {{a-b}}, {{{c}}}"),
    ["b", "a", "c"],
  );
});

Deno.test("gem fields - undescribed placeholders are required text; described ones keep their kind", () => {
  const { fields, problems } = resolveFields("{{topic}} in {{n}} lines, {{mood}} on {{day}}", [
    { name: "n", type: "number", min: 1, max: 9, default: "3" },
    { name: "mood", type: "select", options: [" happy ", "sad", ""], required: false },
    { name: "day", type: "date", label: "Day" },
  ]);
  assert.deepEqual(problems, []);
  assert.deepEqual(fields, [
    { name: "topic", type: "text", label: "topic", required: true },
    { name: "n", type: "number", label: "n", required: true, min: 1, max: 9, default: 3 },
    { name: "mood", type: "select", label: "mood", required: false, options: ["happy", "sad"] },
    { name: "day", type: "date", label: "Day", required: true },
  ]);
});

Deno.test("gem fields - a definition's problems name its field", () => {
  const codes = (instructions: string, fields: Parameters<typeof resolveFields>[1]) =>
    resolveFields(instructions, fields).problems.map((p) => [p.field, p.code]);
  assert.deepEqual(codes("{{a}}", [{ name: "b" }]), [["fields.0.name", "unused_field"]]);
  assert.deepEqual(codes("{{a}}", [{ name: "a", type: "colour" }]), [
    ["fields.0.type", "unknown_field_type"],
  ]);
  assert.deepEqual(codes("{{a}}", [{ name: "a", type: "select", options: [" "] }]), [
    ["fields.0.options", "select_without_options"],
  ]);
  assert.deepEqual(codes("{{a}}", [{ name: "a", type: "number", min: 5, max: 1 }]), [
    ["fields.0.min", "invalid_range"],
  ]);
  assert.deepEqual(codes("{{a}}", [{ name: "a", type: "number", default: "x" }]), [
    ["fields.0.default", "invalid_default"],
  ]);
  assert.deepEqual(codes("{{a}}", [{ name: "a" }, { name: "a" }]), [
    ["fields.1.name", "duplicate_field"],
  ]);
  assert.deepEqual(codes("{{a}}", [{ name: "a b" }]), [["fields.0.name", "invalid_field_name"]]);
});

Deno.test("gem fields - values are checked per field and normalised", () => {
  const { fields } = resolveFields("{{t}} {{n}} {{s}} {{d}} {{p}} {{o}}", [
    { name: "n", type: "number", min: 0, max: 10 },
    { name: "s", type: "select", options: ["x", "y"], default: "y" },
    { name: "d", type: "date" },
    { name: "p", type: "image" },
    { name: "o", required: false },
  ]);
  const ok = checkValues(fields, { t: "hi", n: "4.5", d: "2026-02-28", p: "abc-123" });
  assert.deepEqual(ok, {
    values: { t: "hi", n: 4.5, s: "y", d: "2026-02-28", p: "abc-123" },
    problems: [],
  });
  const bad = checkValues(fields, { t: "", n: 11, s: "z", d: "2026-02-30", p: "../x", q: 1 });
  assert.deepEqual(bad.problems.map((p) => [p.field, p.code]), [
    ["values.q", "unknown_field"],
    ["values.t", "missing"],
    ["values.n", "invalid_value"],
    ["values.s", "invalid_value"],
    ["values.d", "invalid_value"],
    ["values.p", "invalid_value"],
  ]);
  assert.match(bad.problems[2].message, /at most 10/);
  assert.equal(
    checkValues(fields, { t: "x".repeat(2001), n: 1, d: "2026-01-01", p: "a" })
      .problems[0].code,
    "invalid_value",
  );
});

Deno.test("gem fields - values are put in once: a {{placeholder}} inside a value stays text", () => {
  const { fields } = resolveFields("Translate {{text}} into {{lang}}. {{photo}}", [
    { name: "photo", type: "image", label: "Photo", required: false },
  ]);
  const rendered = renderInstructions("Translate {{text}} into {{lang}}. {{photo}}", fields, {
    text: "{{lang}} and {{photo}} and {{ text }}",
    lang: "German $& $1",
  });
  assert.equal(rendered, "Translate {{lang}} and {{photo}} and {{ text }} into German $& $1. ");
  assert.equal(
    renderInstructions("See {{photo}}", fields, { photo: "id-1" }),
    "See [Photo]",
  );
});
