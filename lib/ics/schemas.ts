/** The shapes the calendar subscription and import routes accept. */
import { z } from "zod";

/** The largest ICS file an import reads, in bytes. */
export const MAX_IMPORT_BYTES = 5 * 1000 * 1000;

/** What a profile calls a subscription ("iPhone"); 1–80 characters. */
export const feedLabel = z.string().trim().min(1).max(80);

/** `POST /api/events/import?dryRun=1`: only report what would be imported. */
export const importQuery = z.object({
  dryRun: z.enum(["0", "1", "true", "false"]).optional().transform((v) =>
    v === "1" || v === "true"
  ),
});
