/** Simple line icons drawn inline: no icon font to download, no emoji font needed on the box. */
const PATHS = {
  home: "M3 11l9-8 9 8M5 9.5V20h5v-6h4v6h5V9.5",
  chat: "M4 5h16v11H9l-5 4z",
  today:
    "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2",
  todos: "M4 4h16v16H4zM8 12l3 3 5-6",
  calendar: "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4",
  memos: "M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7",
  documents: "M4 5c3-1 6-1 8 1c2-2 5-2 8-1v14c-3-1-6-1-8 1c-2-2-5-2-8-1zM12 6v14",
  gems: "M6 4h12l3 5-9 11L3 9zM3 9h18M9.5 4L12 20M14.5 4L12 20",
  settings: "M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4",
  camera: "M3 8h4l2-3h6l2 3h4v11H3zM12 10a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7",
  photo: "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 8.5h.01",
  mic: "M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0zM5 11a7 7 0 0 0 14 0M12 18v3",
  stop: "M7 7h10v10H7z",
} as const;

/** The names `Icon` knows. */
export type IconName = keyof typeof PATHS;

/** A 24×24 stroke icon in the current text colour. Decorative: hidden from screen readers. */
export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
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
      <path d={PATHS[name]} />
    </svg>
  );
}
