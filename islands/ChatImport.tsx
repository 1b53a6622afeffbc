/**
 * Import conversations (`/me/imports`): pick an export file (ChatGPT, Open WebUI, Hearth), see
 * what it holds (`POST /api/imports/preview`: titles, message and version counts, dates), untick
 * any not wanted, import (`POST /api/imports`, the file and `only` as a form) and open the chats.
 */
import { useSignal } from "@preact/signals";
import { apiError, errorText } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { formatDateTime, formatSize, translatorOf } from "../lib/i18n/format.ts";
import type { ImportPreview, ImportResult } from "../lib/imports/types.ts";

interface Props {
  /** The `imports.ui.*` messages in the page's language (full keys). */
  messages: Record<string, string>;
  locale: string;
  /** The largest file the box takes, in bytes. */
  maxBytes: number;
}

async function preview(file: File): Promise<ImportPreview> {
  const res = await apiFetch("/api/imports/preview", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: file,
  });
  if (!res.ok) throw await apiError(res);
  return await res.json();
}

async function commit(file: File, only: number[] | null): Promise<ImportResult> {
  const form = new FormData();
  form.set("file", file);
  if (only) form.set("only", only.join(","));
  const res = await apiFetch("/api/imports", { method: "POST", body: form });
  if (!res.ok) throw await apiError(res);
  return await res.json();
}

export default function ChatImport({ messages, locale, maxBytes }: Props) {
  const t = translatorOf(messages, "imports.ui.");
  const file = useSignal<File | null>(null);
  const found = useSignal<ImportPreview | null>(null);
  /** Indexes of the shown conversations left out. */
  const skipped = useSignal<ReadonlySet<number>>(new Set());
  const done = useSignal<ImportResult | null>(null);
  const busy = useSignal("");
  const error = useSignal("");

  const run = async (status: string, work: () => Promise<void>) => {
    busy.value = status;
    error.value = "";
    try {
      await work();
    } catch (err) {
      error.value = errorText(err, t("network"));
    } finally {
      busy.value = "";
    }
  };

  const pick = (e: Event) => {
    const chosen = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
    file.value = chosen;
    found.value = null;
    done.value = null;
    skipped.value = new Set();
    error.value = "";
    if (!chosen) return;
    if (chosen.size > maxBytes) {
      error.value = t("tooLarge", { max: formatSize(maxBytes, locale) });
      return;
    }
    run(t("reading"), async () => {
      found.value = await preview(chosen);
    });
  };

  const toggle = (index: number) => {
    const next = new Set(skipped.value);
    if (next.has(index)) next.delete(index);
    else next.add(index);
    skipped.value = next;
  };

  const chosenCount = found.value ? found.value.total - skipped.value.size : 0;

  const importNow = () =>
    run(t("importing"), async () => {
      const shown = found.value;
      if (!file.value || !shown) return;
      const only = skipped.value.size === 0
        ? null
        : Array.from({ length: shown.total }, (_, i) => i).filter((i) => !skipped.value.has(i));
      done.value = await commit(file.value, only);
      found.value = null;
    });

  const formatName = (format: string) =>
    t(`format.${format.startsWith("hearth") ? "hearth" : format}`);
  const date = (iso: string) => formatDateTime(iso, locale);
  const more = found.value ? found.value.total - found.value.conversations.length : 0;

  return (
    <div class="chat-import">
      <label class="auth-field">
        <span>{t("file")}</span>
        <input
          type="file"
          accept=".json,.zip,application/json,application/zip"
          onChange={pick}
          disabled={busy.value !== ""}
          data-import-file
        />
      </label>
      <p class="auth-error" role="alert">{error.value}</p>
      {busy.value && <p class="muted" role="status">{busy.value}</p>}
      {found.value && (
        <div class="chat-import-preview" data-import-preview>
          <p role="status">
            <strong>
              {t("found", {
                total: found.value.total,
                format: formatName(found.value.format),
              })}
            </strong>
          </p>
          <ul class="chat-import-list">
            {found.value.conversations.map((c) => (
              <li key={c.index}>
                <label>
                  <input
                    type="checkbox"
                    checked={!skipped.value.has(c.index)}
                    onClick={() => toggle(c.index)}
                    data-import-pick={c.index}
                  />
                  <span class="chat-import-title">{c.title}</span>
                </label>
                <span class="muted">
                  {c.branches > 1
                    ? t("counts", { messages: c.messages, branches: c.branches })
                    : t("count", { messages: c.messages })}
                  {" · "}
                  {date(c.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
          {more > 0 && <p class="muted">{t("more", { count: more })}</p>}
          <div class="auth-actions">
            <button
              type="button"
              class="button"
              onClick={importNow}
              disabled={busy.value !== "" || chosenCount === 0}
              data-import-commit
            >
              {t("commit", { count: chosenCount })}
            </button>
          </div>
          {chosenCount === 0 && <p class="muted">{t("none")}</p>}
        </div>
      )}
      {done.value && (
        <div class="chat-import-done" data-import-done>
          <p role="status">
            <strong>{t("done", { count: done.value.imported })}</strong>
          </p>
          <ul class="chat-import-list">
            {done.value.conversations.slice(0, 20).map((c) => (
              <li key={c.id}>
                <a href={`/chat/${encodeURIComponent(c.id)}`}>{c.title || "…"}</a>
              </li>
            ))}
          </ul>
          <p>
            <a class="button" href="/chat">{t("open")}</a>
          </p>
        </div>
      )}
    </div>
  );
}
