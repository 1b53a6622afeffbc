/**
 * The Today page's read-only blocks, rendered on the server: the daily briefing (Markdown
 * through `renderMarkdown`, the one sanitizer), the day's events in the profile's zone (all-day
 * first, each leading to the calendar on that day), and the pinned and recent memos.
 */
import { Icon } from "../Icon.tsx";
import type { Translate } from "../../lib/i18n/mod.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { links } from "../../lib/links.ts";
import type { Briefing, Capped } from "../../lib/today/types.ts";
import type { Occurrence } from "../../lib/events/types.ts";
import type { Memo } from "../../lib/memos/types.ts";
import { eventOrder, eventTime, memoExcerpt, memoName } from "./format.ts";

/** The briefing written for `date`, or nothing (none yet, or only an older day's). */
export function BriefingBlock(
  { briefing, date, t }: { briefing: Briefing | null; date: string; t: Translate },
) {
  if (!briefing || briefing.date !== date) return null;
  return (
    <section class="today-block today-briefing" aria-labelledby="today-briefing">
      <h2 id="today-briefing">{t("today.ui.briefing")}</h2>
      <div
        class="md"
        dir="auto"
        // renderMarkdown's output: all source text escaped, a fixed set of tags (lib/markdown).
        // deno-lint-ignore react-no-danger
        dangerouslySetInnerHTML={{ __html: renderMarkdown(briefing.text) }}
      />
    </section>
  );
}

/** The day's occurrences, each a link to the calendar on `date`. */
export function EventsBlock(
  { events, date, timeZone, locale, t }: {
    events: Capped<Occurrence>;
    date: string;
    timeZone: string;
    locale: string;
    t: Translate;
  },
) {
  if (events.total === 0) return null;
  const day = links.day(date);
  const more = events.total - events.items.length;
  return (
    <section class="today-block today-events" aria-labelledby="today-events">
      <h2 id="today-events">
        <a href={day}>{t("today.ui.events")}</a>
      </h2>
      <ul class="today-event-list">
        {eventOrder(events.items).map((e) => (
          <li key={`${e.eventId}-${e.start}`}>
            <a class="today-event" href={day}>
              <span class="today-event-time">
                {e.allDay ? t("today.ui.allDay") : eventTime(e, date, locale, timeZone)}
              </span>
              <span class="today-event-text">
                <span class="today-event-title" dir="auto">{e.title}</span>
                {e.location && <span class="muted" dir="auto">{e.location}</span>}
              </span>
              {e.recurring && <span class="muted" aria-hidden="true">↻</span>}
            </a>
          </li>
        ))}
      </ul>
      {more > 0 && (
        <p class="today-more">
          <a href={day}>{t("today.ui.more", { count: more })}</a>
        </p>
      )}
    </section>
  );
}

/** Pinned memos, then the most recently changed others, each linked to its place on /memos. */
export function MemosBlock(
  { pinned, recent, t }: { pinned: Memo[]; recent: Memo[]; t: Translate },
) {
  if (pinned.length + recent.length === 0) return null;
  const item = (memo: Memo, isPinned: boolean) => {
    const name = memoName(memo) || t("today.ui.untitled");
    const excerpt = memo.title.trim() ? memoExcerpt(memo.body) : "";
    return (
      <li key={memo.id}>
        <a class="today-memo" href={links.memo(memo.id)}>
          <span class="today-memo-title" dir="auto">
            {isPinned && (
              <span class="today-pin" role="img" aria-label={t("today.ui.pinned")}>
                <Icon name="pin" size={14} />
              </span>
            )}
            {name}
          </span>
          {excerpt && <span class="muted today-memo-excerpt" dir="auto">{excerpt}</span>}
        </a>
      </li>
    );
  };
  return (
    <section class="today-block today-memos" aria-labelledby="today-memos">
      <h2 id="today-memos">
        <a href="/memos">{t("today.ui.memos")}</a>
      </h2>
      <ul class="today-memo-list">
        {pinned.map((m) => item(m, true))}
        {recent.map((m) => item(m, false))}
      </ul>
    </section>
  );
}
