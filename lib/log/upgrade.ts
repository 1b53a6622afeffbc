/**
 * The checks on a live-log upgrade (`/ws`) besides the Host allow-list every request passes
 * (lib/http/security.ts): it must be a WebSocket upgrade, from a page of this very origin (a
 * WebSocket is not bound by CORS, so a foreign page could otherwise open it with the admin's
 * cookie), and carry a live admin login.
 */
import { HttpError } from "../http/errors.ts";

/**
 * Throws 400 for a request that is not a WebSocket upgrade, 403 `cross_origin` for a missing or
 * foreign `Origin`, 401 `admin_required` without a live admin login; all before any upgrade.
 */
export function checkLogUpgrade(req: Request, admin: boolean): void {
  if (req.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new HttpError(400, "websocket_required", "This address only speaks WebSocket.");
  }
  const origin = req.headers.get("origin");
  const host = req.headers.get("host") ?? new URL(req.url).host;
  let same = false;
  if (origin && origin !== "null") {
    try {
      same = new URL(origin).host.toLowerCase() === host.toLowerCase();
    } catch {
      same = false;
    }
  }
  if (!same) {
    throw new HttpError(
      403,
      "cross_origin",
      "The live log opens only from Hearth's own pages.",
    );
  }
  if (!admin) throw new HttpError(401, "admin_required", "Log in as the admin to do this.");
}
