/**
 * Where a conversation's workspace lives: its files under `<data>/workspaces/<conversation id>/`
 * (all the agent's tools ever see), and its snapshots' objects and manifests under
 * `<data>/workspace-store/<conversation id>/`, outside the workspace, so no tool can reach them.
 * Conversation ids are Hearth's own (`newId`), never a person's text.
 */
import type { HearthPaths } from "../config/paths.ts";

/** The folder that holds every workspace. */
export const workspacesDir = (paths: Pick<HearthPaths, "dataDir">) => `${paths.dataDir}/workspaces`;

/** The folder that holds every workspace's snapshot store. */
export const workspaceStoresDir = (paths: Pick<HearthPaths, "dataDir">) =>
  `${paths.dataDir}/workspace-store`;

/** Ids as Hearth makes them; anything else never becomes a path. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function checked(id: string): string {
  if (!ID.test(id)) throw new Error(`not a conversation id: ${JSON.stringify(id)}`);
  return id;
}

/** A conversation's workspace folder. */
export const workspaceDir = (paths: Pick<HearthPaths, "dataDir">, conversationId: string) =>
  `${workspacesDir(paths)}/${checked(conversationId)}`;

/** A conversation's snapshot store (`objects/`, `snapshots/`, `staging/`). */
export const workspaceStoreDir = (paths: Pick<HearthPaths, "dataDir">, conversationId: string) =>
  `${workspaceStoresDir(paths)}/${checked(conversationId)}`;
