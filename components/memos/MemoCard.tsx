/**
 * One memo as a card: its title, its Markdown through `renderMarkdown` (the chat's renderer: all
 * source text escaped, a fixed set of tags, links only http(s), mailto and relative), its tags
 * as links that filter the page, when it last changed, and (once the island runs) its actions.
 * A long memo is folded; "Show more" is a checkbox and a label, so it unfolds without JavaScript.
 * The card's `id` is `m-<id>`, the anchor search hits and the Today page link to.
 */
import type { ComponentChildren } from "preact";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { fill } from "../../lib/i18n/format.ts";
import type { Memo } from "../../lib/memos/types.ts";
import { isLong, memosHref } from "./paging.ts";

/** What to call a memo in a button or a toast: its title, else its first line, else "Untitled". */
export function memoName(memo: Pick<Memo, "title" | "body">, untitled: string): string {
  if (memo.title) return memo.title;
  const line = memo.body.split("\n").map((l) => l.replace(/^[\s#>*+-]+/, "").trim())
    .find((l) => l !== "");
  if (!line) return untitled;
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** When a memo last changed, in the profile's zone. */
export function changedAt(iso: string, locale: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone })
      .format(new Date(iso));
  } catch {
    return iso;
  }
}

interface Props {
  memo: Memo;
  m: Record<string, string>;
  locale: string;
  timeZone: string;
  /** Shown in the card's footer (the island's buttons), when given. */
  actions?: ComponentChildren;
}

export function MemoCard({ memo, m, locale, timeZone, actions }: Props) {
  const long = isLong(memo.body);
  const more = `memo-more-${memo.id}`;
  return (
    <article
      class={`memo-card${memo.pinned ? " pinned" : ""}`}
      id={`m-${memo.id}`}
      data-id={memo.id}
    >
      {(memo.title || memo.pinned) && (
        <header class="memo-head">
          {memo.title && <h2 class="memo-title" dir="auto">{memo.title}</h2>}
          {memo.pinned && <span class="badge memo-pinned">{m["memos.ui.pinned"]}</span>}
        </header>
      )}
      {long && <input type="checkbox" class="memo-more-toggle sr-only" id={more} />}
      {memo.body && (
        <div
          class={`memo-body md${long ? " long" : ""}`}
          dir="auto"
          // renderMarkdown's output: all source text escaped, a fixed set of tags (lib/markdown).
          // deno-lint-ignore react-no-danger
          dangerouslySetInnerHTML={{ __html: renderMarkdown(memo.body) }}
        />
      )}
      {long && (
        <label class="memo-more" for={more}>
          <span class="more">{m["memos.ui.showMore"]}</span>
          <span class="less">{m["memos.ui.showLess"]}</span>
        </label>
      )}
      <footer class="memo-foot">
        {memo.tags.length > 0 && (
          <ul class="memo-tags">
            {memo.tags.map((tag) => (
              <li key={tag}>
                <a class="memo-tag-link" href={memosHref({ tag })}>
                  <span class="memo-tag">#{tag}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
        <time class="memo-time muted" dateTime={memo.updatedAt}>
          {fill(m["memos.ui.changed"], { date: changedAt(memo.updatedAt, locale, timeZone) })}
        </time>
        {actions && <div class="memo-actions">{actions}</div>}
      </footer>
    </article>
  );
}
