/**
 * The app's sections, in navigation order: one list for the nav, the home page and the
 * "coming soon" pages. A section becomes `ready` when its own route lands.
 */

/** One navigation entry. */
export interface Section {
  /**
   * URL path segment (`/chat`), also the name of its icon; its title and summary are the
   * `section.<slug>` and `section.<slug>.summary` messages.
   */
  slug: "chat" | "today" | "todos" | "calendar" | "memos" | "documents" | "gems" | "settings";
  /** Whether the section is built; otherwise its page says it is coming. */
  ready: boolean;
  /** Where it lives when that is not `/<slug>`. */
  href?: string;
  /** Only the admin sees it in the nav. */
  admin?: boolean;
}

/** Every section. */
export const SECTIONS: readonly Section[] = [
  {
    slug: "chat",
    ready: true,
  },
  {
    slug: "today",
    ready: false,
  },
  {
    slug: "todos",
    ready: false,
  },
  {
    slug: "calendar",
    ready: false,
  },
  {
    slug: "memos",
    ready: false,
  },
  {
    slug: "documents",
    ready: false,
  },
  {
    slug: "gems",
    ready: false,
  },
  {
    slug: "settings",
    ready: true,
    href: "/admin",
    admin: true,
  },
];

/** The address of a section. */
export function sectionHref(section: Section): string {
  return section.href ?? `/${section.slug}`;
}

/** The section with this slug, if any. */
export function findSection(slug: string): Section | undefined {
  return SECTIONS.find((s) => s.slug === slug);
}
