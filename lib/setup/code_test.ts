import assert from "node:assert/strict";
import { generateSetupCode, normalizeSetupCode, setupCodeMatches } from "./code.ts";

Deno.test("setup code - is two groups of four unambiguous characters, different each time", () => {
  const codes = new Set(Array.from({ length: 200 }, generateSetupCode));
  assert.equal(codes.size, 200);
  for (const code of codes) assert.match(code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
});

Deno.test("setup code - matches ignoring case, spaces and dashes, and nothing else", () => {
  assert.ok(setupCodeMatches("K7QM-3XPA", "k7qm3xpa"));
  assert.ok(setupCodeMatches("K7QM-3XPA", " K7QM 3XPA "));
  assert.ok(!setupCodeMatches("K7QM-3XPA", "K7QM-3XPB"));
  assert.ok(!setupCodeMatches("K7QM-3XPA", "K7QM-3XP"));
  assert.ok(!setupCodeMatches("K7QM-3XPA", ""));
  assert.equal(normalizeSetupCode("ab-cd ef\tgh"), "ABCDEFGH");
});
