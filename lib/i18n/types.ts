/** The languages Hearth speaks. Browser-safe (no imports). */

/** The languages Hearth speaks. */
export const LOCALES = ["en", "de"] as const;

/** One of `LOCALES`. */
export type Locale = (typeof LOCALES)[number];
