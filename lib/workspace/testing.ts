/** Test helpers for workspaces: a database with Ann's and Bob's conversations, a data folder. */
import * as assert from "node:assert/strict";
import { HttpError } from "../http/errors.ts";
import { createConversation } from "../chat/store.ts";
import { openDatabase } from "../db/mod.ts";
import { addProfiles } from "../db/testing.ts";
import { openWorkspace } from "./workspace.ts";

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
