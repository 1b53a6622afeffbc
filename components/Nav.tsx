import { SECTIONS } from "../lib/sections.ts";

/** The section navigation; marks the current section for screen readers and styling. */
export function Nav({ path }: { path: string }) {
  const current = path.split("/")[1] ?? "";
  return (
    <nav class="nav" aria-label="Sections">
      <a href="/" class="nav-link" aria-current={current === "" ? "page" : undefined}>
        <span aria-hidden="true">🏠</span> Home
      </a>
      {SECTIONS.map((s) => (
        <a
          key={s.slug}
          href={`/${s.slug}`}
          class="nav-link"
          aria-current={current === s.slug ? "page" : undefined}
        >
          <span aria-hidden="true">{s.icon}</span> {s.title}
        </a>
      ))}
    </nav>
  );
}
