import { requireProfile } from "../lib/auth/mod.ts";
import { getConversation } from "../lib/chat/store.ts";
import { ValidationError } from "../lib/http/errors.ts";
import { readableLists } from "../lib/lists/access.ts";
import { readableDocuments } from "../lib/documents/access.ts";
import { search, SEARCH_KINDS, type SearchHit, type SearchKind } from "../lib/search/mod.ts";
import { page } from "../lib/web/define.ts";
import { define } from "../utils.ts";

interface Data {
  q: string;
  /** The one kind asked for, or null for every kind. */
  kind: SearchKind | null;
  /** Hits, each with what to call it (a message hit is named after its conversation). */
  hits: (SearchHit & { label: string })[];
}

/**
 * `/search?q=&kind=`: full-text search over what the profile may read (chats, todos, events,
 * memos, list items), rendered on the server by the same search `GET /api/search` answers with,
 * so it works without JavaScript. Each hit shows its kind; `kind` keeps one.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const q = (ctx.url.searchParams.get("q") ?? "").trim().slice(0, 200);
    const asked = ctx.url.searchParams.get("kind");
    const kind = SEARCH_KINDS.find((k) => k === asked) ?? null;
    let hits: SearchHit[] = [];
    if (q) {
      try {
        hits = search(ctx.state.services.db.raw, {
          profileId: profile.id,
          q,
          limit: 50,
          kinds: kind ? [kind] : undefined,
        });
      } catch (err) {
        // Only punctuation: nothing to look for.
        if (!(err instanceof ValidationError)) throw err;
      }
    }
    // Message hits carry no title of their own: name them after their conversations.
    const titles = new Map<string, string>();
    for (const hit of hits) {
      if (hit.kind !== "message" || !hit.parentId || titles.has(hit.parentId)) continue;
      const c = await getConversation(ctx.state.services.db.kysely, profile.id, hit.parentId)
        .catch(() => null);
      titles.set(hit.parentId, c?.title ?? "");
    }
    // List item hits are named after their lists (only lists the profile may read).
    const listIds = [
      ...new Set(hits.filter((h) => h.kind === "list_item" && h.parentId).map((h) => h.parentId!)),
    ];
    if (listIds.length) {
      const lists = await readableLists(ctx.state.services.db.kysely, profile.id)
        .where("id", "in", listIds).select(["id", "name"]).execute();
      for (const list of lists) titles.set(list.id, list.name);
    }
    // A passage of a document is named after the document (only ones the profile may read).
    const docIds = [
      ...new Set(hits.filter((h) => h.kind === "doc_chunk" && h.parentId).map((h) => h.parentId!)),
    ];
    const docNames = new Map<string, string>();
    if (docIds.length) {
      const docs = await readableDocuments(ctx.state.services.db.kysely, profile.id)
        .where("id", "in", docIds).select(["id", "name"]).execute();
      for (const doc of docs) docNames.set(doc.id, doc.name);
    }
    const labelled = hits.map((hit) => ({
      ...hit,
      label: hit.kind === "doc_chunk"
        ? [docNames.get(hit.parentId ?? ""), hit.title].filter(Boolean).join(" › ")
        : hit.title || titles.get(hit.parentId ?? "") || ctx.state.t("chat.untitled"),
    }));
    return page<Data>({ q, kind, hits: labelled });
  },
});

export default define.page<typeof handler>(function SearchPage({ data, state: { t } }) {
  const { q, kind, hits } = data;
  return (
    <section class="search-page">
      <h1>{t("search.title")}</h1>
      <p class="muted">{t("search.intro")}</p>
      <form class="search-form" method="get" action="/search" role="search">
        <input
          type="search"
          name="q"
          value={q}
          maxLength={200}
          aria-label={t("search.label")}
          placeholder={t("search.label")}
        />
        <select name="kind" aria-label={t("search.kind.label")}>
          <option value="" selected={!kind}>{t("search.kind.all")}</option>
          {SEARCH_KINDS.map((k) => (
            <option key={k} value={k} selected={kind === k}>{t(`search.kind.${k}`)}</option>
          ))}
        </select>
        <button type="submit" class="button">{t("search.button")}</button>
      </form>
      {q && !hits.length && <p class="muted">{t("search.none", { q })}</p>}
      <ol class="search-hits">
        {hits.map((hit) => (
          <li key={`${hit.kind}:${hit.id}`} class="search-hit">
            <span class="badge search-hit-kind">{t(`search.kind.${hit.kind}`)}</span>{" "}
            <a href={hit.href} class="search-hit-title">{hit.label}</a>
            <p
              class="search-snippet"
              // Escaped text with <mark> around the matches (lib/search builds it so).
              // deno-lint-ignore react-no-danger
              dangerouslySetInnerHTML={{ __html: hit.snippet }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
});
