import { requireProfile } from "../../../../lib/auth/mod.ts";
import { deleteUnsentAttachment, readAttachment } from "../../../../lib/chat/attachments.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/chat/attachments/{id}`: one of the profile's photos, as it was uploaded: a JPEG, PNG
 * or WebP checked by its bytes (never SVG, so it cannot run script; the app's CSP applies too),
 * never sniffed, cached by this browser for the same profile only. `DELETE`: removes a photo not
 * yet sent (204).
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const photo = await readAttachment(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(photo.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        "content-type": photo.mime,
        "content-length": String(photo.size),
        "x-content-type-options": "nosniff",
        "cache-control": "private, max-age=86400",
        // One browser may switch profiles: a cached photo answers only the same cookie.
        vary: "cookie",
        "content-disposition": "inline",
      },
    });
  },
  async DELETE(ctx) {
    const profile = requireProfile(ctx);
    await deleteUnsentAttachment(ctx.state.services.db.kysely, profile.id, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
