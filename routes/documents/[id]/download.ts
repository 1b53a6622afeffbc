/**
 * `GET /documents/{id}/download`: the document page's Download link. A link cannot send the
 * session header `/api` needs, so the device cookie names the profile here; otherwise it is
 * `GET /api/documents/{id}/download` itself (the same checks and headers).
 */
export { handler } from "../../api/documents/[id]/download.ts";
