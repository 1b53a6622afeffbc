/**
 * The bundle's `manifest.json` (format `hearth.backup.v1`): who made it (Hearth version, schema
 * version), when, and every other entry's size and SHA-256, so a restore checks each byte before
 * it changes anything, and refuses a bundle from a newer Hearth.
 */
import { z } from "zod";
import { MIGRATIONS } from "../db/mod.ts";
import { HttpError } from "../http/errors.ts";
import { VERSION } from "../version.ts";

/** The format name. */
export const FORMAT = "hearth.backup.v1";

/** The manifest's shape. */
export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  hearthVersion: z.string().max(64).regex(/^\d+\.\d+\.\d+/),
  schemaVersion: z.number().int().min(1),
  createdAt: z.string().max(64),
  files: z.array(z.object({
    path: z.string().min(1).max(1024),
    bytes: z.number().int().min(0),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })).max(1_000_000),
});

/** A parsed manifest. */
export type Manifest = z.infer<typeof manifestSchema>;

/** The newest schema version this Hearth knows. */
export const KNOWN_SCHEMA = MIGRATIONS.at(-1)!.version;

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b` (numeric x.y.z). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.+-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** Throws 422 `backup_too_new` for a bundle a newer Hearth made. */
export function refuseTooNew(m: Manifest, version = VERSION, known = KNOWN_SCHEMA): void {
  if (m.schemaVersion > known || compareVersions(m.hearthVersion, version) > 0) {
    throw new HttpError(
      422,
      "backup_too_new",
      `This backup was made by Hearth ${m.hearthVersion} (schema ${m.schemaVersion}); this is ` +
        `Hearth ${version} (schema ${known}). Upgrade Hearth first, then restore it. Nothing ` +
        `was changed.`,
      {},
      { found: m.hearthVersion, running: version },
    );
  }
}
