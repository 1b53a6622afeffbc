/**
 * A workspace's row and what a profile's workspaces hold. The row is made with the workspace
 * (for a conversation of the profile: 404 otherwise), its `bytes`/`files` kept current by each
 * change Hearth makes (`addUsage`) and set anew by a recount (`countTree`, after a command, a zip
 * load or a restore). A profile's quota is the admin's `agent_settings.quota_bytes`, else the
 * household default (`WORKSPACE_LIMITS.quotaBytes`).
 */
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { getConversation } from "../chat/store.ts";
import { HttpError } from "../http/errors.ts";
import { WORKSPACE_LIMITS } from "./types.ts";

type DB = Kysely<Database>;

/** Makes the conversation's workspace row unless it exists; 404 for another profile's. */
export async function ensureWorkspaceRow(
  db: DB,
  profileId: string,
  conversationId: string,
): Promise<void> {
  await getConversation(db, profileId, conversationId);
  const at = new Date().toISOString();
  await db.insertInto("workspaces")
    .values({
      conversation_id: conversationId,
      profile_id: profileId,
      bytes: 0,
      files: 0,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column("conversation_id").doNothing())
    .execute();
}

/** What one workspace holds, as last counted; zeros when it has no row. */
export async function workspaceUsage(
  db: DB,
  profileId: string,
  conversationId: string,
): Promise<{ bytes: number; files: number }> {
  const row = await db.selectFrom("workspaces").select(["bytes", "files"])
    .where("profile_id", "=", profileId).where("conversation_id", "=", conversationId)
    .executeTakeFirst();
  return row ?? { bytes: 0, files: 0 };
}

/** What all the profile's workspaces hold. */
export async function profileUsage(db: DB, profileId: string): Promise<number> {
  const row = await db.selectFrom("workspaces")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("bytes"), eb.lit(0)).as("bytes"))
    .where("profile_id", "=", profileId).executeTakeFirstOrThrow();
  return Number(row.bytes);
}

/** What the profile's workspaces may hold together. */
export async function profileQuota(db: DB, profileId: string): Promise<number> {
  const row = await db.selectFrom("agent_settings").select("quota_bytes")
    .where("profile_id", "=", profileId).executeTakeFirst();
  return row?.quota_bytes ?? WORKSPACE_LIMITS.quotaBytes;
}

/** Bytes the profile may still add. */
export async function roomLeft(db: DB, profileId: string): Promise<number> {
  const [quota, used] = await Promise.all([
    profileQuota(db, profileId),
    profileUsage(db, profileId),
  ]);
  return Math.max(0, quota - used);
}

/** 413 `quota_exceeded` unless `bytes` more fit in the profile's quota. */
export async function checkRoom(db: DB, profileId: string, bytes: number): Promise<void> {
  const room = await roomLeft(db, profileId);
  if (bytes > room) {
    throw new HttpError(
      413,
      "quota_exceeded",
      "Your workspaces are full: delete files or ask the admin for more room.",
      {},
      { room },
    );
  }
}

/** Adds to a workspace's counts (a negative delta removes). */
export async function addUsage(
  db: DB,
  profileId: string,
  conversationId: string,
  delta: { bytes: number; files: number },
): Promise<void> {
  await db.updateTable("workspaces")
    .set((eb) => ({
      bytes: eb("bytes", "+", delta.bytes),
      files: eb("files", "+", delta.files),
      updated_at: new Date().toISOString(),
    }))
    .where("profile_id", "=", profileId).where("conversation_id", "=", conversationId)
    .execute();
}

/** Sets a workspace's counts after a recount. */
export async function setUsage(
  db: DB,
  profileId: string,
  conversationId: string,
  usage: { bytes: number; files: number },
): Promise<void> {
  await db.updateTable("workspaces")
    .set({ ...usage, updated_at: new Date().toISOString() })
    .where("profile_id", "=", profileId).where("conversation_id", "=", conversationId)
    .execute();
}

/**
 * Counts the files and bytes under `root` without following links (a link counts as a file of
 * its own small size); stops counting entries at `WORKSPACE_LIMITS.entries * 2`.
 */
export async function countTree(root: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  let seen = 0;
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    for await (const entry of Deno.readDir(dir)) {
      if (++seen > WORKSPACE_LIMITS.entries * 2) return { bytes, files };
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory) stack.push(path);
      else {
        const info = await Deno.lstat(path);
        bytes += info.size;
        files++;
      }
    }
  }
  return { bytes, files };
}
