/** Hearth's version, from deno.json (imported, so it is part of the bundle, not read at run time). */
import denoJson from "../deno.json" with { type: "json" };

/** The running version. */
export const VERSION: string = denoJson.version;
