/**
 * The app's sections, in navigation order: one list for the nav, the home page and the
 * "coming soon" pages. A section becomes `ready` when its own route lands.
 */

/** One navigation entry. */
export interface Section {
  /** URL path segment: `/chat`. */
  slug: string;
  title: string;
  /** A one-line promise of what it does, shown on the home page. */
  summary: string;
  /** An emoji used as the icon (no icon font to download). */
  icon: string;
  /** Whether the section is built; otherwise its page says it is coming. */
  ready: boolean;
  /** Only the admin sees it in the nav. */
  admin?: boolean;
}

/** Every section. */
export const SECTIONS: readonly Section[] = [
  {
    slug: "chat",
    title: "Chat",
    icon: "💬",
    summary: "Talk with your local models; replies survive a dropped connection.",
    ready: false,
  },
  {
    slug: "today",
    title: "Today",
    icon: "☀️",
    summary: "Due todos, today's events and a daily briefing.",
    ready: false,
  },
  {
    slug: "todos",
    title: "Todos",
    icon: "✅",
    summary: "Tasks with priorities, due dates and tags.",
    ready: false,
  },
  {
    slug: "calendar",
    title: "Calendar",
    icon: "📅",
    summary: "Events with reminders on every device.",
    ready: false,
  },
  {
    slug: "memos",
    title: "Memos",
    icon: "📝",
    summary: "Notes in Markdown, searchable with everything else.",
    ready: false,
  },
  {
    slug: "documents",
    title: "Documents",
    icon: "📚",
    summary: "Upload files and ask questions about them.",
    ready: false,
  },
  {
    slug: "gems",
    title: "Gems",
    icon: "💎",
    summary: "Reusable prompt templates for everyone in the house.",
    ready: false,
  },
  {
    slug: "settings",
    title: "Settings",
    icon: "⚙️",
    summary: "Models, profiles, devices and backups.",
    ready: false,
    admin: true,
  },
];

/** The section with this slug, if any. */
export function findSection(slug: string): Section | undefined {
  return SECTIONS.find((s) => s.slug === slug);
}
