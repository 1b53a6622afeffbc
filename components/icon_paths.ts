/**
 * The icons' paths (24×24, stroked), one export each: an island that draws a few icons imports
 * those and `Glyph`, and ships only their paths (the chat page's first JavaScript is tight).
 */
export const home = "M3 11l9-8 9 8M5 9.5V20h5v-6h4v6h5V9.5";
export const chat = "M4 5h16v11H9l-5 4z";
export const today =
  "M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2";
export const todos = "M4 4h16v16H4zM8 12l3 3 5-6";
export const calendar = "M4 6h16v14H4zM4 10h16M8 3v4M16 3v4";
export const memos = "M6 3h9l4 4v14H6zM15 3v4h4M9 12h7M9 16h7";
export const documents = "M4 5c3-1 6-1 8 1c2-2 5-2 8-1v14c-3-1-6-1-8 1c-2-2-5-2-8-1zM12 6v14";
export const gems = "M6 4h12l3 5-9 11L3 9zM3 9h18M9.5 4L12 20M14.5 4L12 20";
export const settings = "M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4";
export const camera = "M3 8h4l2-3h6l2 3h4v11H3zM12 10a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7";
export const photo = "M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 8.5h.01";
export const mic = "M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0zM5 11a7 7 0 0 0 14 0M12 18v3";
export const stop = "M7 7h10v10H7z";
export const lists = "M9 6h11M9 12h11M9 18h11M4.5 6h.01M4.5 12h.01M4.5 18h.01";
export const pin = "M9 3h6M10 3v6l-3 4h10l-3-4V3M12 13v8";
export const more =
  "M4 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M10.5 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0M17 12a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0";
"M3 12a9 9 0 1 0 18 0a9 9 0 1 0-18 0M3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18";
