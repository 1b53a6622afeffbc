import assert from "node:assert/strict";
import { createMember } from "../auth/mod.ts";
import { type Db, openDatabase } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { decide, type DocumentNeed } from "./access.ts";
import {
  createDocument,
  deleteDocument,
  documentFile,
  getDocument,
  listDocuments,
  markdownFile,
  newDocumentId,
  readDocumentText,
  updateDocument,
  visibleDocumentIds,
} from "./store.ts";
import { createFolder, deleteFolder, listFolders, updateFolder } from "./folders.ts";
import { attachDocument, conversationDocuments, detachDocument } from "./conversation_documents.ts";
import { conversationForReply } from "../chat/reply_reads.ts";

const refused = (status: number, code: string) => (err: unknown) => {
  assert.ok(err instanceof HttpError, String(err));
  assert.equal(`${err.status} ${err.code}`, `${status} ${code}`);
  return true;
};

async function world() {
  const db = await openDatabase(":memory:");
  const ann = await createMember(db, { name: "Ann", avatar: "A" });
  const bob = await createMember(db, { name: "Bob", avatar: "B" });
  return { db, ann: ann.id, bob: bob.id, [Symbol.asyncDispose]: () => db.close() };
}

async function doc(
  db: Db,
  owner: string,
  name: string,
  opts: { folderId?: string | null; shared?: boolean } = {},
) {
  return await createDocument(db, owner, {
    id: newDocumentId(),
    name,
    kind: "txt",
    mime: "text/plain",
    size: 3,
    sha256: "00",
    folderId: opts.folderId ?? null,
    shared: opts.shared ?? false,
  });
}

Deno.test("document access - the decision table", () => {
  const table: [string, 0 | 1, DocumentNeed, ReturnType<typeof decide>][] = [
    ["owner", 0, "read", "yes"],
    ["owner", 0, "owner", "yes"],
    ["owner", 1, "read", "yes"],
    ["owner", 1, "owner", "yes"],
    ["other", 0, "read", "hidden"],
    ["other", 0, "owner", "hidden"],
    ["other", 1, "read", "yes"],
    ["other", 1, "owner", "owner_only"],
  ];
  for (const [who, shared, need, verdict] of table) {
    assert.equal(decide({ profile_id: "owner", shared }, who, need), verdict);
  }
});

Deno.test("documents store - private is the owner's alone; shared is readable, changed by its owner only", async () => {
  await using w = await world();
  const { db, ann, bob } = w;
  const secret = await doc(db, ann, "secret.txt");
  assert.equal(secret.status, "queued");
  assert.equal(secret.ownerName, "Ann");
  assert.equal(secret.mine, true);
  await assert.rejects(getDocument(db, bob, secret.id), refused(404, "document_not_found"));
  await assert.rejects(
    updateDocument(db, bob, secret.id, { name: "x" }),
    refused(404, "document_not_found"),
  );
  await assert.rejects(
    deleteDocument(db, { dataDir: "/nonexistent" }, bob, secret.id),
    refused(404, "document_not_found"),
  );
  assert.deepEqual((await listDocuments(db, bob, {})).documents, []);

  const shared = await updateDocument(db, ann, secret.id, { shared: true });
  assert.equal(shared.shared, true);
  const seen = await getDocument(db, bob, secret.id, (id) => `task-${id}`);
  assert.deepEqual([seen.mine, seen.ownerName, seen.taskId], [false, "Ann", `task-${secret.id}`]);
  await assert.rejects(
    updateDocument(db, bob, secret.id, { name: "x" }),
    refused(403, "not_owner"),
  );
  await assert.rejects(
    deleteDocument(db, { dataDir: "/nonexistent" }, bob, secret.id),
    refused(403, "not_owner"),
  );
  assert.deepEqual(await visibleDocumentIds(db, bob, [secret.id, "nope", secret.id]), [secret.id]);
  const mine = await doc(db, bob, "bob.txt");
  assert.deepEqual(await visibleDocumentIds(db, ann, [mine.id, secret.id]), [secret.id]);
});

Deno.test("documents store - folders decide sharing: in a shared folder is shared, out of it private", async () => {
  await using w = await world();
  const { db, ann, bob } = w;
  const open = await createFolder(db, ann, { name: "Household", shared: true });
  const closed = await createFolder(db, ann, { name: "Mine" });
  const inner = await createFolder(db, ann, { name: "Inner", parentId: open.id });
  assert.equal(inner.shared, true, "a folder inside a shared one is shared");
  await assert.rejects(
    createFolder(db, ann, { name: "x", parentId: open.id, shared: false }),
    refused(422, "folder_shared"),
  );

  const d = await doc(db, ann, "a.txt", { folderId: inner.id });
  assert.equal(d.shared, true, "uploaded into a shared folder: shared");
  await assert.rejects(
    updateDocument(db, ann, d.id, { shared: false }),
    refused(422, "folder_shared"),
  );
  const out = await updateDocument(db, ann, d.id, { folderId: closed.id });
  assert.deepEqual([out.shared, out.folderId], [false, closed.id], "out of it: private");
  await assert.rejects(getDocument(db, bob, d.id), refused(404, "document_not_found"));
  const back = await updateDocument(db, ann, d.id, { folderId: open.id });
  assert.equal(back.shared, true);
  const kept = await updateDocument(db, ann, d.id, { folderId: null, shared: true });
  assert.deepEqual([kept.shared, kept.folderId], [true, null], "shared: true keeps it shared");

  // Unsharing a folder unshares everything inside, at any depth.
  const deep = await doc(db, ann, "deep.txt", { folderId: inner.id });
  await updateFolder(db, ann, open.id, { shared: false });
  await assert.rejects(getDocument(db, bob, deep.id), refused(404, "document_not_found"));
  assert.equal((await listFolders(db, ann)).every((f) => !f.shared), true);
  // Sharing it again shares them.
  await updateFolder(db, ann, open.id, { shared: true });
  assert.equal((await getDocument(db, bob, deep.id)).shared, true);
  // Moving the inner folder out of the shared one makes it (and its documents) private.
  await updateFolder(db, ann, inner.id, { parentId: null });
  await assert.rejects(getDocument(db, bob, deep.id), refused(404, "document_not_found"));

  // Others' folders: a shared one reads, but nothing goes into it but its owner's.
  const bobs = await doc(db, bob, "bob.txt");
  await assert.rejects(
    updateDocument(db, bob, bobs.id, { folderId: open.id }),
    refused(403, "not_owner"),
  );
  await assert.rejects(
    updateDocument(db, bob, bobs.id, { folderId: closed.id }),
    refused(404, "folder_not_found"),
  );
  await assert.rejects(updateFolder(db, bob, open.id, { name: "x" }), refused(403, "not_owner"));
  await assert.rejects(deleteFolder(db, bob, closed.id), refused(404, "folder_not_found"));
  assert.deepEqual((await listFolders(db, bob)).map((f) => [f.name, f.mine]), [
    ["Household", false],
  ]);
});

Deno.test("documents store - a shared document in a private folder shows at the root for others", async () => {
  await using w = await world();
  const { db, ann, bob } = w;
  const closed = await createFolder(db, ann, { name: "Mine" });
  const d = await doc(db, ann, "a.txt", { folderId: closed.id, shared: true });
  const seen = await getDocument(db, bob, d.id);
  assert.equal(seen.folderId, null);
  assert.deepEqual((await listDocuments(db, bob, { folder: "root" })).documents.map((x) => x.id), [
    d.id,
  ]);
  assert.deepEqual((await listDocuments(db, ann, { folder: "root" })).documents, []);
  assert.equal((await listDocuments(db, ann, { folder: closed.id })).total, 1);
  await assert.rejects(
    listDocuments(db, bob, { folder: closed.id }),
    refused(404, "folder_not_found"),
  );
});

Deno.test("documents store - folders nest without cycles; deleting one moves its contents up", async () => {
  await using w = await world();
  const { db, ann } = w;
  const a = await createFolder(db, ann, { name: "A" });
  const b = await createFolder(db, ann, { name: "B", parentId: a.id });
  const c = await createFolder(db, ann, { name: "C", parentId: b.id });
  await assert.rejects(
    updateFolder(db, ann, a.id, { parentId: c.id }),
    refused(422, "folder_cycle"),
  );
  await assert.rejects(
    updateFolder(db, ann, a.id, { parentId: a.id }),
    refused(422, "folder_cycle"),
  );
  const d = await doc(db, ann, "in-b.txt", { folderId: b.id });
  await deleteFolder(db, ann, b.id);
  assert.equal((await getDocument(db, ann, d.id)).folderId, a.id, "the document moved up");
  const folders = await listFolders(db, ann);
  assert.deepEqual(folders.map((f) => [f.name, f.parentId]), [["A", null], ["C", a.id]]);
  await deleteFolder(db, ann, a.id);
  assert.equal((await getDocument(db, ann, d.id)).folderId, null);
  assert.deepEqual((await listFolders(db, ann)).map((f) => [f.name, f.parentId]), [["C", null]]);

  // At most 16 deep.
  let parent: string | null = null;
  for (let i = 0; i < 16; i++) {
    parent = (await createFolder(db, ann, { name: `L${i}`, parentId: parent })).id;
  }
  await assert.rejects(
    createFolder(db, ann, { name: "L16", parentId: parent }),
    refused(422, "folder_too_deep"),
  );
});

Deno.test("documents store - list: filter, page, and search through the one index", async () => {
  await using w = await world();
  const { db, ann, bob } = w;
  const names = ["alpha.txt", "beta.txt", "gamma.txt"];
  const docs = [];
  for (const n of names) docs.push(await doc(db, ann, n));
  const page = await listDocuments(db, ann, { limit: 2 });
  assert.equal(page.total, 3);
  assert.equal(page.nextOffset, 2);
  const rest = await listDocuments(db, ann, { limit: 2, offset: 2 });
  assert.deepEqual([rest.documents.length, rest.nextOffset], [1, null]);
  // A chunk's text finds its document; the name finds it too.
  db.raw.prepare(
    `INSERT INTO document_chunks (document_id, seq, heading, text, start, end, tokens)
     VALUES (?, 0, 'Intro', 'the zeppelin flies at dawn', 0, 26, 6)`,
  ).run(docs[1].id);
  const byChunk = await listDocuments(db, ann, { q: "zeppelin" });
  assert.deepEqual(byChunk.documents.map((d) => d.name), ["beta.txt"]);
  assert.deepEqual((await listDocuments(db, ann, { q: "gamma" })).documents.map((d) => d.name), [
    "gamma.txt",
  ]);
  assert.equal((await listDocuments(db, bob, { q: "zeppelin" })).total, 0, "private: not Bob's");
  await updateDocument(db, ann, docs[1].id, { shared: true });
  assert.equal((await listDocuments(db, bob, { q: "zeppelin" })).total, 1, "shared: Bob's too");
  assert.equal((await listDocuments(db, ann, { status: "ready" })).total, 0);
  assert.equal((await listDocuments(db, ann, { status: "queued" })).total, 3);
});

Deno.test("documents store - text, files and delete", async () => {
  await using w = await world();
  const { db, ann } = w;
  const dataDir = await Deno.makeTempDir();
  try {
    const paths = { dataDir };
    const d = await doc(db, ann, "a.md");
    assert.deepEqual(await readDocumentText(db, paths, ann, d.id), { markdown: "", chunks: [] });
    await Deno.mkdir(`${dataDir}/documents`);
    await Deno.writeTextFile(documentFile(paths, d.id), "abc");
    await Deno.writeTextFile(markdownFile(paths, d.id), "# Hi\n\nabc");
    db.raw.prepare(
      `INSERT INTO document_chunks (document_id, seq, heading, text, start, end, tokens)
       VALUES (?, 0, 'Hi', 'abc', 6, 9, 1)`,
    ).run(d.id);
    const text = await readDocumentText(db, paths, ann, d.id);
    assert.equal(text.markdown, "# Hi\n\nabc");
    assert.deepEqual(text.chunks.map((c) => [c.seq, c.heading, c.start, c.end]), [[0, "Hi", 6, 9]]);
    const cancelled: string[] = [];
    const dropped: string[] = [];
    await deleteDocument(db, paths, ann, d.id, {
      cancel: (id) => Promise.resolve(cancelled.push(id) > 0),
      removeVectors: (id) => dropped.push(id),
    });
    assert.deepEqual([cancelled, dropped], [[d.id], [d.id]]);
    assert.deepEqual([...Deno.readDirSync(`${dataDir}/documents`)], []);
    assert.equal(db.raw.prepare("SELECT count(*) AS n FROM document_chunks").get()!.n, 0);
    assert.equal(
      db.raw.prepare("SELECT count(*) AS n FROM search_docs WHERE kind LIKE 'doc%'").get()!.n,
      0,
    );
    assert.throws(() => documentFile(paths, "../x"));
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("documents store - a conversation uses documents its profile may read", async () => {
  await using w = await world();
  const { db, ann, bob } = w;
  const at = new Date().toISOString();
  const conv = crypto.randomUUID();
  db.raw.prepare(
    `INSERT INTO conversations (id, profile_id, title, model, created_at, updated_at)
     VALUES (?, ?, '', 'm', ?, ?)`,
  ).run(conv, ann, at, at);
  const mine = await doc(db, ann, "mine.txt");
  const theirs = await doc(db, bob, "theirs.txt");
  // A reply's start reads whether to retrieve with its conversation (lib/chat/store.ts).
  const linked = async () => (await conversationForReply(db.kysely, ann, conv)).linked;
  assert.equal(await linked(), false);
  await attachDocument(db, ann, conv, mine.id);
  await attachDocument(db, ann, conv, mine.id);
  assert.equal(await linked(), true);
  await assert.rejects(
    attachDocument(db, ann, conv, theirs.id),
    refused(404, "document_not_found"),
  );
  await assert.rejects(
    attachDocument(db, bob, conv, theirs.id),
    refused(404, "conversation_not_found"),
  );
  await updateDocument(db, bob, theirs.id, { shared: true });
  await attachDocument(db, ann, conv, theirs.id);
  assert.deepEqual((await conversationDocuments(db, ann, conv)).map((d) => d.name), [
    "mine.txt",
    "theirs.txt",
  ]);
  // Unshared later: it no longer shows (nor is it used).
  await updateDocument(db, bob, theirs.id, { shared: false });
  assert.deepEqual((await conversationDocuments(db, ann, conv)).map((d) => d.name), ["mine.txt"]);
  await detachDocument(db, ann, conv, mine.id);
  assert.deepEqual(await conversationDocuments(db, ann, conv), []);
  await assert.rejects(
    conversationDocuments(db, bob, conv),
    refused(404, "conversation_not_found"),
  );
});
