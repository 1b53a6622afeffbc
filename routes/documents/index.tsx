import { z } from "zod";
import DocumentLibrary from "../../islands/DocumentLibrary.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { listDocuments } from "../../lib/documents/store.ts";
import { listFolders } from "../../lib/documents/folders.ts";
import type { FolderInfo } from "../../lib/documents/types.ts";
import { readQuery } from "../../lib/http/validate.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { links } from "../../lib/links.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** Documents per page. */
export const LIBRARY_PAGE = 50;

/** `/documents?folder=&q=&offset=`. */
const pageQuery = z.object({
  folder: z.string().max(64).optional(),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

/** The folders from the top down to `folder` (itself last). */
function trail(all: FolderInfo[], folder: FolderInfo | null): FolderInfo[] {
  const out: FolderInfo[] = [];
  const byId = new Map(all.map((f) => [f.id, f]));
  for (let f = folder; f && out.length < 32; f = f.parentId ? byId.get(f.parentId) ?? null : null) {
    out.unshift(f);
  }
  return out;
}

/** The page's own address with `offset` (and the filter) kept. */
function pageHref(query: { folder?: string; q?: string }, offset: number): string {
  const q = new URLSearchParams();
  if (query.folder) q.set("folder", query.folder);
  if (query.q) q.set("q", query.q);
  if (offset) q.set("offset", String(offset));
  const s = q.toString();
  return s ? `/documents?${s}` : "/documents";
}

/**
 * `/documents`: the library. A folder's folders and documents (its top without `folder`), or
 * the hits of a search (`q`, the whole library), a page at a time (`offset`, linked), rendered on
 * the server (it reads without JavaScript); uploading and the tools through the island.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const query = readQuery(ctx.url, pageQuery);
    const db = ctx.state.services.db;
    const folders = await listFolders(db, profile.id);
    const q = query.q || undefined;
    const result = await listDocuments(db, profile.id, {
      folder: q ? undefined : query.folder ?? "root",
      q,
      limit: LIBRARY_PAGE,
      offset: query.offset ?? 0,
    }, ctx.state.services.ingest.taskOf);
    const folder = query.folder ? folders.find((f) => f.id === query.folder) ?? null : null;
    ctx.state.title = folder?.name ?? ctx.state.t("section.documents");
    return page({
      folder,
      trail: trail(folders, folder),
      folders: q ? [] : folders.filter((f) => f.parentId === (folder?.id ?? null)),
      ...result,
      q: q ?? "",
      offset: query.offset ?? 0,
      prev: (query.offset ?? 0) > 0
        ? pageHref({ ...query, q }, Math.max(0, (query.offset ?? 0) - LIBRARY_PAGE))
        : null,
      next: result.nextOffset !== null ? pageHref({ ...query, q }, result.nextOffset) : null,
    });
  },
});

export default define.page<typeof handler>(function DocumentsPage({ data, state }) {
  const { t } = state;
  const { folder, q } = data;
  return (
    <section class="documents-page">
      <div class="doc-top">
        <h1>{t("documents.ui.title")}</h1>
        <form class="doc-search" method="get" action="/documents" role="search">
          <input
            type="search"
            name="q"
            value={q}
            maxLength={200}
            aria-label={t("documents.ui.search")}
            placeholder={t("documents.ui.search")}
          />
          <button type="submit" class="button">{t("documents.ui.searchButton")}</button>
        </form>
      </div>
      <nav class="doc-crumbs" aria-label={t("documents.ui.crumbs")}>
        <ol>
          <li>
            <a href="/documents" aria-current={!folder && !q ? "page" : undefined}>
              {t("documents.ui.library")}
            </a>
          </li>
          {!q && data.trail.map((f) => (
            <li key={f.id}>
              <a href={links.folder(f.id)} aria-current={f.id === folder?.id ? "page" : undefined}>
                {f.name}
              </a>
            </li>
          ))}
          {q && <li aria-current="page">{t("documents.ui.results", { q, n: data.total })}</li>}
        </ol>
      </nav>
      <DocumentLibrary
        messages={messages(state.locale, "documents.ui.")}
        locale={state.locale}
        folder={q ? null : folder}
        folders={data.folders}
        documents={data.documents}
        searching={!!q}
      />
      {(data.prev || data.next) && (
        <nav class="doc-pages" aria-label={t("documents.ui.pages")}>
          {data.prev && <a class="chat-chip" href={data.prev}>{t("documents.ui.prev")}</a>}
          <span class="muted">
            {t("documents.ui.range", {
              from: data.offset + 1,
              to: data.offset + data.documents.length,
              total: data.total,
            })}
          </span>
          {data.next && <a class="chat-chip" href={data.next}>{t("documents.ui.next")}</a>}
        </nav>
      )}
    </section>
  );
});
