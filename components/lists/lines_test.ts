import assert from "node:assert/strict";
import { itemLines } from "./lines.ts";

Deno.test("list lines - one item per line, bullets and blanks dropped", () => {
  assert.deepEqual(itemLines("Milk"), ["Milk"]);
  assert.deepEqual(
    itemLines("- Milk\r\n\n  * Bread  \n• Eggs\n[ ] Butter\n- [x] Jam\n   \n-5 degrees"),
    ["Milk", "Bread", "Eggs", "Butter", "Jam", "-5 degrees"],
  );
  assert.deepEqual(itemLines(" \n\n"), []);
});
