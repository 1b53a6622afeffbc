/**
 * The app's sections, in navigation order: one list for the nav and the home page. Only `ready`
 * sections are shown; an unbuilt one has no page (its URL answers 404). A section becomes
 * `ready` when its own route lands.
 */
import type { Profile } from "./auth/types.ts";

/** One navigation entry. */
export interface Section {
  /**
   * URL path segment (`/chat`), also the name of its icon; its title and summary are the
   * `section.<slug>` and `section.<slug>.summary` messages.
   */
  slug:
    | "chat"
    | "today"
    | "todos"
    | "lists"
    | "calendar"
    | "memos"
    | "documents"
    | "gems"
    | "settings";
  /** Whether the section is built; otherwise it is not shown anywhere. */
  ready: boolean;
  /** Where it lives when that is not `/<slug>`. */
  href?: string;
  /** Only the admin sees it in the nav (see `visibleSections`). */
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
    ready: true,
  },
  {
    slug: "todos",
    ready: true,
  },
  {
    slug: "calendar",
    ready: true,
  },
  {
    slug: "lists",
    ready: true,
  },
  {
    slug: "memos",
    ready: true,
  },
  {
    slug: "documents",
    ready: true,
  },
  {
    slug: "gems",
    ready: true,
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

/**
 * The sections this request sees: the ready ones; an admin section only with a live admin login
 * or for the admin's own profile (whose link leads to the admin login). Members never see it.
 */
export function visibleSections(
  who: { profile?: Pick<Profile, "isAdmin">; admin: boolean },
): Section[] {
  return SECTIONS.filter((s) => s.ready && (!s.admin || who.admin || !!who.profile?.isAdmin));
}
