/**
 * The chat's documents, loaded as part of the lazy chat chunk (`assistant_ui.tsx` re-exports
 * them, `assistant_slot.ts` loads it) so the chat page's first JavaScript does not carry them:
 * citations in a reply (`[n]` → a link to the cited passage, and a "Sources" list under it),
 * and the documents a conversation uses (chips above the composer, and the picker that adds one).
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { DocumentInfo, SourceRef } from "../../lib/documents/types.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { apiJson, errorText } from "../../lib/client/api.ts";
import { links } from "../../lib/links.ts";

/** A document a conversation uses, as its chip shows it. */
export interface ChatDocument {
  id: string;
  name: string;
}

/** What a source's link says on hover: the document's name, › its heading. */
export function sourceTitle(s: SourceRef): string {
  return s.heading ? `${s.name} › ${s.heading}` : s.name;
}

/** Text made inert in a quoted attribute (the same five characters `escapeHtml` escapes). */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

// A reply's HTML never changes for the same sources list, so each result is kept by that list.
const cited = new WeakMap<readonly SourceRef[], Map<string, string>>();

/** The link to a source's passage: an `a` with an escaped relative `href` and `title`. */
const sourceLink = (s: SourceRef, title: string) =>
  `<a href="${esc(links.passage(s.documentId, s.chunk))}" title="${esc(title)}">`;

/**
 * `html` (renderMarkdown's output) with each `[n]` that names one of `sources` turned into a
 * link to its passage, then the "Sources" list: each passage by its number, name › heading,
 * linked. Only text is touched, never inside code, a code block or a link. All that is added is
 * escaped text and `a` tags with an escaped relative `href` and `title` (the renderer's own
 * link shape), in a `div`, `p`, `ol` and `li`, so the output stays as safe as the renderer's.
 */
export function cite(html: string, sources: readonly SourceRef[], t: Translate): string {
  if (!Array.isArray(sources) || !sources.length) return html;
  let memo = cited.get(sources);
  if (!memo) cited.set(sources, memo = new Map());
  const hit = memo.get(html);
  if (hit !== undefined) return hit;
  const byN = new Map(sources.map((s) => [s.n, s]));
  let inside = 0;
  const body = html.replace(/(<[^>]*>)|\[(\d{1,4})\]/g, (all, tag: string | undefined, n) => {
    if (tag) {
      const m = /^<(\/?)(?:code|pre|a)\b/.exec(tag);
      if (m) inside = Math.max(0, inside + (m[1] ? -1 : 1));
      return tag;
    }
    const s = inside ? undefined : byN.get(Number(n));
    return s ? `${sourceLink(s, sourceTitle(s))}${all}</a>` : all;
  });
  const items = sources.map((s) =>
    `<li value="${Number(s.n) || 0}">${sourceLink(s, s.excerpt ?? "")}${esc(s.name)}${
      s.heading ? ` <span class="msg-source-heading">› ${esc(s.heading)}</span>` : ""
    }</a></li>`
  ).join("");
  const out = `${body}<div class="msg-sources"><p>${
    esc(t("docs.sources"))
  }</p><ol>${items}</ol></div>`;
  memo.set(html, out);
  return out;
}

const enc = encodeURIComponent;

/** Props of `ChatDocuments` (short names: the chat island, which passes them, is size-capped). */
export interface ChatDocumentsProps {
  /** The open conversation (null for a new chat). */
  c: { id: string } | null;
  /** The documents it uses. */
  docs: Signal<ChatDocument[]>;
  /** The picker is open. */
  open: Signal<boolean>;
  t: Translate;
  /** Creates the (empty) conversation of a new chat: the island's `setSwitch({})`. */
  create(change: Record<string, never>): Promise<{ id: string } | undefined>;
  /** Where a failure is said. */
  error: Signal<string>;
}

/**
 * The documents a conversation uses, as chips above the composer (× stops using one), and the
 * picker: a search of the library (`GET /api/documents?q=`), where a tap adds a document
 * (`PUT /api/conversations/{id}/documents/{docId}`). A new chat is created first (empty, as a
 * switch does), so its first message already goes with the document.
 */
export function ChatDocuments({ c, docs, open, t, create, error }: ChatDocumentsProps) {
  const onError = (message: string) => error.value = message;
  const ensure = async () => c?.id ?? (await create({}))?.id;
  const remove = async (d: ChatDocument) => {
    try {
      if (c) await apiJson(`/api/conversations/${enc(c.id)}/documents/${enc(d.id)}`, "DELETE");
      docs.value = docs.value.filter((x) => x.id !== d.id);
    } catch (err) {
      onError(errorText(err, t("error.network")));
    }
  };
  return (
    <>
      {docs.value.length > 0 && (
        <ul class="doc-chips" aria-label={t("docs.using")}>
          {docs.value.map((d) => (
            <li key={d.id} class="doc-chip">
              <a href={links.document(d.id)} dir="auto">{d.name}</a>
              <button
                type="button"
                class="doc-chip-remove"
                aria-label={t("docs.remove", { name: d.name })}
                title={t("docs.remove", { name: d.name })}
                onClick={() => remove(d)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {open.value && <Picker docs={docs} open={open} t={t} ensure={ensure} onError={onError} />}
    </>
  );
}

/** The library search the picker shows: up to `LIMIT` documents. */
const LIMIT = 8;

interface PickerProps {
  docs: Signal<ChatDocument[]>;
  open: Signal<boolean>;
  t: Translate;
  ensure(): Promise<string | undefined>;
  onError(message: string): void;
}

function Picker({ docs, open, t, ensure, onError }: PickerProps) {
  const q = useSignal("");
  const found = useSignal<DocumentInfo[] | null>(null);
  const busy = useSignal("");
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      const query = new URLSearchParams({ limit: String(LIMIT) });
      if (q.value.trim()) query.set("q", q.value.trim());
      apiJson<{ documents: DocumentInfo[] }>(`/api/documents?${query}`).then(
        (r) => !ctl.signal.aborted && (found.value = r.documents),
        (err) => {
          if (ctl.signal.aborted) return;
          found.value = [];
          onError(errorText(err, t("error.network")));
        },
      );
    }, q.value ? 200 : 0);
    return () => {
      ctl.abort();
      clearTimeout(timer);
    };
  }, [q.value]);
  const pick = async (d: DocumentInfo) => {
    if (docs.value.some((x) => x.id === d.id)) return void (open.value = false);
    busy.value = d.id;
    try {
      const id = await ensure();
      if (!id) return;
      await apiJson(`/api/conversations/${enc(id)}/documents/${enc(d.id)}`, "PUT");
      docs.value = [...docs.value, { id: d.id, name: d.name }];
      open.value = false;
    } catch (err) {
      onError(errorText(err, t("error.network")));
    } finally {
      busy.value = "";
    }
  };
  return (
    <div
      class="doc-picker"
      role="dialog"
      aria-label={t("docs.pick")}
      onKeyDown={(e) => e.key === "Escape" && (open.value = false)}
    >
      <div class="doc-picker-head">
        <input
          ref={input}
          type="search"
          class="doc-picker-q"
          value={q.value}
          maxLength={200}
          placeholder={t("docs.search")}
          aria-label={t("docs.search")}
          onInput={(e) => q.value = e.currentTarget.value}
        />
        <button type="button" class="chat-chip" onClick={() => open.value = false}>
          {t("cancel")}
        </button>
      </div>
      {found.value === null
        ? <p class="muted" role="status">{t("docs.loading")}</p>
        : found.value.length === 0
        ? (
          <p class="muted">
            {q.value.trim() ? t("docs.none") : t("docs.empty")}{" "}
            <a href="/documents">{t("docs.library")}</a>
          </p>
        )
        : (
          <ul class="doc-picker-list">
            {found.value.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  class="doc-picker-item"
                  disabled={!!busy.value}
                  aria-pressed={docs.value.some((x) => x.id === d.id)}
                  onClick={() => pick(d)}
                >
                  <span dir="auto">{d.name}</span>
                  {d.status !== "ready" && (
                    <span class="muted">· {t(`docs.status.${d.status}`)}</span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
