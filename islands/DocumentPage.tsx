/**
 * A document's tools on its page (`/documents/{id}`): Download for everyone who can read it;
 * "Use in a new chat" (creates a conversation, makes it use the document, opens it); for its
 * owner Rename, Move (to a folder of theirs), Share and Delete. Its status follows the
 * ingestion live. The text itself is rendered on the server, outside this island.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import {
  DeleteButton,
  ingesting,
  KindBadge,
  ShareToggle,
  StatusLine,
} from "../components/documents/parts.tsx";
import { apiJson, errorText } from "../lib/client/api.ts";
import { followTask } from "../lib/client/sse.ts";
import type { DocumentInfo, DocumentStatus, FolderInfo } from "../lib/documents/types.ts";
import { formatDateTime, formatSize, translatorOf } from "../lib/i18n/format.ts";
import { links } from "../lib/links.ts";

/** Props of the document page's island. */
export interface DocumentPageProps {
  messages: Record<string, string>;
  locale: string;
  doc: DocumentInfo;
  /** The viewer's own folders (where Move may put it). */
  folders: FolderInfo[];
  /** The passage the page highlights (`?chunk=`), scrolled to when the address has no anchor. */
  chunk: number | null;
}

const enc = encodeURIComponent;

/** The document page's island. */
export default function DocumentPage(props: DocumentPageProps) {
  const t = useMemo(() => translatorOf(props.messages, "documents.ui."), [props.messages]);
  const doc = useSignal(props.doc);
  const renaming = useSignal<string | null>(null);
  const busy = useSignal(false);
  const error = useSignal("");
  const d = doc.value;
  const path = `/api/documents/${enc(d.id)}`;

  useEffect(() => {
    if (props.chunk !== null && !location.hash) {
      document.getElementById(`c-${props.chunk}`)?.scrollIntoView({ block: "start" });
    }
  }, []);

  useEffect(() => {
    if (!d.taskId || !ingesting(d.status)) return;
    const follower = followTask({
      taskId: d.taskId,
      onEvent({ event, data }) {
        if (event !== "progress") return;
        const p = data as { status?: DocumentStatus; progress?: number };
        doc.value = {
          ...doc.value,
          status: p.status ?? doc.value.status,
          progress: Number(p.progress) || 0,
        };
      },
    });
    const reload = () => apiJson<DocumentInfo>(path).then((x) => doc.value = x, () => {});
    follower.done.then(reload, reload);
    return () => follower.close();
  }, [d.taskId]);

  const act = async (run: () => Promise<void>) => {
    busy.value = true;
    error.value = "";
    try {
      await run();
    } catch (err) {
      error.value = errorText(err, t("error.network"));
    } finally {
      busy.value = false;
    }
  };
  const patch = (change: Record<string, unknown>) =>
    act(async () => {
      doc.value = await apiJson<DocumentInfo>(path, "PATCH", change);
    });
  const useInChat = () =>
    act(async () => {
      const c = await apiJson<{ id: string }>("/api/conversations", "POST", {});
      await apiJson(`/api/conversations/${enc(c.id)}/documents/${enc(d.id)}`, "PUT");
      location.assign(`/chat/${enc(c.id)}`);
    });

  return (
    <div class="doc-head">
      {renaming.value !== null
        ? (
          <form
            class="doc-folder-form"
            onSubmit={(e) => {
              e.preventDefault();
              const name = renaming.value?.trim();
              if (name) patch({ name }).then(() => renaming.value = null);
            }}
          >
            <label class="doc-field">
              <span>{t("rename")}</span>
              <input
                value={renaming.value}
                maxLength={255}
                required
                ref={(el) => el?.focus()}
                onInput={(e) => renaming.value = e.currentTarget.value}
              />
            </label>
            <button type="submit" class="button" disabled={busy.value}>{t("save")}</button>
            <button type="button" class="chat-chip" onClick={() => renaming.value = null}>
              {t("cancel")}
            </button>
          </form>
        )
        : (
          <h1 class="doc-title">
            <KindBadge kind={d.kind} t={t} /> <span dir="auto">{d.name}</span>
          </h1>
        )}
      <p class="doc-meta muted">
        {t(`kind.${d.kind}`)} · {formatSize(d.size, props.locale)}
        {d.pages ? <>· {t("pages", { n: d.pages })}</> : null} ·{" "}
        {d.mine ? t("yours") : t("by", { name: d.ownerName })} ·{" "}
        {d.shared ? t("shared") : t("private")} · {formatDateTime(d.createdAt, props.locale)}
      </p>
      <StatusLine doc={d} t={t} />
      {d.summary && <p class="doc-summary" dir="auto">{d.summary}</p>}
      {error.value && <p class="doc-alert" role="alert">{error.value}</p>}
      <div class="doc-tools">
        <a class="button" href={links.documentDownload(d.id)} download>{t("download")}</a>
        <button type="button" class="chat-chip" disabled={busy.value} onClick={useInChat}>
          {t("useInChat")}
        </button>
        {d.mine && (
          <>
            <button type="button" class="chat-chip" onClick={() => renaming.value = d.name}>
              {t("rename")}
            </button>
            <label class="doc-field doc-move">
              <span>{t("move")}</span>
              <select
                value={d.folderId ?? ""}
                disabled={busy.value}
                onChange={(e) => patch({ folderId: e.currentTarget.value || null })}
              >
                <option value="">{t("topLevel")}</option>
                {props.folders.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
              </select>
            </label>
            <ShareToggle
              checked={d.shared}
              disabled={busy.value}
              label={t("shareToggle")}
              onToggle={(shared) => patch({ shared })}
            />
            <DeleteButton
              disabled={busy.value}
              label={t("delete")}
              question={t("deleteConfirm", { name: d.name })}
              onDelete={() =>
                act(async () => {
                  await apiJson(path, "DELETE");
                  location.assign(d.folderId ? links.folder(d.folderId) : "/documents");
                })}
            />
          </>
        )}
      </div>
    </div>
  );
}
