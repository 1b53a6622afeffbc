/** Test and benchmark helpers for workspaces: a database, a conversation and its folders. */
import { createConversation } from "../chat/store.ts";
import { chatTestDb } from "../chat/testing.ts";
import { privateDir } from "../config/private.ts";
import type { Db } from "../db/mod.ts";
import { workspaceDir, workspaceStoreDir } from "./paths.ts";
import type { SnapshotTarget } from "./snapshots.ts";
import { ensureWorkspaceRow } from "./usage.ts";

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
