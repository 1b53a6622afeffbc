/**
 * What the workspace routes share: the view (`GET /api/workspaces/{id}`), a file's download
 * (`/api/workspaces/{id}/files`, and the cookie page route `/chat/{id}/files` a plain link can
 * use) and the query that names a file. A download is always an attachment of an opaque type,
 * never sniffed; `inline=1` shows a text file as text/plain, nothing else.
 */
import { z } from "zod";
import { contentDisposition, downloadHeaders } from "../documents/download.ts";
import { decodeText } from "./walk.ts";
import { readAt } from "../documents/sniff.ts";
import { downloadType } from "./preview.ts";
import { profileQuota, profileUsage } from "./usage.ts";
import { WORKSPACE_LIMITS, type WorkspaceView } from "./types.ts";
import { openWorkspace, type Workspace } from "./workspace.ts";
import { readQuery } from "../http/validate.ts";

/** `?path=` (required) and `inline=1`. */
export const fileQuery = z.object({
  path: z.string().max(4096),
  inline: z.enum(["0", "1"]).optional(),
});

/** `{path}` of a new folder or a preview. */
export const pathBody = z.object({ path: z.string().min(1).max(4096) });

/** `{from, to}` of a move. */
export const moveBody = z.object({
  from: z.string().min(1).max(4096),
  to: z.string().min(1).max(4096),
});

/** The workspace as the panel shows it. */
export async function workspaceView(ws: Workspace): Promise<WorkspaceView> {
  const db = ws.db;
  const [tree, usage, quotaBytes, profileBytes] = await Promise.all([
    ws.list("", { recursive: true, limit: WORKSPACE_LIMITS.treeEntries }),
    ws.usage(),
    profileQuota(db, ws.profileId),
    profileUsage(db, ws.profileId),
  ]);
  return {
    conversationId: ws.conversationId,
    entries: tree.entries,
    truncated: tree.truncated,
    bytes: usage.bytes,
    files: usage.files,
    quotaBytes,
    profileBytes,
  };
}

/** The last component of a workspace path (a download's name). */
const baseName = (path: string) => path.split("/").filter(Boolean).at(-1) || "file";

/**
 * A file of the workspace as a download (`attachment`, `nosniff`, `application/octet-stream`
 * or a raster image's type, so the panel's `<img>` shows it),
 * or with `inline` as text/plain when it is UTF-8 text (415 `not_text` otherwise). The file is
 * checked and opened under the workspace lock, streamed after it.
 */
export async function fileResponse(
  ws: Workspace,
  path: string,
  opts: { inline?: boolean; head?: boolean } = {},
): Promise<Response> {
  const { file, entry } = await ws.openFile(path);
  try {
    const name = baseName(entry.path);
    const headers = downloadHeaders(name, downloadType(entry.path), entry.size);
    if (opts.inline) {
      // The opened file itself is checked (then rewound), not its path again.
      const head = await readAt(file, 0, Math.min(entry.size, 64 * 1024));
      decodeText(head, entry.path, entry.size > head.length);
      await file.seek(0, Deno.SeekMode.Start);
      headers.set("content-type", "text/plain; charset=utf-8");
      headers.set("content-disposition", contentDisposition(name).replace(/^attachment/, "inline"));
      // Shown in a tab of its own: no script, no frame, no request of its own.
      headers.set("content-security-policy", "sandbox; default-src 'none'");
    }
    if (opts.head) {
      file.close();
      return new Response(null, { headers });
    }
    return new Response(file.readable, { headers });
  } catch (err) {
    file.close();
    throw err;
  }
}

/**
 * `GET` of a workspace file for the profile (`?path=`, `inline=1`): the API route's and the
 * cookie page route's (`/chat/{id}/files`) one answer.
 */
export async function downloadFile(
  services: Parameters<typeof openWorkspace>[0],
  profileId: string,
  conversationId: string,
  req: { url: URL; method: string },
): Promise<Response> {
  const ws = await openWorkspace(services, profileId, conversationId);
  const q = readQuery(req.url, fileQuery);
  return await fileResponse(ws, q.path, { inline: q.inline === "1", head: req.method === "HEAD" });
}
