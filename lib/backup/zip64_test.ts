import assert from "node:assert/strict";
import { CHUNK, openForZip, WritePool } from "./zip64.ts";

Deno.test("zip64 - the write pool keeps at most its limit in flight and waits for all", async () => {
  const pool = new WritePool(3);
  let inFlight = 0, most = 0, done = 0;
  for (let i = 0; i < 20; i++) {
    await pool.add(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, i % 3));
      inFlight--;
      done++;
    });
  }
  await pool.drain();
  assert.equal(done, 20);
  assert.ok(most <= 3, `${most} in flight`);
});

Deno.test("zip64 - the write pool throws its first failure, after the others ended", async () => {
  const pool = new WritePool(4);
  let ended = 0;
  const slow = () => new Promise<void>((r) => setTimeout(() => (ended++, r()), 5));
  await pool.add(slow);
  await pool.add(() => Promise.reject(new Error("disk full")));
  await pool.add(slow).catch(() => {});
  await assert.rejects(() => pool.drain(), /disk full/);
  assert.equal(await pool.add(slow).then(() => "added", (e) => String(e)), "Error: disk full");
  assert.ok(ended >= 1);
});

Deno.test("zip64 - openForZip reads a small file whole and a large one's first chunk", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/small`, new Uint8Array([1, 2, 3]));
    await Deno.writeFile(`${dir}/empty`, new Uint8Array());
    await Deno.writeFile(`${dir}/large`, new Uint8Array(CHUNK + 10).fill(7));
    const small = await openForZip(`${dir}/small`);
    small.file.close();
    assert.deepEqual([...small.first], [1, 2, 3]);
    assert.equal(small.more, false);
    const empty = await openForZip(`${dir}/empty`);
    empty.file.close();
    assert.equal(empty.first.length, 0);
    assert.equal(empty.more, false);
    const large = await openForZip(`${dir}/large`);
    large.file.close();
    assert.equal(large.first.length, CHUNK);
    assert.equal(large.more, true);
    await assert.rejects(() => openForZip(`${dir}/gone`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
