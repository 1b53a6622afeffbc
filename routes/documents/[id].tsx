import { Fragment } from "preact";
import { z } from "zod";
import { documentText } from "../../components/documents/text.ts";
import DocumentPage from "../../islands/DocumentPage.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { getDocument, readDocumentText } from "../../lib/documents/store.ts";
import { listFolders } from "../../lib/documents/folders.ts";
import { readQuery } from "../../lib/http/validate.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { formatSize } from "../../lib/i18n/format.ts";
import { links } from "../../lib/links.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** `/documents/{id}?chunk=<chunk id>`. */
const pageQuery = z.object({
  chunk: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

/**
 * `/documents/{id}`: a document (another's private one is as missing as none): its details
 * and tools (the island), and its extracted text rendered on the server through
 * `renderMarkdown`, a section per passage (`#c-<chunk id>`); `?chunk=` marks the cited one, which
 * the anchor scrolls to. A long document shows its first part and the cited passage.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { db, paths } = ctx.state.services;
    const { chunk } = readQuery(ctx.url, pageQuery);
    const doc = await getDocument(
      db,
      profile.id,
      ctx.params.id,
      ctx.state.services.ingest.taskOf,
    );
    const text = await readDocumentText(db, paths, profile.id, doc.id);
    const all = await listFolders(db, profile.id);
    ctx.state.title = doc.name;
    const trail = [];
    const byId = new Map(all.map((f) => [f.id, f]));
    for (let f = doc.folderId ? byId.get(doc.folderId) : undefined; f && trail.length < 32;) {
      trail.unshift(f);
      f = f.parentId ? byId.get(f.parentId) : undefined;
    }
    return page({
      doc,
      folders: all.filter((f) => f.mine),
      trail,
      chunk: chunk ?? null,
      text: documentText(text.markdown, text.chunks, chunk ?? null),
      chars: text.markdown.length,
    });
  },
});

export default define.page<typeof handler>(function DocumentView({ data, state }) {
  const { t } = state;
  const { doc, text } = data;
  return (
    <article class="document-page">
      <nav class="doc-crumbs" aria-label={t("documents.ui.crumbs")}>
        <ol>
          <li>
            <a href="/documents">{t("documents.ui.library")}</a>
          </li>
          {data.trail.map((f) => (
            <li key={f.id}>
              <a href={links.folder(f.id)}>{f.name}</a>
            </li>
          ))}
        </ol>
      </nav>
      <DocumentPage
        messages={messages(state.locale, "documents.ui.")}
        locale={state.locale}
        doc={doc}
        folders={data.folders}
        chunk={text.hit ? text.hit.id : null}
      />
      <h2 class="doc-text-title">{t("documents.ui.text")}</h2>
      {text.hit && (
        <p class="doc-hit-note">
          {text.hit.heading
            ? t("documents.ui.hitHeading", { heading: text.hit.heading })
            : t("documents.ui.hit")} <a href={`#c-${text.hit.id}`}>{t("documents.ui.jump")}</a>
        </p>
      )}
      {data.chunk !== null && !text.hit && (
        <p class="doc-hit-note muted">{t("documents.ui.hitGone")}</p>
      )}
      {text.segments.length === 0 || data.chars === 0
        ? (
          <p class="muted">
            {doc.status === "ready" ? t("documents.ui.noText") : t("documents.ui.notYet")}
          </p>
        )
        : (
          <div class="doc-text md" dir="auto">
            {text.segments.map((s, i) => (
              <Fragment key={i}>
                {s.gapBefore && <p class="doc-gap muted">{t("documents.ui.gap")}</p>}
                <section
                  id={s.anchors.length ? `c-${s.anchors[0]}` : undefined}
                  class={s.hit ? "doc-chunk doc-hit" : "doc-chunk"}
                  data-chunks={s.anchors.join(" ") || undefined}
                >
                  {s.anchors.slice(1).map((a) => <span key={a} id={`c-${a}`} />)}
                  <div
                    // renderMarkdown's output: all source text escaped, a fixed set of tags.
                    // deno-lint-ignore react-no-danger
                    dangerouslySetInnerHTML={{ __html: s.html }}
                  />
                </section>
              </Fragment>
            ))}
          </div>
        )}
      {text.omitted > 0 && (
        <p class="doc-cap muted">
          {t("documents.ui.capped", { size: formatSize(text.omitted, state.locale) })}{" "}
          <a href={links.documentDownload(doc.id)}>
            {t("documents.ui.download")}
          </a>
        </p>
      )}
    </article>
  );
});
