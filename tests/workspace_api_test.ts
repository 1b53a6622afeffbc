/**
 * The workspace's routes: the view, upload (streamed, capped, quota, nothing partial left),
 * download (attachment; inline text), delete, folders, move, the encoded-`..` and link escapes
 * through the query, the cookie page-route downloads (`/chat/{id}/files`, and the documents'
 * `/documents/{id}/download`), and the workspace's folders going with the conversation.
 */
import assert from "node:assert/strict";
import { adminApp, json } from "./helpers/admin.ts";
import { expectError, type TestApp, testApp } from "./helpers/app.ts";
import { type Member, member } from "./helpers/profile.ts";
import { seedDocument } from "./helpers/documents.ts";

async function conversation(who: Member): Promise<string> {
  const res = await who.fetch("/api/conversations", json("POST", { title: "Agent" }));
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id;
}

const files = (id: string, path: string, extra = "") =>
  `/api/workspaces/${id}/files?path=${encodeURIComponent(path)}${extra}`;

function put(who: Member, id: string, path: string, body: BodyInit | null, init: RequestInit = {}) {
  return who.fetch(files(id, path), { method: "PUT", body, ...init });
}

/** What is in the workspace's and its store's temp folders on disk. */
function onDisk(app: TestApp, id: string): { files: string[]; temps: string[] } {
  const list = (dir: string) => {
    try {
      return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    } catch {
      return [];
    }
  };
  return {
    files: list(`${app.home}/workspaces/${id}`),
    temps: list(`${app.home}/workspace-store/${id}/tmp`),
  };
}

Deno.test("workspace api - upload, view, download, inline, folders, move, delete", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const id = await conversation(ann);
  const up = await put(ann, id, "notes/hello.txt", "Hello, world\n");
  assert.equal(up.status, 200, await up.clone().text());
  assert.deepEqual(
    (({ path, kind, size }) => ({ path, kind, size }))(await up.json()),
    { path: "notes/hello.txt", kind: "file", size: 13 },
  );
  const view = await (await ann.fetch(`/api/workspaces/${id}`)).json();
  assert.deepEqual(view.entries.map((e: { path: string }) => e.path), ["notes", "notes/hello.txt"]);
  assert.deepEqual([view.conversationId, view.bytes, view.files, view.profileBytes], [
    id,
    13,
    1,
    13,
  ]);
  assert.equal(view.quotaBytes, 500 * 1024 * 1024);

  const down = await ann.fetch(files(id, "notes/hello.txt"));
  assert.equal(down.status, 200);
  assert.equal(down.headers.get("content-type"), "application/octet-stream");
  assert.match(down.headers.get("content-disposition")!, /^attachment; filename="hello.txt"/);
  assert.equal(down.headers.get("x-content-type-options"), "nosniff");
  assert.equal(await down.text(), "Hello, world\n");
  const inline = await ann.fetch(files(id, "notes/hello.txt", "&inline=1"));
  assert.equal(inline.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.match(inline.headers.get("content-disposition")!, /^inline;/);
  assert.equal(await inline.text(), "Hello, world\n");
  await put(ann, id, "pic.bin", new Uint8Array([0, 159, 146, 150]));
  await expectError(await ann.fetch(files(id, "pic.bin", "&inline=1")), 415, "not_text");

  const folder = await ann.fetch(`/api/workspaces/${id}/folders`, json("POST", { path: "out" }));
  assert.equal(folder.status, 201);
  const moved = await ann.fetch(
    `/api/workspaces/${id}/move`,
    json("POST", { from: "notes/hello.txt", to: "out/hi.txt" }),
  );
  assert.equal((await moved.json()).path, "out/hi.txt");
  await expectError(await ann.fetch(files(id, "notes/hello.txt")), 404, "file_not_found");
  await expectError(await ann.fetch(files(id, "out")), 409, "not_a_file");
  const del = await ann.fetch(files(id, "out"), { method: "DELETE" });
  assert.equal(del.status, 204);
  assert.deepEqual(onDisk(app, id).files, ["notes", "pic.bin"]);
  const after = await (await ann.fetch(`/api/workspaces/${id}`)).json();
  assert.deepEqual([after.bytes, after.files], [4, 1]);
  await expectError(await ann.fetch(`/api/workspaces/${id}/files`), 422, "invalid_input");
});

Deno.test("workspace api - escapes through the query: encoded .., absolute, NUL, links", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const id = await conversation(ann);
  await put(ann, id, "a.txt", "mine");
  const root = `${app.home}/workspaces/${id}`;
  // A link a command could have made, and a sibling folder whose name starts like this one.
  await Deno.symlink(app.home, `${root}/home`);
  await Deno.mkdir(`${root}-x`);
  await Deno.writeTextFile(`${root}-x/s.txt`, "sibling");
  await Deno.symlink(`${root}-x`, `${root}/sib`);
  const raw = (q: string, init?: RequestInit) =>
    ann.fetch(`/api/workspaces/${id}/files?path=${q}`, init);
  for (
    const q of [
      "..%2F..%2Fhearth.db",
      "%2e%2e/%2e%2e/hearth.db",
      "a.txt/../../x",
      "%2Fetc%2Fpasswd",
      "home/hearth.db",
      "home/config.json",
      "sib/s.txt",
    ]
  ) {
    await expectError(await raw(q), 400, "path_outside");
    await expectError(await raw(q, { method: "PUT", body: "x" }), 400, "path_outside");
    await expectError(await raw(q, { method: "DELETE" }), 400, "path_outside");
  }
  await expectError(await raw("a%00b"), 400, "bad_path");
  await expectError(await raw("..%5C..%5Cx"), 400, "bad_path");
  await expectError(
    await ann.fetch(`/api/workspaces/${id}/move`, json("POST", { from: "a.txt", to: "../a.txt" })),
    400,
    "path_outside",
  );
  await expectError(
    await ann.fetch(`/api/workspaces/${id}/folders`, json("POST", { path: "home/x" })),
    400,
    "path_outside",
  );
  assert.equal(await Deno.readTextFile(`${root}-x/s.txt`), "sibling");
  assert.ok((await Deno.stat(`${app.home}/hearth.db`)).isFile);
  // The view lists the links without following them out.
  const view = await (await ann.fetch(`/api/workspaces/${id}`)).json();
  assert.deepEqual(view.entries.map((e: { path: string }) => e.path), ["a.txt", "home", "sib"]);
});

Deno.test("workspace api - uploads: the cap before reading, a chunked body past it, the quota, nothing partial", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const id = await conversation(ann);
  // Content-Length over 100 MB: refused before a byte is read.
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(64 * 1024));
    },
  });
  await expectError(
    await put(ann, id, "big.bin", endless, {
      headers: { "content-length": String(100 * 1024 * 1024 + 1) },
      duplex: "half",
    } as RequestInit),
    413,
    "body_too_large",
  );
  assert.ok(pulled <= 2, `read ${pulled} chunks of a refused body`);
  // A quota of 1 MB: a declared 2 MB is refused before reading; a chunked body is counted.
  await app.services.db.kysely.insertInto("agent_settings")
    .values({ profile_id: ann.id, quota_bytes: 1024 * 1024, updated_at: new Date().toISOString() })
    .execute();
  await expectError(
    await put(ann, id, "two.bin", new Uint8Array(2 * 1024 * 1024)),
    413,
    "quota_exceeded",
  );
  let sent = 0;
  const chunked = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent >= 2 * 1024 * 1024) return c.close();
      sent += 64 * 1024;
      c.enqueue(new Uint8Array(64 * 1024));
    },
  });
  await expectError(await put(ann, id, "two.bin", chunked), 413, "quota_exceeded");
  assert.ok(sent <= 1024 * 1024 + 4 * 64 * 1024, `read ${sent} bytes past a 1 MB room`);
  // A client that goes away mid-upload leaves nothing behind.
  let n = 0;
  const broken = new ReadableStream<Uint8Array>({
    pull(c) {
      if (++n > 3) return c.error(new Error("client gone"));
      c.enqueue(new Uint8Array(1000));
    },
  });
  const gone = await put(ann, id, "half.bin", broken);
  assert.ok(gone.status >= 400);
  await gone.body?.cancel();
  assert.deepEqual(onDisk(app, id), { files: [], temps: [] });
  const view = await (await ann.fetch(`/api/workspaces/${id}`)).json();
  assert.deepEqual([view.bytes, view.files], [0, 0]);
  // What fits, fits.
  assert.equal((await put(ann, id, "ok.bin", new Uint8Array(1024 * 1024))).status, 200);
});

Deno.test("workspace api - another profile's workspace is a missing one; it goes with the conversation", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const id = await conversation(ann);
  await put(ann, id, "a.txt", "mine");
  await expectError(await bob.fetch(`/api/workspaces/${id}`), 404, "conversation_not_found");
  await expectError(await bob.fetch(files(id, "a.txt")), 404, "conversation_not_found");
  await expectError(await put(bob, id, "b.txt", "his"), 404, "conversation_not_found");
  assert.deepEqual(onDisk(app, id).files, ["a.txt"]);
  assert.equal((await ann.fetch(`/api/conversations/${id}`, { method: "DELETE" })).status, 204);
  await assert.rejects(Deno.stat(`${app.home}/workspaces/${id}`), Deno.errors.NotFound);
  await assert.rejects(Deno.stat(`${app.home}/workspace-store/${id}`), Deno.errors.NotFound);
});

Deno.test("page downloads - a plain link with the device cookie alone: workspace files and documents", async () => {
  await using app = await testApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const id = await conversation(ann);
  await put(ann, id, "report.md", "# Report\n");
  const link = (who: Member, path: string) => app.fetch(path, { headers: { cookie: who.cookie } });
  // The API needs the session header a link cannot send…
  assert.equal((await link(ann, files(id, "report.md"))).status, 401);
  // …the page route does not.
  const res = await link(ann, `/chat/${id}/files?path=report.md`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-disposition")!, /^attachment; filename="report.md"/);
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(await res.text(), "# Report\n");
  assert.equal((await link(bob, `/chat/${id}/files?path=report.md`)).status, 404);
  assert.equal((await link(ann, `/chat/${id}/files?path=..%2F..%2Fhearth.db`)).status, 400);

  const { doc } = await seedDocument(app.services, ann.id, {
    name: "Notes.md",
    markdown: "# Notes\n",
  });
  assert.equal((await link(ann, `/api/documents/${doc.id}/download`)).status, 401);
  const got = await link(ann, `/documents/${doc.id}/download`);
  assert.equal(got.status, 200);
  assert.match(got.headers.get("content-disposition")!, /^attachment; filename="Notes.md"/);
  assert.equal(got.headers.get("x-content-type-options"), "nosniff");
  await got.body?.cancel();
  assert.equal((await link(bob, `/documents/${doc.id}/download`)).status, 404);
  // The document page's Download link is the page route.
  const page = await (await link(ann, `/documents/${doc.id}`)).text();
  assert.ok(
    page.includes(`href="/documents/${doc.id}/download"`),
    "the link points at the page route",
  );
  assert.ok(!page.includes(`/api/documents/${doc.id}/download`));
});

Deno.test("workspace api - a deleted profile's workspaces leave the disk", async () => {
  await using app = await adminApp();
  const ann = await member(app, "Ann");
  const bob = await member(app, "Bob");
  const mine = await conversation(ann);
  const his = await conversation(bob);
  await put(ann, mine, "a.txt", "Ann's");
  await put(bob, his, "b.txt", "Bob's");
  const res = await app.admin(`/api/admin/profiles/${ann.id}`, { method: "DELETE" });
  assert.equal(res.status, 200, await res.clone().text());
  await assert.rejects(Deno.stat(`${app.home}/workspaces/${mine}`), Deno.errors.NotFound);
  await assert.rejects(Deno.stat(`${app.home}/workspace-store/${mine}`), Deno.errors.NotFound);
  assert.deepEqual(onDisk(app, his).files, ["b.txt"]);
});
