import { z } from "zod";
import { type After, memoPage, memosHref, parseAfter } from "../../components/memos/paging.ts";
import MemoBoard from "../../islands/MemoBoard.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { HttpError } from "../../lib/http/errors.ts";
import { readQuery } from "../../lib/http/validate.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { normaliseTag } from "../../lib/memos/schemas.ts";
import { getMemo, listMemos, memoTags } from "../../lib/memos/store.ts";
import { type Memo, MEMO_LIMITS } from "../../lib/memos/types.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/memos?tag=&q=&after=&m=`. */
const pageQuery = z.object({
  tag: z.string().max(200).transform(normaliseTag).pipe(z.string().max(MEMO_LIMITS.tag))
    .optional(),
  q: z.string().trim().max(200).optional(),
  after: z.string().max(120).optional(),
  /** A memo to show even when it is beyond this page (search hits link with it). */
  m: z.string().max(64).optional(),
});

/** The profile's tags, with the one filtered by even when no memo carries it (any more). */
function withTag(tags: { tag: string; count: number }[], tag: string | undefined) {
  return !tag || tags.some((t) => t.tag === tag) ? tags : [...tags, { tag, count: 0 }];
}

/**
 * `/memos`: the profile's memos, pinned first, then the most recently changed, a page at a
 * time (`after`, the token the page before linked to), filtered by tag and by words (the
 * store's LIKE), rendered on the server; writing through the `MemoBoard` island.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, pageQuery);
    const db = ctx.state.services.db.kysely;
    ctx.state.title = ctx.state.t("section.memos");
    const filter = { tag: query.tag || undefined, q: query.q || undefined };
    let after: After | null = null;
    if (query.after) {
      after = parseAfter(query.after);
      if (!after) {
        throw new HttpError(422, "invalid_cursor", "The cursor is not one this list gave.", {}, {
          field: "after",
        });
      }
    }
    const { items, next } = await memoPage(
      ({ pinned, cursor, limit }) =>
        listMemos(db, profile.id, { ...filter, pinned, cursor, limit, sort: "updated" }),
      after,
    );
    // A linked memo beyond this page is added to it; another profile's is as missing as none.
    let linked: Memo | null = null;
    if (query.m && !items.some((x) => x.id === query.m)) {
      linked = await getMemo(db, profile.id, query.m).catch(() => null);
    }
    return page({
      memos: linked ? [linked, ...items] : items,
      next,
      filter,
      missing: !!query.m && !linked && !items.some((x) => x.id === query.m),
      tags: withTag(await memoTags(db, profile.id), filter.tag),
      timeZone: profile.timeZone,
    });
  },
});

export default define.page<typeof handler>(function MemosPage({ data, state }) {
  const { t } = state;
  const { filter, tags } = data;
  return (
    <section class="memos-page">
      <h1>{t("memos.ui.title")}</h1>
      <form class="memo-filter" method="get" action="/memos" role="search">
        <input
          type="search"
          name="q"
          value={filter.q ?? ""}
          maxLength={200}
          aria-label={t("memos.ui.filterLabel")}
          placeholder={t("memos.ui.filterLabel")}
        />
        {tags.length > 0 && (
          <select name="tag" aria-label={t("memos.ui.tagLabel")}>
            <option value="" selected={!filter.tag}>{t("memos.ui.allTags")}</option>
            {tags.map(({ tag, count }) => (
              <option key={tag} value={tag} selected={filter.tag === tag}>
                #{tag} ({count})
              </option>
            ))}
          </select>
        )}
        <button type="submit" class="button">{t("memos.ui.filter")}</button>
      </form>
      {(filter.tag || filter.q) && (
        <p class="memo-filtered">
          {filter.tag && <span class="memo-tag">#{filter.tag}</span>}{" "}
          <a href={memosHref({})}>{t("memos.ui.showAll")}</a>
        </p>
      )}
      {data.missing && <p class="muted">{t("memos.ui.gone")}</p>}
      <MemoBoard
        memos={data.memos}
        next={data.next}
        filter={filter}
        timeZone={data.timeZone}
        locale={state.locale}
        messages={messages(state.locale, "memos.ui.")}
      />
    </section>
  );
});
