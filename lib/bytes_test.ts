import assert from "node:assert/strict";
import { concatBytes, writeAll } from "./bytes.ts";

Deno.test("writeAll - keeps writing when a write takes fewer bytes", async () => {
  const got: number[] = [];
  const slow = {
    write(bytes: Uint8Array) {
      const n = Math.min(2, bytes.length);
      got.push(...bytes.subarray(0, n));
      return Promise.resolve(n);
    },
  };
  await writeAll(slow, new Uint8Array([1, 2, 3, 4, 5]));
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
});

Deno.test("concatBytes - parts in order, a new array", () => {
  const a = new Uint8Array([1, 2]);
  const out = concatBytes(a, new Uint8Array([]), new Uint8Array([3]));
  assert.deepEqual([...out], [1, 2, 3]);
  out[0] = 9;
  assert.equal(a[0], 1);
  assert.equal(concatBytes().length, 0);
});
