import assert from "node:assert/strict";
import { unzipSync, type Zippable, zipSync } from "fflate";
import { HttpError } from "../http/errors.ts";
import { readTree, writeTree } from "./snapshot_testing.ts";
import { loadZip, zipWorkspace } from "./zip.ts";
import { readDirectory } from "./zip_read.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** A temp root, staging and outside folder; removed at the end. */
async function folders() {
  const base = await Deno.makeTempDir({ prefix: "hearth-zip-" });
  const dirs = { root: `${base}/ws`, staging: `${base}/staging`, outside: `${base}/outside` };
  for (const d of Object.values(dirs)) await Deno.mkdir(d);
  return {
    ...dirs,
    base,
    async load(bytes: Uint8Array, opts: { room?: number; fileBytes?: number } = {}) {
      const file = `${base}/in.zip`;
      await Deno.writeFile(file, bytes);
      return loadZip(file, dirs.root, { room: opts.room ?? 1e9, staging: dirs.staging, ...opts });
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(base, { recursive: true });
    },
  };
}

/** Offsets of the central directory headers, by name. */
function directory(zip: Uint8Array): Map<string, number> {
  const v = new DataView(zip.buffer, zip.byteOffset);
  const out = new Map<string, number>();
  for (let i = 0; i + 46 <= zip.length; i++) {
    if (v.getUint32(i, true) !== 0x02014b50) continue;
    const n = v.getUint16(i + 28, true);
    out.set(new TextDecoder().decode(zip.subarray(i + 46, i + 46 + n)), i);
  }
  return out;
}

/** The local header offset an entry's directory record names. */
const localOf = (zip: Uint8Array, at: number) =>
  new DataView(zip.buffer, zip.byteOffset).getUint32(at + 42, true);

async function refused(
  p: Promise<unknown>,
  status: number,
  code: string,
  reason?: RegExp,
): Promise<void> {
  await assert.rejects(p, (err) => {
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.status, status, err.message);
    assert.equal(err.code, code);
    if (reason) assert.match(err.message, reason);
    return true;
  });
}

async function empty(dir: string): Promise<boolean> {
  for await (const _ of Deno.readDir(dir)) return false;
  return true;
}

Deno.test("zip - a workspace zipped and loaded again is the same, links left out", async () => {
  await using f = await folders();
  await writeTree(f.root, { "a.txt": "alpha", "docs/b.md": "# beta", "docs/deep/c.txt": "" });
  await Deno.mkdir(`${f.root}/empty`);
  await Deno.writeFile(`${f.root}/big.bin`, new Uint8Array(300_000).map((_, i) => i % 251));
  // Past 1 MB a file streams through the deflater instead of being deflated whole.
  await Deno.writeFile(`${f.root}/huge.bin`, new Uint8Array(1_500_000).map((_, i) => i % 253));
  await Deno.symlink("/etc/passwd", `${f.root}/link`);
  const bytes = new Uint8Array(await new Response(zipWorkspace(f.root)).arrayBuffer());
  const names = Object.keys(unzipSync(bytes)).sort();
  assert.deepEqual(names, [
    "a.txt",
    "big.bin",
    "docs/",
    "docs/b.md",
    "docs/deep/",
    "docs/deep/c.txt",
    "empty/",
    "huge.bin",
  ]);

  const before = await readTree(f.root);
  delete before["link"];
  const { root } = f;
  await Deno.remove(root, { recursive: true });
  await Deno.mkdir(root);
  const loaded = await f.load(bytes);
  assert.deepEqual(loaded, { files: 5, bytes: 5 + 6 + 300_000 + 1_500_000 });
  assert.deepEqual(await readTree(root), before);
  assert.ok(await empty(f.staging), "staging is left empty");
});

Deno.test("zip - saving reads files only as the stream is read", async () => {
  await using f = await folders();
  await Deno.writeFile(`${f.root}/one.bin`, crypto.getRandomValues(new Uint8Array(60_000)));
  await Deno.writeFile(`${f.root}/two.bin`, new Uint8Array(1));
  const reader = zipWorkspace(f.root).getReader();
  const first = await reader.read();
  assert.ok(first.value && first.value.byteLength < 70_000);
  // two.bin has not been opened yet: removing it now fails the stream later, not before.
  await Deno.remove(`${f.root}/two.bin`);
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  }, Deno.errors.NotFound);
});

const unsafeNames: [string, RegExp][] = [
  ["../evil.txt", /leaves the folder/],
  ["docs/../../evil.txt", /leaves the folder/],
  ["/etc/evil", /absolute/],
  ["C:/evil.txt", /drive letter/],
  ["..\\evil.txt", /backslash/],
  ["bad\u0000name", /control/],
  ["c1\u009bname", /control/],
];

for (const [name, reason] of unsafeNames) {
  Deno.test(`zip - refuses the whole archive for the name ${JSON.stringify(name)}`, async () => {
    await using f = await folders();
    const zip = zipSync({ "fine.txt": enc("ok"), [name]: enc("evil") });
    await refused(f.load(zip), 422, "zip_unsafe", reason);
    assert.ok(await empty(f.root), "nothing written, not even the fine entry");
    assert.ok(await empty(f.outside));
    await assert.rejects(Deno.lstat(`${f.base}/evil.txt`), Deno.errors.NotFound);
  });
}

Deno.test("zip - refuses a link entry, duplicates, and a file that is also a folder", async () => {
  await using f = await folders();
  const link: Zippable = { "link": [enc("/etc/passwd"), { os: 3, attrs: (0o120777 << 16) >>> 0 }] };
  await refused(f.load(zipSync(link)), 422, "zip_unsafe", /a link/);
  const dup = zipSync({ "Notes.txt": enc("1"), "notes.txt": enc("2") });
  await refused(f.load(dup), 422, "zip_unsafe", /duplicate/);
  const dup2 = zipSync({ "a/./b.txt": enc("1"), "a/b.txt": enc("2") });
  await refused(f.load(dup2), 422, "zip_unsafe", /duplicate/);
  const both = zipSync({ "x": enc("file"), "x/y": enc("under it") });
  await refused(f.load(both), 422, "zip_unsafe", /duplicate/);
  assert.ok(await empty(f.root));
});

Deno.test("zip - refuses an encrypted entry", async () => {
  await using f = await folders();
  const zip = zipSync({ "a.txt": enc("plain"), "secret.txt": enc("hidden") });
  const at = directory(zip).get("secret.txt")!;
  zip[at + 8] |= 1;
  await refused(f.load(zip), 422, "zip_unsafe", /encrypted/);
  assert.ok(await empty(f.root));
});

Deno.test("zip - a bomb is refused by its declared size, before inflating", async () => {
  await using f = await folders();
  const zip = zipSync({ "bomb.bin": new Uint8Array(5_000_000) }, { level: 9 });
  assert.ok(zip.length < 10_000, "a small zip");
  await refused(f.load(zip, { fileBytes: 1_000_000 }), 413, "zip_too_large", /bomb\.bin/);
  await refused(f.load(zip, { room: 4_000_000 }), 413, "zip_too_large");
  assert.ok(await empty(f.root));
  assert.ok(await empty(f.staging));
});

Deno.test("zip - a lying header is caught while inflating, and nothing is left", async () => {
  await using f = await folders();
  const zip = zipSync({ "ok.txt": enc("fine"), "liar.bin": new Uint8Array(2_000_000) });
  const at = directory(zip).get("liar.bin")!;
  const v = new DataView(zip.buffer);
  v.setUint32(at + 24, 1000, true);
  v.setUint32(localOf(zip, at) + 22, 1000, true);
  await refused(f.load(zip, { fileBytes: 10_000 }), 422, "zip_unsafe", /larger than its header/);
  // The same past 1 MB, where the entry streams through the inflater.
  const big = zipSync({ "ok.txt": enc("fine"), "liar.bin": new Uint8Array(3_000_000) });
  const bigAt = directory(big).get("liar.bin")!;
  const bv = new DataView(big.buffer);
  bv.setUint32(bigAt + 24, 1_500_000, true);
  bv.setUint32(localOf(big, bigAt) + 22, 1_500_000, true);
  await refused(f.load(big), 422, "zip_unsafe", /larger than its header/);
  assert.ok(await empty(f.root));
  assert.ok(await empty(f.staging), "the inflated part is removed");
});

Deno.test("zip - a wrong checksum and overlapping entries are refused", async () => {
  await using f = await folders();
  const zip = zipSync({ "a.txt": enc("aaaa"), "b.txt": enc("bbbb") });
  const dir = directory(zip);
  const crc = zip.slice();
  new DataView(crc.buffer).setUint32(dir.get("b.txt")! + 16, 12345, true);
  await refused(f.load(crc), 422, "zip_unsafe", /checksum/);
  const overlap = zip.slice();
  const v = new DataView(overlap.buffer);
  v.setUint32(dir.get("b.txt")! + 42, localOf(zip, dir.get("a.txt")!), true);
  await refused(f.load(overlap), 422, "zip_unsafe", /overlaps/);
  assert.ok(await empty(f.root));
});

Deno.test("zip - refuses more entries than the limit, and what is not a zip", async () => {
  await using f = await folders();
  const many: Zippable = {};
  for (let i = 0; i <= 10_000; i++) many[`f${i}`] = new Uint8Array(0);
  await refused(f.load(zipSync(many, { level: 0 })), 413, "zip_too_many_entries");
  // Folders come on top: 10,000 files in 100 folders are fine.
  const foldered: Zippable = {};
  for (let i = 0; i < 10_000; i++) foldered[`d${i % 100}/f${i}`] = new Uint8Array(0);
  for (let d = 0; d < 100; d++) foldered[`d${d}/`] = new Uint8Array(0);
  await Deno.writeFile(`${f.base}/foldered.zip`, zipSync(foldered, { level: 0 }));
  using judged = await Deno.open(`${f.base}/foldered.zip`);
  assert.equal((await readDirectory(judged, { bytes: 1e9 })).length, 10_100);
  await refused(f.load(enc("not a zip at all")), 422, "zip_invalid");
  assert.ok(await empty(f.root));
});

Deno.test("zip - never writes through a link in the workspace", async () => {
  await using f = await folders();
  await Deno.symlink(f.outside, `${f.root}/docs`);
  await refused(f.load(zipSync({ "docs/x.txt": enc("through") })), 422, "zip_unsafe", /in its way/);
  assert.ok(await empty(f.outside));
  // A file replaced by the zip's is overwritten; a link at a file's place is replaced itself.
  await Deno.writeTextFile(`${f.outside}/target.txt`, "outside");
  await Deno.symlink(`${f.outside}/target.txt`, `${f.root}/note.txt`);
  await writeTree(f.root, { "old.txt": "old" });
  await f.load(zipSync({ "note.txt": enc("from zip"), "old.txt": enc("new") }));
  assert.equal(await Deno.readTextFile(`${f.outside}/target.txt`), "outside");
  assert.equal(await Deno.readTextFile(`${f.root}/note.txt`), "from zip");
  assert.ok((await Deno.lstat(`${f.root}/note.txt`)).isFile);
  assert.equal(await Deno.readTextFile(`${f.root}/old.txt`), "new");
});

Deno.test("zip - refuses more entries than the workspace has room for", async () => {
  await using f = await folders();
  const zip = zipSync({ "a.txt": enc("a"), "b.txt": enc("b"), "c.txt": enc("c") });
  const file = `${f.base}/in.zip`;
  await Deno.writeFile(file, zip);
  await refused(
    loadZip(file, f.root, { room: 1e9, staging: f.staging, entries: 2 }),
    413,
    "workspace_too_many_files",
  );
  assert.ok(await empty(f.root));
});
