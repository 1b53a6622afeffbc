/** Simple line icons drawn inline: no icon font to download, no emoji font needed on the box. */
import * as PATHS from "./icon_paths.ts";

/** The names `Icon` knows. */
export type IconName = keyof typeof PATHS;

/**
 * A 24×24 stroke icon drawn from path `d` (one of `icon_paths.ts`) in the current text colour.
 * Decorative: hidden from screen readers.
 */
export function Glyph({ d, size = 20 }: { d: string; size?: number }) {
  return (
    <svg
      class="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
    >
      <path d={d} />
    </svg>
  );
}

/** The icon named `name` (server-rendered pages; an island imports `Glyph` and its paths). */
export function Icon({ name, size }: { name: IconName; size?: number }) {
  return <Glyph d={PATHS[name]} size={size} />;
}
