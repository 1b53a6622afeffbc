/**
 * The document library over the API: upload (streamed, capped, typed by content), list, get,
 * rename/move/share, download, text, delete, folders, the documents a conversation uses, search,
 * and who may do what (private → 404 for others; shared → readable, 403 on change).
 */
import assert from "node:assert/strict";
import { MAX_DOCUMENT_BYTES } from "../lib/documents/types.ts";
import { json } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";

async function upload(
  who: Member,
  name: string,
  body: BodyInit,
  query: Record<string, string> = {},
) {
  const params = new URLSearchParams({ name, ...query });
  return await who.fetch(`/api/documents?${params}`, { method: "POST", body });
}

async function uploaded(who: Member, name: string, body: BodyInit, query = {}) {
  const res = await upload(who, name, body, query);
  assert.equal(res.status, 201, await res.clone().text());
  return await res.json();
}

/** The files in `<data>/documents`. */
function files(app: TestApp): string[] {
  try {
    return [...Deno.readDirSync(`${app.home}/documents`)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

Deno.test("documents api - upload, list, get, text, download, rename, delete", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const doc = await uploaded(ann, "Recipes.md", "# Soup\n\nBoil water.\n");
  assert.deepEqual(
    [doc.name, doc.kind, doc.mime, doc.size, doc.status, doc.mine, doc.shared, doc.ownerName],
    ["Recipes.md", "md", "text/markdown; charset=utf-8", 20, "queued", true, false, "Ann"],
  );
  // The original (its Markdown may be there already: ingestion has begun).
  assert.deepEqual(files(app).filter((f) => !f.endsWith(".md")), [doc.id]);

  const pdf = await uploaded(ann, "looks like text.txt", "%PDF-1.4 not really");
  assert.equal(pdf.kind, "pdf", "the content decides, not the name");

  const list = await (await ann.fetch("/api/documents?limit=1")).json();
  assert.deepEqual([list.total, list.nextOffset, list.documents[0].id], [2, 1, pdf.id]);
  assert.equal((await (await ann.fetch(`/api/documents/${doc.id}`)).json()).name, "Recipes.md");
  assert.deepEqual(await (await ann.fetch(`/api/documents/${doc.id}/text`)).json(), {
    markdown: "",
    chunks: [],
  });

  const down = await ann.fetch(`/api/documents/${doc.id}/download`);
  assert.equal(down.status, 200);
  assert.equal(await down.text(), "# Soup\n\nBoil water.\n");
  assert.equal(down.headers.get("x-content-type-options"), "nosniff");
  assert.equal(
    down.headers.get("content-disposition"),
    `attachment; filename="Recipes.md"; filename*=UTF-8''Recipes.md`,
  );
  assert.equal(down.headers.get("content-length"), "20");

  const renamed = await (await ann.fetch(
    `/api/documents/${doc.id}`,
    json("PATCH", { name: 'Grüße \u202E"x".md' }),
  )).json();
  assert.equal(renamed.name, 'Grüße "x".md');
  const again = await ann.fetch(`/api/documents/${doc.id}/download`);
  await again.body?.cancel();
  assert.equal(
    again.headers.get("content-disposition"),
    `attachment; filename="Gr__e _x_.md"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.md`,
  );
  await expectError(
    await ann.fetch(`/api/documents/${doc.id}`, json("PATCH", {})),
    422,
    "invalid_input",
  );

  assert.equal((await ann.fetch(`/api/documents/${doc.id}`, { method: "DELETE" })).status, 204);
  await expectError(await ann.fetch(`/api/documents/${doc.id}`), 404, "document_not_found");
  await expectError(
    await ann.fetch(`/api/documents/${doc.id}/download`),
    404,
    "document_not_found",
  );
  assert.deepEqual(files(app), [pdf.id], "its file went with it");
});

Deno.test("documents api - what cannot be stored is refused and leaves nothing behind", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  await expectError(
    await upload(ann, "photo.txt", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0])),
    415,
    "unsupported_type",
  );
  await expectError(await upload(ann, "empty.txt", ""), 422, "empty_file");
  // A real-size Content-Length over 100 MB: refused before a byte is read.
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(1024));
    },
  });
  const res = await ann.fetch("/api/documents?name=big.txt", {
    method: "POST",
    body,
    headers: { "content-length": String(MAX_DOCUMENT_BYTES + 1) },
    duplex: "half",
  } as RequestInit);
  await expectError(res, 413, "body_too_large");
  assert.ok(pulled <= 1, `nothing was read (${pulled} pulls)`);
  // Exactly 100 MB declared is not refused by its length (the body here is short and real).
  const at = await ann.fetch("/api/documents?name=ok.txt", {
    method: "POST",
    body: "fits",
    headers: { "content-length": "4" },
  });
  assert.equal(at.status, 201);
  const ok = await at.json();
  // Over the 10 MB every other /api body is held to: this route takes up to 100 MB.
  const eleven = await uploaded(ann, "eleven.txt", new Uint8Array(11_000_000).fill(0x61));
  assert.equal(eleven.size, 11_000_000);
  await expectError(
    await upload(ann, "x.txt", "hi", { folder: crypto.randomUUID() }),
    404,
    "folder_not_found",
  );
  // The stored originals, and no partial file (ingestion may have written their Markdown).
  assert.deepEqual(
    files(app).filter((f) => !f.endsWith(".md")),
    [ok.id, eleven.id].sort(),
    "no partial file is left",
  );
});

Deno.test("documents api - private is the owner's alone; shared is readable, changed by its owner only", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const doc = await uploaded(ann, "diary.txt", "Dear diary");
  const urls = [
    `/api/documents/${doc.id}`,
    `/api/documents/${doc.id}/text`,
    `/api/documents/${doc.id}/download`,
  ];
  for (const url of urls) await expectError(await bob.fetch(url), 404, "document_not_found");
  await expectError(
    await bob.fetch(urls[0], json("PATCH", { name: "mine" })),
    404,
    "document_not_found",
  );
  await expectError(await bob.fetch(urls[0], { method: "DELETE" }), 404, "document_not_found");
  assert.equal((await (await bob.fetch("/api/documents")).json()).total, 0);

  const shared = await (await ann.fetch(urls[0], json("PATCH", { shared: true }))).json();
  assert.equal(shared.shared, true);
  for (const url of urls) assert.equal((await bob.fetch(url)).status, 200, url);
  const seen = await (await bob.fetch(urls[0])).json();
  assert.deepEqual([seen.mine, seen.ownerName], [false, "Ann"]);
  await expectError(await bob.fetch(urls[0], json("PATCH", { name: "mine" })), 403, "not_owner");
  await expectError(await bob.fetch(urls[0], { method: "DELETE" }), 403, "not_owner");
  assert.equal((await (await bob.fetch("/api/documents")).json()).total, 1);
  assert.equal((await (await ann.fetch(urls[0])).json()).name, "diary.txt", "unchanged");
});

Deno.test("documents api - folders: nest, share what is inside, move contents up on delete", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const make = async (body: unknown) => {
    const res = await ann.fetch("/api/documents/folders", json("POST", body));
    assert.equal(res.status, 201, await res.clone().text());
    return await res.json();
  };
  const family = await make({ name: "Family", shared: true });
  const taxes = await make({ name: "Taxes", parentId: family.id });
  assert.equal(taxes.shared, true);
  const doc = await uploaded(ann, "2025.txt", "numbers", { folder: taxes.id });
  assert.deepEqual([doc.folderId, doc.shared], [taxes.id, true]);

  const bobsView = await (await bob.fetch("/api/documents/folders")).json();
  assert.deepEqual(
    bobsView.folders.map((f: { name: string; mine: boolean }) => [f.name, f.mine]),
    [["Family", false], ["Taxes", false]],
  );
  const inTaxes = await (await bob.fetch(`/api/documents?folder=${taxes.id}`)).json();
  assert.deepEqual(inTaxes.documents.map((d: { id: string }) => d.id), [doc.id]);
  await expectError(
    await bob.fetch(`/api/documents/folders/${family.id}`, json("PATCH", { name: "Ours" })),
    403,
    "not_owner",
  );
  await expectError(
    await ann.fetch(`/api/documents/folders/${family.id}`, json("PATCH", { parentId: taxes.id })),
    422,
    "folder_cycle",
  );
  await expectError(
    await ann.fetch(`/api/documents/${doc.id}`, json("PATCH", { shared: false })),
    422,
    "folder_shared",
  );
  // Unsharing the top folder makes everything inside private.
  await ann.fetch(`/api/documents/folders/${family.id}`, json("PATCH", { shared: false }));
  await expectError(await bob.fetch(`/api/documents/${doc.id}`), 404, "document_not_found");
  assert.deepEqual((await (await bob.fetch("/api/documents/folders")).json()).folders, []);

  const del = await ann.fetch(`/api/documents/folders/${taxes.id}`, { method: "DELETE" });
  assert.equal(del.status, 204);
  const moved = await (await ann.fetch(`/api/documents/${doc.id}`)).json();
  assert.equal(moved.folderId, family.id, "its document moved up to the parent, not deleted");
  await expectError(
    await ann.fetch(`/api/documents?folder=${taxes.id}`),
    404,
    "folder_not_found",
  );
});

Deno.test("documents api - a conversation uses documents: its own conversation, readable documents", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const conv = await (await ann.fetch("/api/conversations", json("POST", {}))).json();
  const mine = await uploaded(ann, "mine.txt", "mine");
  const theirs = await uploaded(bob, "theirs.txt", "theirs");
  const use = (who: Member, docId: string, method = "PUT") =>
    who.fetch(`/api/conversations/${conv.id}/documents/${docId}`, { method });
  assert.equal((await use(ann, mine.id)).status, 204);
  assert.equal((await use(ann, mine.id)).status, 204, "twice is fine");
  await expectError(await use(ann, theirs.id), 404, "document_not_found");
  await expectError(await use(bob, theirs.id), 404, "conversation_not_found");
  const listed = await (await ann.fetch(`/api/conversations/${conv.id}/documents`)).json();
  assert.deepEqual(listed.documents.map((d: { id: string }) => d.id), [mine.id]);
  await expectError(
    await bob.fetch(`/api/conversations/${conv.id}/documents`),
    404,
    "conversation_not_found",
  );
  assert.equal((await use(ann, mine.id, "DELETE")).status, 204);
  assert.deepEqual(
    (await (await ann.fetch(`/api/conversations/${conv.id}/documents`)).json()).documents,
    [],
  );
});

Deno.test("documents api - search: one private and one shared document across two profiles", async () => {
  await using app = await testApp();
  const [ann, bob] = [await member(app, "Ann"), await member(app, "Bob")];
  const secret = await uploaded(ann, "Zeppelin secret.txt", "private words");
  const open = await uploaded(ann, "Zeppelin open.txt", "open words", { shared: "1" });
  // Passages, as ingestion stores them (its chunks join the same index).
  const chunk = (docId: string, text: string) =>
    Number(
      app.services.db.raw.prepare(
        `INSERT INTO document_chunks (document_id, seq, heading, text, start, end, tokens)
         VALUES (?, 0, 'Part', ?, 0, ?, 3) RETURNING id`,
      ).get(docId, text, text.length)!.id,
    );
  const secretChunk = chunk(secret.id, "the walrus hums");
  const openChunk = chunk(open.id, "the walrus sings");

  const hits = async (who: Member, q: string) =>
    ((await (await who.fetch(`/api/search?q=${q}`)).json()).hits as {
      kind: string;
      id: string;
      href: string;
    }[]).map((h) => `${h.kind} ${h.href}`).sort();
  assert.deepEqual(
    await hits(ann, "zeppelin"),
    [`document /documents/${open.id}`, `document /documents/${secret.id}`].sort(),
  );
  assert.deepEqual(await hits(bob, "zeppelin"), [`document /documents/${open.id}`]);
  assert.deepEqual(await hits(bob, "walrus"), [
    `doc_chunk /documents/${open.id}?chunk=${openChunk}#c-${openChunk}`,
  ]);
  assert.equal((await hits(ann, "walrus")).length, 2);
  assert.ok(secretChunk > 0);

  // The library's own q goes through the same index: by name, or by a passage.
  const listed = async (who: Member, q: string) =>
    ((await (await who.fetch(`/api/documents?q=${q}`)).json()).documents as { id: string }[])
      .map((d) => d.id).sort();
  assert.deepEqual(await listed(bob, "walrus"), [open.id]);
  assert.deepEqual(await listed(ann, "walrus"), [secret.id, open.id].sort());
  assert.deepEqual(await listed(ann, "hums"), [secret.id]);

  // Unsharing takes it out of Bob's results, name and passages alike.
  await ann.fetch(`/api/documents/${open.id}`, json("PATCH", { shared: false }));
  assert.deepEqual(await hits(bob, "zeppelin"), []);
  assert.deepEqual(await hits(bob, "walrus"), []);
  assert.deepEqual(await listed(bob, "walrus"), []);

  // The search page names a passage after its document.
  const page = await ann.fetch("/search?q=hums", { headers: { accept: "text/html" } });
  assert.match(await page.text(), /Zeppelin secret\.txt › Part/);
});

Deno.test("documents api - an ingestion error is said in the reader's language", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const known = await uploaded(ann, "a.txt", "a");
  const unknown = await uploaded(ann, "b.txt", "b");
  const fail = app.services.db.raw.prepare(
    "UPDATE documents SET status = 'failed', error_code = ?, error_message = ? WHERE id = ?",
  );
  fail.run("empty_file", "The file is empty.", known.id);
  fail.run("something_new", "A sentence only in English.", unknown.id);
  const de = { headers: { "accept-language": "de" } };
  const got = await (await ann.fetch(`/api/documents/${known.id}`, de)).json();
  assert.deepEqual(got.error, { code: "empty_file", message: "Die Datei ist leer." });
  const kept = await (await ann.fetch(`/api/documents/${unknown.id}`, de)).json();
  assert.deepEqual(kept.error, { code: "something_new", message: "A sentence only in English." });
  const listed = await (await ann.fetch("/api/documents?status=failed", de)).json();
  assert.deepEqual(
    listed.documents.map((d: { error: { message: string } }) => d.error.message).sort(),
    ["A sentence only in English.", "Die Datei ist leer."],
  );
  assert.equal(
    (await (await ann.fetch(`/api/documents/${known.id}`)).json()).error.message,
    "The file is empty.",
  );
});

Deno.test("documents api - the routes drive services.ingest and services.vectors when a Hearth has them", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const calls: string[] = [];
  Object.assign(app.services, {
    ingest: {
      enqueue: (id: string) => calls.push(`enqueue ${id}`),
      cancel: (id: string) => {
        // Cancelled while the row still exists.
        const row = app.services.db.raw.prepare("SELECT id FROM documents WHERE id = ?").get(id);
        calls.push(`cancel ${id} ${row ? "before" : "after"} the delete`);
        return Promise.resolve(true);
      },
      taskOf: (id: string) => `task-of-${id}`,
      // What closing the services may call once the real service is wired.
      start() {},
      stop: () => Promise.resolve(),
    },
    vectors: { removeDocument: (id: string) => calls.push(`vectors ${id}`) },
  });
  const doc = await uploaded(ann, "a.txt", "hello");
  assert.equal(doc.taskId, `task-of-${doc.id}`);
  assert.equal(
    (await (await ann.fetch(`/api/documents/${doc.id}`)).json()).taskId,
    `task-of-${doc.id}`,
  );
  assert.equal((await ann.fetch(`/api/documents/${doc.id}`, { method: "DELETE" })).status, 204);
  assert.deepEqual(calls, [
    `enqueue ${doc.id}`,
    `cancel ${doc.id} before the delete`,
    `vectors ${doc.id}`,
  ]);
});
