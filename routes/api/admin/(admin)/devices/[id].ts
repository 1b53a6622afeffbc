import { revokeDevice } from "../../../../../lib/auth/mod.ts";
import { HttpError } from "../../../../../lib/http/errors.ts";
import { define } from "../../../../../utils.ts";

/** `DELETE /api/admin/devices/{id}`: revokes a device; its next request has no profile. */
export const handler = define.handlers({
  async DELETE(ctx) {
    const { db, now } = ctx.state.services;
    const id = ctx.params.id;
    if (!await revokeDevice(db, id, new Date(now()))) {
      throw new HttpError(404, "device_not_found", `There is no device ${id}.`, {}, { id });
    }
    return Response.json({ revoked: id });
  },
});
