/** Test and benchmark helpers for workspaces: databases with conversations, their folders, trees. */
import { createConversation } from "../chat/store.ts";
import { chatTestDb } from "../chat/testing.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import { openDatabase } from "../db/mod.ts";
import { addProfiles } from "../db/testing.ts";
import { HttpError } from "../http/errors.ts";
import { workspaceDir, workspaceStoreDir } from "./paths.ts";
import type { SnapshotTarget } from "./snapshots.ts";
import { ensureWorkspaceRow } from "./usage.ts";
import { openWorkspace } from "./workspace.ts";
import * as assert from "node:assert/strict";
/** An in-memory database with profiles `ann` and `bob`, one conversation each, a temp data folder. */
export async function workspaceWorld() {
  const db = await openDatabase(":memory:");
  await addProfiles(db, ["ann", "bob"]);
  const dataDir = await Deno.realPath(await Deno.makeTempDir());
  const annChat = (await createConversation(db.kysely, "ann", { title: "Ann's" })).id;
  const bobChat = (await createConversation(db.kysely, "bob", { title: "Bob's" })).id;
  const paths = { dataDir };
  return {
    db,
    paths,
    dataDir,
    annChat,
    bobChat,
    open: (profileId = "ann", conversationId = annChat) =>
      openWorkspace({ db, paths }, profileId, conversationId),
    [Symbol.asyncDispose]: async () => {
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}
/** Asserts that `fn` throws the workspace error `code`. */
export async function rejectsWith(fn: () => unknown, code: string): Promise<void> {
  await assert.rejects(async () => await fn(), (err) => {
    assert.ok(err instanceof HttpError, String(err));
    assert.equal(err.code, code, err.message);
    return true;
  });
}

/** A workspace of Ann's in a temp data folder; dispose it with `await using`. */
export interface TestWorkspace extends AsyncDisposable {
  db: Db;
  dataDir: string;
  target: SnapshotTarget;
}

/** Makes Ann's conversation, its workspace row and both folders (0700) under a temp folder. */
export async function testWorkspace(profileId = "ann"): Promise<TestWorkspace> {
  const db = await chatTestDb();
  const dataDir = await Deno.makeTempDir({ prefix: "hearth-ws-" });
  const conversation = await createConversation(db.kysely, profileId, { agent: true });
  await ensureWorkspaceRow(db.kysely, profileId, conversation.id);
  const paths = { dataDir };
  const target: SnapshotTarget = {
    db: db.kysely,
    profileId,
    conversationId: conversation.id,
    root: workspaceDir(paths, conversation.id),
    store: workspaceStoreDir(paths, conversation.id),
  };
  await privateDir(target.root);
  await privateDir(target.store);
  return {
    db,
    dataDir,
    target,
    async [Symbol.asyncDispose]() {
      await db.close();
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** Reads a tree as `{ path: content | "dir" | "-> target" }`, links not followed. */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(rel ? `${root}/${rel}` : root)) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymlink) out[path] = `-> ${await Deno.readLink(`${root}/${path}`)}`;
      else if (e.isDirectory) {
        out[path] = "dir";
        await walk(path);
      } else out[path] = await Deno.readTextFile(`${root}/${path}`);
    }
  };
  await walk("");
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a < b ? -1 : 1));
}

/** Writes `{ path: content }` under `root`, making folders. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(files)) {
    const slash = path.lastIndexOf("/");
    if (slash > 0) await Deno.mkdir(`${root}/${path.slice(0, slash)}`, { recursive: true });
    await Deno.writeTextFile(`${root}/${path}`, text);
  }
}
