import { requireProfile } from "../../../lib/auth/mod.ts";
import { BodyTooLargeError, readBody } from "../../../lib/http/body.ts";
import { HttpError } from "../../../lib/http/errors.ts";
import { readQuery } from "../../../lib/http/validate.ts";
import { localizedMessage } from "../../../lib/i18n/errors.ts";
import { importDrafts } from "../../../lib/ics/import_store.ts";
import { importQuery, MAX_IMPORT_BYTES } from "../../../lib/ics/schemas.ts";
import { define } from "../../../utils.ts";

/** The multipart envelope around a 5 MB file. */
const MULTIPART_SLACK = 64 * 1000;

/**
 * `POST /api/events/import[?dryRun=1]`: an iCalendar file (`text/calendar` body, or the `file`
 * field of `multipart/form-data`; 5 MB at most, counted while read) into the profile's events.
 * With `dryRun` nothing is kept: the report says what an import would do. Answers the report
 * (`ImportReport`): created, updated, the first events, and each one left out with its reason.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { dryRun } = readQuery(ctx.url, importQuery);
    const bytes = await fileOf(ctx.req);
    const { t, locale, services } = ctx.state;
    // ical.js (~200 KB of code) loads with the first import, not with the server.
    const { parseIcs } = await import("../../../lib/ics/import.ts");
    const file = parseIcs(bytes, { zone: profile.timeZone, untitled: t("ics.import.untitled") });
    const report = await importDrafts(services.db, profile.id, file, {
      dryRun,
      say: (err) => localizedMessage(err, locale),
    });
    return Response.json(report);
  },
});

/** The file's bytes, from a raw body or a multipart form's `file`. */
async function fileOf(req: Request): Promise<Uint8Array> {
  const type = (req.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) return await readBody(req, MAX_IMPORT_BYTES);
  const body = await readBody(req, MAX_IMPORT_BYTES + MULTIPART_SLACK);
  let file: FormDataEntryValue | null;
  try {
    const form = await new Response(body, { headers: { "content-type": type } }).formData();
    file = form.get("file");
  } catch {
    throw new HttpError(400, "invalid_multipart", "The form data cannot be read.");
  }
  if (!(file instanceof File)) {
    throw new HttpError(422, "file_required", "Send the calendar file in the field “file”.", {}, {
      field: "file",
    });
  }
  if (file.size > MAX_IMPORT_BYTES) throw new BodyTooLargeError(MAX_IMPORT_BYTES);
  return new Uint8Array(await file.arrayBuffer());
}
