import * as assert from "node:assert/strict";
import { rejectsWith, workspaceWorld } from "./testing.ts";
import { deleteWorkspace, sweepWorkspaces } from "./workspace.ts";
import { workspaceUsage } from "./usage.ts";

Deno.test("workspace - opened for the profile's own conversation only, as a private folder", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  assert.equal(ws.root, `${w.dataDir}/workspaces/${w.annChat}`);
  assert.equal((await Deno.stat(ws.root)).mode! & 0o777, 0o700);
  assert.ok((await Deno.stat(`${w.dataDir}/workspace-store/${w.annChat}`)).isDirectory);
  await rejectsWith(() => w.open("ann", w.bobChat), "conversation_not_found");
});

Deno.test("workspace - write, read, list, edit, move, search, remove keep the counts", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const entry = await ws.write("notes/a.txt", "hello\nworld\n");
  assert.deepEqual([entry.path, entry.kind, entry.size], ["notes/a.txt", "file", 12]);
  assert.equal((await Deno.stat(`${ws.root}/notes/a.txt`)).mode! & 0o777, 0o600);
  assert.deepEqual(await ws.usage(), { bytes: 12, files: 1 });
  assert.deepEqual(await ws.readText("notes/a.txt"), {
    text: "hello\nworld\n",
    size: 12,
    truncated: false,
  });
  assert.deepEqual(await ws.readText("notes/a.txt", { maxBytes: 5 }), {
    text: "hello",
    size: 12,
    truncated: true,
  });
  await rejectsWith(() => ws.write("notes/a.txt", "x", { overwrite: false }), "file_exists");
  assert.equal((await ws.edit("notes/a.txt", "world", "there")).replacements, 1);
  await rejectsWith(() => ws.edit("notes/a.txt", "nope", "x"), "no_match");
  await ws.write("b.md", "x x x");
  await rejectsWith(() => ws.edit("b.md", "x", "y"), "ambiguous_match");
  assert.equal((await ws.edit("b.md", "x", "yy", { all: true })).replacements, 3);
  assert.deepEqual(await ws.usage(), { bytes: 12 + 8, files: 2 });
  const list = await ws.list("", { recursive: true });
  assert.deepEqual(list.entries.map((e) => `${e.kind}:${e.path}`), [
    "file:b.md",
    "dir:notes",
    "file:notes/a.txt",
  ]);
  assert.deepEqual(
    (await ws.search("there")).matches,
    [
      { path: "notes/a.txt", line: 1, text: "hello" },
    ].map((m) => ({ ...m, line: 2, text: "there" })),
  );
  assert.equal((await ws.search("^h.l+o$", { regex: true })).matches[0].path, "notes/a.txt");
  await rejectsWith(() => ws.search("(", { regex: true }), "bad_regex");
  await ws.move("notes", "docs/notes");
  assert.equal(await ws.readText("docs/notes/a.txt").then((r) => r.text), "hello\nthere\n");
  await rejectsWith(() => ws.move("docs", "docs/inner"), "move_into_itself");
  await rejectsWith(() => ws.move("b.md", "docs/notes/a.txt"), "file_exists");
  await rejectsWith(() => ws.remove("docs"), "folder_not_empty");
  await ws.remove("docs", { recursive: true });
  assert.deepEqual(await ws.usage(), { bytes: 8, files: 1 });
  await ws.mkdir("empty/deeper");
  await rejectsWith(() => ws.mkdir("b.md"), "file_exists");
  await rejectsWith(() => ws.write("b.md/x", "1"), "not_a_folder");
  await rejectsWith(() => ws.readText("missing.txt"), "file_not_found");
  await rejectsWith(() => ws.readText("empty"), "not_a_file");
  await ws.write("bin", new Uint8Array([0, 1, 2]));
  await rejectsWith(() => ws.readText("bin"), "not_text");
});

Deno.test("workspace - quota: a write past the profile's room is refused and nothing changes", async () => {
  await using w = await workspaceWorld();
  await w.db.kysely.insertInto("agent_settings").values({
    profile_id: "ann",
    quota_bytes: 100,
    updated_at: new Date().toISOString(),
  }).execute();
  const ws = await w.open();
  await ws.write("a.txt", "x".repeat(60));
  await rejectsWith(() => ws.write("b.txt", "x".repeat(41)), "quota_exceeded");
  await assert.rejects(Deno.stat(`${ws.root}/b.txt`), Deno.errors.NotFound);
  // Growing a file counts only the growth; shrinking frees room.
  await ws.write("a.txt", "x".repeat(100));
  await rejectsWith(() => ws.write("c.txt", "x"), "quota_exceeded");
  await ws.write("a.txt", "x".repeat(10));
  await ws.write("c.txt", "x".repeat(90));
  assert.deepEqual(await ws.usage(), { bytes: 100, files: 2 });
  // Another conversation of Ann's shares the quota.
  const { createConversation } = await import("../chat/store.ts");
  const other = (await createConversation(w.db.kysely, "ann", {})).id;
  const ws2 = await w.open("ann", other);
  await rejectsWith(() => ws2.write("d.txt", "x"), "quota_exceeded");
  // Bob's quota is his own.
  await (await w.open("bob", w.bobChat)).write("d.txt", "x".repeat(1000));
  // No temp file is left in the store.
  assert.deepEqual([...Deno.readDirSync(`${ws.store}/tmp`)], []);
});

Deno.test("workspace - changes never go through a link; reads follow only links inside", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const outside = `${w.dataDir}/outside`;
  await Deno.mkdir(outside);
  await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
  await ws.write("real/in.txt", "inside");
  // Links as a command would make them.
  await Deno.symlink(outside, `${ws.root}/out`);
  await Deno.symlink(`${outside}/secret.txt`, `${ws.root}/secret-link`);
  await Deno.symlink("real", `${ws.root}/alias`);
  // A sibling whose name starts with the root's.
  await Deno.mkdir(`${ws.root}-x`);
  await Deno.writeTextFile(`${ws.root}-x/s.txt`, "sibling");
  await Deno.symlink(`${ws.root}-x`, `${ws.root}/sib`);

  await rejectsWith(() => ws.readText("out/secret.txt"), "path_outside");
  await rejectsWith(() => ws.readText("secret-link"), "path_outside");
  await rejectsWith(() => ws.readText("sib/s.txt"), "path_outside");
  await rejectsWith(() => ws.readText("../outside/secret.txt"), "path_outside");
  await rejectsWith(() => ws.openFile("secret-link"), "path_outside");
  await rejectsWith(() => ws.list("out"), "path_outside");
  await rejectsWith(() => ws.search("secret", { path: "out" }), "path_outside");
  await rejectsWith(() => ws.write("out/new.txt", "x"), "path_outside");
  await rejectsWith(() => ws.write("sib/s.txt", "x"), "path_outside");
  await rejectsWith(() => ws.write("secret-link", "x"), "path_is_link");
  await rejectsWith(() => ws.edit("secret-link", "secret", "x"), "path_is_link");
  await rejectsWith(() => ws.write("alias/in.txt", "x"), "path_is_link");
  await rejectsWith(() => ws.mkdir("out/d"), "path_outside");
  await rejectsWith(() => ws.move("real/in.txt", "out/stolen.txt"), "path_outside");
  await rejectsWith(() => ws.move("out/secret.txt", "got.txt"), "path_outside");
  assert.equal(await Deno.readTextFile(`${outside}/secret.txt`), "secret");
  assert.equal(await Deno.readTextFile(`${ws.root}-x/s.txt`), "sibling");
  // A search of the whole workspace does not descend into links.
  assert.deepEqual((await ws.search("secret")).matches, []);
  assert.deepEqual((await ws.search("sibling")).matches, []);
  // Reading through a link inside is fine.
  assert.equal((await ws.readText("alias/in.txt")).text, "inside");
  // Removing a link removes the link, never its target.
  await ws.remove("secret-link");
  await ws.remove("out");
  assert.equal(await Deno.readTextFile(`${outside}/secret.txt`), "secret");
  // Moving a link moves the link.
  await ws.move("sib", "sibling-link");
  assert.ok((await Deno.lstat(`${ws.root}/sibling-link`)).isSymlink);
});

Deno.test("workspace - deleted with its store; the start sweep removes orphans and temp files", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  await ws.write("a.txt", "x");
  const outside = `${w.dataDir}/keep.txt`;
  await Deno.writeTextFile(outside, "keep");
  await Deno.symlink(outside, `${ws.root}/link`);
  await deleteWorkspace(w.paths, w.annChat);
  await assert.rejects(Deno.stat(ws.root), Deno.errors.NotFound);
  await assert.rejects(Deno.stat(ws.store), Deno.errors.NotFound);
  assert.equal(await Deno.readTextFile(outside), "keep");

  const bob = await w.open("bob", w.bobChat);
  await Deno.writeTextFile(`${bob.store}/tmp-left`, "x").catch(() => {});
  await Deno.mkdir(`${bob.store}/tmp`, { recursive: true });
  await Deno.writeTextFile(`${bob.store}/tmp/half`, "x");
  await Deno.mkdir(`${w.dataDir}/workspaces/orphan`, { recursive: true });
  await Deno.mkdir(`${w.dataDir}/workspace-store/orphan`, { recursive: true });
  assert.deepEqual(await sweepWorkspaces(w.db, w.paths), { folders: 2, temps: 1 });
  assert.ok((await Deno.stat(bob.root)).isDirectory);
  await assert.rejects(Deno.stat(`${w.dataDir}/workspaces/orphan`), Deno.errors.NotFound);
  assert.deepEqual(await workspaceUsage(w.db.kysely, "bob", w.bobChat), { bytes: 0, files: 0 });
});

Deno.test("workspace - a workspace folder a command replaced with a link is refused, its target untouched", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  const outside = `${w.dataDir}/outside`;
  await Deno.mkdir(outside, { mode: 0o755 });
  await Deno.chmod(outside, 0o755);
  await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
  await Deno.remove(ws.root, { recursive: true });
  await Deno.symlink(outside, ws.root);
  // The open Workspace refuses every path…
  await rejectsWith(() => ws.readText("secret.txt"), "path_outside");
  await rejectsWith(() => ws.write("x.txt", "x"), "path_outside");
  await rejectsWith(() => ws.list(), "path_outside");
  await rejectsWith(() => ws.rescan(), "path_outside");
  // …and opening it again does not follow the link (nor tighten its target's mode).
  await rejectsWith(() => w.open(), "workspace_dir_outside");
  assert.equal((await Deno.stat(outside)).mode! & 0o777, 0o755);
  assert.deepEqual([...Deno.readDirSync(outside)].map((e) => e.name), ["secret.txt"]);
});

Deno.test("workspace - rescan counts what a command wrote, links as themselves", async () => {
  await using w = await workspaceWorld();
  const ws = await w.open();
  await ws.write("a.txt", "12345");
  await Deno.mkdir(`${ws.root}/made`);
  await Deno.writeTextFile(`${ws.root}/made/b.txt`, "1234567890");
  await Deno.symlink("/etc", `${ws.root}/made/etc`);
  assert.deepEqual(await ws.usage(), { bytes: 5, files: 1 });
  await ws.rescan();
  const { bytes, files } = await ws.usage();
  assert.equal(files, 3);
  assert.equal(bytes, 5 + 10 + "/etc".length);
});
