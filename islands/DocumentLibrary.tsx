/**
 * The document library (`/documents`): the folder's tools (new folder, rename, share, delete),
 * uploading (a button, drag and drop, several files at once) with each file's progress, cancel
 * and errors in words, and the documents of the folder, each following its ingestion live
 * (`followTask` on its task) with Cancel, and Retry for a failed one. The server renders it all
 * first, so the list reads without JavaScript; everything that changes goes through the API.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import {
  DeleteButton,
  ingesting,
  KindBadge,
  ShareToggle,
  StatusLine,
} from "../components/documents/parts.tsx";
import { uploadDocument } from "../components/documents/upload.ts";
import { FilePick, trackUpload, UploadItem, type UploadRow } from "../components/upload_list.tsx";
import { apiJson, errorText } from "../lib/client/api.ts";
import { followTask } from "../lib/client/sse.ts";
import type { DocumentInfo, DocumentStatus, FolderInfo } from "../lib/documents/types.ts";
import { formatSize, type Translate, translatorOf } from "../lib/i18n/format.ts";
import { links } from "../lib/links.ts";
import { taskCancelUrl } from "../lib/tasks/types.ts";

/** Props of the library island. */
export interface DocumentLibraryProps {
  /** The `documents.ui.*` messages. */
  messages: Record<string, string>;
  locale: string;
  /** The folder shown (null: the library's top). */
  folder: FolderInfo | null;
  /** Its folders inside. */
  folders: FolderInfo[];
  /** This page of its documents (or of the search's hits). */
  documents: DocumentInfo[];
  /** A search is shown (no uploading into it, no folders). */
  searching: boolean;
}

const enc = encodeURIComponent;

/** The library island. */
export default function DocumentLibrary(props: DocumentLibraryProps) {
  const t = useMemo(() => translatorOf(props.messages, "documents.ui."), [props.messages]);
  const docs = useSignal(props.documents);
  const uploads = useSignal<UploadRow[]>([]);
  const shareNew = useSignal(props.folder?.shared ?? false);
  const dragging = useSignal(false);
  const error = useSignal("");
  const folder = props.folder;

  const updateDoc = (doc: DocumentInfo) =>
    docs.value = docs.value.map((d) => d.id === doc.id ? doc : d);
  const fail = (err: unknown) => error.value = errorText(err, t("error.network"));

  const upload = (files: File[]) => {
    error.value = "";
    for (const file of files) {
      trackUpload(
        uploads,
        file,
        t,
        (onProgress) =>
          uploadDocument(file, { folder: folder?.id, shared: shareNew.value }, onProgress),
        (doc) => docs.value = [doc, ...docs.value.filter((d) => d.id !== doc.id)],
      );
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    dragging.value = false;
    const files = [...e.dataTransfer?.files ?? []];
    if (files.length) upload(files);
  };

  return (
    <div
      class="doc-library"
      data-dragging={dragging.value || undefined}
      onDragOver={(e) => {
        if (props.searching || !e.dataTransfer?.types.includes("Files")) return;
        e.preventDefault();
        dragging.value = true;
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) dragging.value = false;
      }}
      onDrop={props.searching ? undefined : onDrop}
    >
      {!props.searching && <FolderTools folder={folder} t={t} onError={fail} shareNew={shareNew} />}
      {!props.searching && (
        <div class="doc-upload">
          <FilePick class="button doc-upload-button" multiple onFiles={upload}>
            <span aria-hidden="true">⬆</span> {t("upload.choose")}
          </FilePick>
          <span class="muted doc-upload-hint">{t("upload.hint")}</span>
          <label class="doc-check">
            <input
              type="checkbox"
              checked={shareNew.value}
              disabled={folder?.shared}
              onChange={(e) => shareNew.value = e.currentTarget.checked}
            />
            <span>{t("upload.shared")}</span>
          </label>
        </div>
      )}
      {error.value && (
        <p class="doc-alert" role="alert">
          {error.value}{" "}
          <button type="button" class="chat-chip" onClick={() => error.value = ""}>
            {t("dismiss")}
          </button>
        </p>
      )}
      {props.folders.length > 0 && (
        <ul class="doc-folders">
          {props.folders.map((f) => (
            <li key={f.id}>
              <a class="doc-folder" href={links.folder(f.id)}>
                <span class="doc-folder-icon" aria-hidden="true">📁</span>
                <span dir="auto">{f.name}</span>
                {f.shared && <span class="doc-tag">{t("shared")}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
      {(uploads.value.length > 0 || docs.value.length > 0) && (
        <ul class="doc-list">
          {uploads.value.map((u) => (
            <UploadItem key={u.key} u={u} t={t} locale={props.locale} uploads={uploads} />
          ))}
          {docs.value.map((d) => (
            <DocItem
              key={d.id}
              doc={d}
              t={t}
              locale={props.locale}
              onChange={updateDoc}
              onGone={(id) => docs.value = docs.value.filter((x) => x.id !== id)}
              onError={fail}
            />
          ))}
        </ul>
      )}
      {!docs.value.length && !uploads.value.length && !props.folders.length && (
        <p class="muted doc-empty">{props.searching ? t("noMatch") : t("empty")}</p>
      )}
    </div>
  );
}

/** Props of `DocItem`. */
interface DocItemProps {
  doc: DocumentInfo;
  t: Translate;
  locale: string;
  onChange(doc: DocumentInfo): void;
  onGone(id: string): void;
  onError(err: unknown): void;
}

/** One document: name, kind, size, owner, status (live while it is being read), its tools. */
function DocItem({ doc, t, locale, onChange, onGone, onError }: DocItemProps) {
  const busy = useSignal(false);
  // Follows the ingestion task while there is one; the document is read again at its end.
  useEffect(() => {
    if (!doc.taskId || !ingesting(doc.status)) return;
    let live = { ...doc };
    const reload = () =>
      apiJson<DocumentInfo>(`/api/documents/${enc(doc.id)}`).then(onChange, () => {});
    const follower = followTask({
      taskId: doc.taskId,
      onEvent({ event, data }) {
        if (event !== "progress") return;
        const d = data as { status?: DocumentStatus; progress?: number };
        live = { ...live, status: d.status ?? live.status, progress: Number(d.progress) || 0 };
        onChange(live);
      },
    });
    follower.done.then(reload, reload);
    return () => follower.close();
  }, [doc.taskId]);

  const act = async (run: () => Promise<void>) => {
    busy.value = true;
    try {
      await run();
    } catch (err) {
      onError(err);
    } finally {
      busy.value = false;
    }
  };
  const path = `/api/documents/${enc(doc.id)}`;
  return (
    <li class="doc-row" id={`d-${doc.id}`} data-status={doc.status}>
      <KindBadge kind={doc.kind} t={t} />
      <div class="doc-main">
        <a class="doc-name" href={links.document(doc.id)} dir="auto">{doc.name}</a>
        <span class="doc-meta muted">
          {formatSize(doc.size, locale)}
          {!doc.mine && <>· {t("by", { name: doc.ownerName })}</>}
          {doc.shared && <>· {t("shared")}</>}
        </span>
        {doc.status === "ready" && doc.summary && (
          <p class="doc-summary" dir="auto">{doc.summary}</p>
        )}
        <StatusLine doc={doc} t={t} />
      </div>
      {doc.mine && (
        <div class="doc-actions">
          {ingesting(doc.status) && doc.taskId && (
            <button
              type="button"
              class="chat-chip"
              disabled={busy.value}
              onClick={() => act(() => apiJson(taskCancelUrl(doc.taskId!), "POST"))}
            >
              {t("cancel")}
            </button>
          )}
          {(doc.status === "failed" || doc.status === "cancelled") && (
            <button
              type="button"
              class="chat-chip"
              disabled={busy.value}
              onClick={() =>
                act(async () => onChange(await apiJson<DocumentInfo>(`${path}/ingest`, "POST")))}
            >
              {t("retry")}
            </button>
          )}
          <ShareToggle
            class="doc-check doc-share"
            checked={doc.shared}
            disabled={busy.value}
            label={t("shareToggle")}
            onToggle={(shared) =>
              act(async () => onChange(await apiJson<DocumentInfo>(path, "PATCH", { shared })))}
          />
          <DeleteButton
            disabled={busy.value}
            label={t("delete")}
            question={t("deleteConfirm", { name: doc.name })}
            onDelete={() =>
              act(async () => {
                await apiJson(path, "DELETE");
                onGone(doc.id);
              })}
          />
        </div>
      )}
    </li>
  );
}

/** The folder's tools: a new folder inside it; for one's own folder, rename, share, delete. */
function FolderTools(
  { folder, t, onError, shareNew }: {
    folder: FolderInfo | null;
    t: Translate;
    onError(err: unknown): void;
    shareNew: Signal<boolean>;
  },
) {
  const naming = useSignal<"new" | "rename" | null>(null);
  const name = useSignal("");
  const busy = useSignal(false);
  const path = folder && `/api/documents/folders/${enc(folder.id)}`;
  const run = async (work: () => Promise<void>) => {
    busy.value = true;
    try {
      await work();
    } catch (err) {
      onError(err);
      busy.value = false;
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    const value = name.value.trim();
    if (!value) return;
    run(async () => {
      if (naming.value === "new") {
        const made = await apiJson<FolderInfo>("/api/documents/folders", "POST", {
          name: value,
          parentId: folder?.id ?? null,
          shared: shareNew.value,
        });
        location.assign(links.folder(made.id));
      } else if (path) {
        await apiJson(path, "PATCH", { name: value });
        location.reload();
      }
    });
  };
  if (naming.value) {
    return (
      <form class="doc-folder-form" onSubmit={save}>
        <label class="doc-field">
          <span>{naming.value === "new" ? t("folder.newName") : t("folder.rename")}</span>
          <input
            value={name.value}
            maxLength={200}
            required
            ref={(el) => el?.focus()}
            onInput={(e) => name.value = e.currentTarget.value}
          />
        </label>
        <button type="submit" class="button" disabled={busy.value}>{t("save")}</button>
        <button type="button" class="chat-chip" onClick={() => naming.value = null}>
          {t("cancel")}
        </button>
      </form>
    );
  }
  return (
    <div class="doc-folder-tools">
      <button
        type="button"
        class="chat-chip"
        onClick={() => {
          name.value = "";
          naming.value = "new";
        }}
      >
        {t("folder.new")}
      </button>
      {folder?.mine && path && (
        <>
          <button
            type="button"
            class="chat-chip"
            onClick={() => {
              name.value = folder.name;
              naming.value = "rename";
            }}
          >
            {t("folder.rename")}
          </button>
          <ShareToggle
            checked={folder.shared}
            disabled={busy.value}
            label={t("folder.share")}
            onToggle={(shared) =>
              run(async () => {
                await apiJson(path, "PATCH", { shared });
                location.reload();
              })}
          />
          <DeleteButton
            disabled={busy.value}
            label={t("folder.delete")}
            question={t("folder.deleteConfirm", { name: folder.name })}
            onDelete={() =>
              run(async () => {
                await apiJson(path, "DELETE");
                location.assign(folder.parentId ? links.folder(folder.parentId) : "/documents");
              })}
          />
        </>
      )}
    </div>
  );
}
