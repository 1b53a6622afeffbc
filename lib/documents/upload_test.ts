import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createMember } from "../auth/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { safeFileName } from "./schemas.ts";
import { documentFile } from "./store.ts";
import { createFolder } from "./folders.ts";
import { ensureDocumentsDir, receiveUpload, removeStaleUploads } from "./upload.ts";

const CAP = 1000;

async function world() {
  const db = await openDatabase(":memory:");
  const dataDir = await Deno.makeTempDir();
  const ann = (await createMember(db, { name: "Ann", avatar: "A" })).id;
  return {
    db,
    ann,
    paths: { dataDir },
    /** The files of the documents folder. */
    files: () => {
      try {
        return [...Deno.readDirSync(`${dataDir}/documents`)].map((e) => e.name).sort();
      } catch {
        return [];
      }
    },
    [Symbol.asyncDispose]: async () => {
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** A body of `total` bytes of "a", in `chunk`-byte pieces, counting how many were pulled. */
function chunked(total: number, chunk: number, fail?: number) {
  let sent = 0;
  const stats = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulls++;
      if (fail !== undefined && sent >= fail) return controller.error(new Error("client gone"));
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
    cancel() {
      stats.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, stats };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/documents", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

const refused = (status: number, code: string) => (err: unknown) => {
  assert.ok(err instanceof HttpError, String(err));
  assert.equal(`${err.status} ${err.code}`, `${status} ${code}`);
  return true;
};

Deno.test("upload - a Content-Length over the cap is refused before a byte is read", async () => {
  await using w = await world();
  const { stream, stats } = chunked(CAP + 1, 100);
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(stream, { "content-length": String(CAP + 1) }), {
      name: "a.txt",
    }, { limit: CAP }),
    refused(413, "body_too_large"),
  );
  assert.equal(stats.pulls, 0, "nothing was read");
  assert.deepEqual(w.files(), []);
});

Deno.test("upload - a chunked body is counted: past the cap it is cancelled and nothing is left", async () => {
  await using w = await world();
  const { stream, stats } = chunked(10 * CAP, 300);
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(stream), { name: "a.txt" }, { limit: CAP }),
    refused(413, "body_too_large"),
  );
  assert.ok(stats.pulls <= 5, `stopped reading at the cap (${stats.pulls} pulls)`);
  assert.ok(stats.cancelled, "the body was cancelled");
  assert.deepEqual(w.files(), []);
  assert.equal(w.db.raw.prepare("SELECT count(*) AS n FROM documents").get()!.n, 0);
});

Deno.test("upload - a Content-Length under the cap does not let a longer body through", async () => {
  await using w = await world();
  const { stream } = chunked(2 * CAP, 256);
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(stream, { "content-length": "10" }), {
      name: "a.txt",
    }, { limit: CAP }),
    refused(413, "body_too_large"),
  );
  assert.deepEqual(w.files(), []);
});

Deno.test("upload - exactly the cap is fine: streamed, hashed, typed, stored queued", async () => {
  await using w = await world();
  const { stream } = chunked(CAP, 333);
  const doc = await receiveUpload(w.db, w.paths, w.ann, post(stream), { name: "notes.txt" }, {
    limit: CAP,
    taskOf: () => "task-1",
  });
  assert.deepEqual(
    [doc.name, doc.kind, doc.size, doc.status, doc.taskId, doc.mine],
    ["notes.txt", "txt", CAP, "queued", "task-1", true],
  );
  assert.deepEqual(w.files(), [doc.id]);
  const bytes = await Deno.readFile(documentFile(w.paths, doc.id));
  assert.equal(bytes.length, CAP);
  const row = w.db.raw.prepare("SELECT sha256 FROM documents WHERE id = ?").get(doc.id)!;
  assert.equal(row.sha256, createHash("sha256").update(bytes).digest("hex"));
});

Deno.test("upload - a big single chunk arrives whole", async () => {
  await using w = await world();
  const bytes = new Uint8Array(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = 0x61 + (i % 26);
  const doc = await receiveUpload(w.db, w.paths, w.ann, post(bytes), { name: "big.txt" });
  assert.deepEqual(await Deno.readFile(documentFile(w.paths, doc.id)), bytes);
});

Deno.test("upload - a refused type, an empty file, a client gone or a wrong folder leave nothing", async () => {
  await using w = await world();
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(png), { name: "x.txt" }),
    refused(415, "unsupported_type"),
  );
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(new Uint8Array(0)), { name: "x.txt" }),
    refused(422, "empty_file"),
  );
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(null), { name: "x.txt" }),
    refused(422, "empty_file"),
  );
  const { stream } = chunked(10_000, 100, 500);
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post(stream), { name: "x.txt" }),
    /client gone/,
  );
  const bob = (await createMember(w.db, { name: "Bob", avatar: "B" })).id;
  const bobs = await createFolder(w.db, bob, { name: "Bob's" });
  await assert.rejects(
    receiveUpload(w.db, w.paths, w.ann, post("hello"), { name: "x.txt", folder: bobs.id }),
    refused(404, "folder_not_found"),
  );
  assert.deepEqual(w.files(), []);
  assert.equal(w.db.raw.prepare("SELECT count(*) AS n FROM documents").get()!.n, 0);
});

Deno.test("upload - names are kept as text only: base name, no controls, capped, never a path", async () => {
  const table: [string, string][] = [
    ["../x", "x"],
    ["../../etc/passwd", "passwd"],
    ["C:\\Users\\ann\\report.pdf", "report.pdf"],
    ["<img src=x onerror=alert(1)>.txt", "<img src=x onerror=alert(1)>.txt"],
    ["evil\u202Etxt.exe", "eviltxt.exe"],
    ["a\u0000b\nc\u2066d.txt", "abcd.txt"],
    ["", "document"],
    ["   ", "document"],
    ["..", "document"],
    ["dir/", "document"],
    ["x".repeat(300) + ".pdf", "x".repeat(251) + ".pdf"],
    ["😀".repeat(200), "😀".repeat(127)],
  ];
  for (const [raw, want] of table) assert.equal(safeFileName(raw), want, JSON.stringify(raw));

  await using w = await world();
  const doc = await receiveUpload(w.db, w.paths, w.ann, post("hi"), {
    name: "../<img src=x onerror=alert(1)>.txt",
  });
  assert.equal(doc.name, "<img src=x onerror=alert(1)>.txt");
  assert.deepEqual(w.files(), [doc.id], "the file is named by its id alone");
});

Deno.test("upload - the documents folder must resolve inside the data folder", async () => {
  await using w = await world();
  const outside = await Deno.makeTempDir();
  try {
    await Deno.symlink(outside, `${w.paths.dataDir}/documents`);
    await assert.rejects(ensureDocumentsDir(w.paths), refused(500, "documents_dir_outside"));
    await assert.rejects(
      receiveUpload(w.db, w.paths, w.ann, post("hi"), { name: "x.txt" }),
      refused(500, "documents_dir_outside"),
    );
    assert.deepEqual([...Deno.readDirSync(outside)], []);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("upload - stale partial files from a crash are removed, fresh ones kept", async () => {
  await using w = await world();
  await ensureDocumentsDir(w.paths);
  await Deno.writeTextFile(`${w.paths.dataDir}/documents/.tmp-old`, "x");
  await Deno.writeTextFile(`${w.paths.dataDir}/documents/keep`, "x");
  assert.equal(await removeStaleUploads(w.paths, 60_000, Date.now() - 120_000), 0);
  assert.equal(await removeStaleUploads(w.paths, 60_000, Date.now() + 120_000), 1);
  assert.deepEqual(w.files(), ["keep"]);
});
