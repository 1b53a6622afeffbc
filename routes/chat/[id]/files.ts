import { handler as api } from "../../api/workspaces/[id]/files.ts";

/**
 * `GET /chat/{id}/files?path=`: a workspace file's download for a plain link (the device cookie
 * names the profile; `/api` would need the session header a link cannot send). Otherwise it is
 * `GET /api/workspaces/{id}/files` itself: the same checks and headers. Nothing else: no upload
 * or delete outside `/api`.
 */
export const handler = { GET: api.GET };
