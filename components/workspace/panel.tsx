/**
 * The workspace panel beside the chat (a side column on a desktop, a sheet over the chat on a
 * phone), opened by "Files" in the chat header or a tool step's file (`workspace_slot.ts`): the
 * tree, the preview of a file, Upload (progress, Cancel), New folder, Delete, Download all and
 * Load a zip, and the snapshots with Restore and "Take snapshot". It reads the workspace again
 * whenever the slot says it changed.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { apiJson, errorText } from "../../lib/client/api.ts";
import { sendFile } from "../../lib/client/upload.ts";
import { formatDateTime, formatSize, translatorOf } from "../../lib/i18n/format.ts";
import {
  type RestoreResult,
  type SnapshotInfo,
  WORKSPACE_LIMITS,
  workspaceUrl,
  type WorkspaceView,
} from "../../lib/workspace/types.ts";
import { FilePick, trackUpload, UploadItem, type UploadRow } from "../upload_list.tsx";
import { buildTree, fileApi, joinPath, type TreeNode, zipUrl } from "./files.ts";
import { Preview } from "./preview.tsx";
import { Snapshots } from "./snapshots.tsx";
import { Tree } from "./tree.tsx";

/**
 * Props of `WorkspacePanel`: the slot's `workspaceAt` (handed over, not imported, so the slot
 * stays in the chat's first chunk instead of a chunk of its own), the chat's messages
 * (`chat.ws.*` among them) and language.
 */
export interface WorkspacePanelProps {
  at: Signal<{ id: string; path?: string; v: number } | null>;
  messages: Record<string, string>;
  locale: string;
}

/** The panel on the workspace `at` names; setting `at` to null closes it. */
export function WorkspacePanel({ at: slot, messages, locale }: WorkspacePanelProps) {
  const close = () => slot.value = null;
  const t = useMemo(() => translatorOf(messages, "chat.ws."), [messages]);
  const at = slot.value!;
  const id = at.id;
  const base = workspaceUrl(id);
  const view = useSignal<WorkspaceView | null>(null);
  const snaps = useSignal<SnapshotInfo[]>([]);
  const selected = useSignal<string | null>(null);
  const opened = useSignal(new Set<string>());
  const folder = useSignal("");
  const uploads = useSignal<UploadRow[]>([]);
  const naming = useSignal<string | null>(null);
  const busy = useSignal(false);
  const note = useSignal("");
  const error = useSignal("");
  const version = useSignal(0);
  const closer = useRef<HTMLButtonElement>(null);
  // Reads of the workspace started, so a late answer to an older one is dropped.
  const loads = useRef(0);

  const fail = (err: unknown) => error.value = errorText(err, t("network"));
  const load = async () => {
    // Actions overlap (an upload ends while a restore runs): only the newest read is shown, so
    // an older one that answers late cannot bring back a tree from before the newer change.
    const n = ++loads.current;
    try {
      const [v, s] = await Promise.all([
        apiJson<WorkspaceView>(base),
        apiJson<{ snapshots: SnapshotInfo[] }>(`${base}/snapshots`),
      ]);
      if (n !== loads.current) return;
      view.value = v;
      snaps.value = s.snapshots;
      version.value++;
      if (selected.value && !v.entries.some((e) => e.path === selected.value)) {
        selected.value = null;
      }
    } catch (err) {
      if (n === loads.current) fail(err);
    }
  };
  /** Runs a change, then reads the workspace again. */
  const act = async (fn: () => Promise<unknown>) => {
    busy.value = true;
    error.value = note.value = "";
    try {
      await fn();
    } catch (err) {
      fail(err);
    } finally {
      busy.value = false;
      await load();
    }
  };
  const show = (path: string) => {
    selected.value = path;
    const next = new Set(opened.value);
    for (let i = path.indexOf("/"); i > 0; i = path.indexOf("/", i + 1)) next.add(path.slice(0, i));
    opened.value = next;
  };

  // Opened: the focus goes into the panel (Escape closes it).
  useEffect(() => closer.current?.focus(), []);
  useEffect(() => {
    load();
  }, [id, at.v]);
  useEffect(() => {
    if (at.path) show(at.path);
  }, [at.path, at.v]);

  const upload = (files: File[]) => {
    error.value = "";
    for (const file of files) {
      const path = joinPath(folder.value, file.name);
      trackUpload(uploads, file, t, (p) => sendFile("PUT", fileApi(id, path), file, p), load);
    }
  };
  const loadZip = (file: File) => {
    if (!confirm(t("loadZipConfirm", { name: file.name }))) return;
    trackUpload(
      uploads,
      file,
      t,
      (p) => sendFile<{ files: number }>("PUT", `${base}/zip`, file, p),
      (r) => {
        note.value = t(r.files === 1 ? "loadedZip.one" : "loadedZip", { files: r.files });
        load();
      },
    );
  };
  const remove = (n: TreeNode) => {
    const path = n.entry.path;
    const ask = n.entry.kind === "dir" ? "deleteFolderConfirm" : "deleteConfirm";
    if (!confirm(t(ask, { path }))) return;
    act(() => apiJson(fileApi(id, path), "DELETE"));
  };
  const restore = (s: SnapshotInfo) => {
    const time = formatDateTime(s.createdAt, locale);
    if (!confirm(t("snap.restoreConfirm", { time }))) return;
    act(async () => {
      await apiJson<RestoreResult>(`${base}/snapshots/${encodeURIComponent(s.id)}/restore`, "POST");
      note.value = t("snap.restored", { time });
    });
  };
  const makeFolder = (e: Event) => {
    e.preventDefault();
    const name = naming.value?.trim();
    naming.value = null;
    if (name) act(() => apiJson(`${base}/folders`, "POST", { path: joinPath(folder.value, name) }));
  };

  const v = view.value;
  const tree = useMemo(() => buildTree(v?.entries ?? []), [v]);
  const entry = v?.entries.find((e) => e.path === selected.value && e.kind === "file");
  return (
    <aside
      class="ws-panel"
      aria-label={t("title")}
      onKeyDown={(e) => e.key === "Escape" && close()}
    >
      <header class="ws-head">
        <h2>{t("title")}</h2>
        {v && (
          <span class="muted ws-usage">
            {t(v.files === 1 ? "usage.one" : "usage", {
              files: v.files,
              size: formatSize(v.bytes, locale),
            })}
          </span>
        )}
        <button
          type="button"
          class="chat-chip"
          aria-label={t("close")}
          onClick={close}
          ref={closer}
        >
          ✕
        </button>
      </header>
      <div class="ws-tools">
        <FilePick class="chat-chip ws-pick" multiple onFiles={upload}>
          {t("upload.choose")}
        </FilePick>
        <button type="button" class="chat-chip" onClick={() => naming.value = ""}>
          {t("newFolder")}
        </button>
        <a class="chat-chip" href={zipUrl(id)} download>{t("downloadAll")}</a>
        <FilePick
          class="chat-chip ws-pick"
          accept=".zip,application/zip"
          onFiles={(files) => loadZip(files[0])}
        >
          {t("loadZip")}
        </FilePick>
      </div>
      <p class="muted ws-into">
        {folder.value ? t("into", { folder: folder.value }) : t("intoTop")}
      </p>
      {naming.value !== null && (
        <form class="ws-name-form" onSubmit={makeFolder}>
          <input
            aria-label={t("folderName")}
            value={naming.value}
            maxLength={WORKSPACE_LIMITS.nameBytes}
            ref={(el) => el?.focus()}
            onInput={(e) => naming.value = e.currentTarget.value}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              e.stopPropagation();
              naming.value = null;
            }}
          />
          <button type="submit" class="chat-chip chat-chip-main">{t("create")}</button>
        </form>
      )}
      {error.value && <p class="doc-error" role="alert">{error.value}</p>}
      {note.value && <p class="ws-note" role="status">{note.value}</p>}
      {uploads.value.length > 0 && (
        <ul class="doc-list">
          {uploads.value.map((u) => (
            <UploadItem key={u.key} u={u} t={t} locale={locale} uploads={uploads} />
          ))}
        </ul>
      )}
      {v && !v.entries.length && <p class="muted">{t("empty")}</p>}
      <Tree
        id={id}
        nodes={tree}
        t={t}
        locale={locale}
        opened={opened}
        folder={folder}
        selected={selected.value}
        onOpen={show}
        onDelete={remove}
      />
      {v?.truncated && <p class="muted">{t("truncated", { n: v.entries.length })}</p>}
      {entry && (
        <Preview
          id={id}
          entry={entry}
          version={version.value}
          t={t}
          onClose={() => selected.value = null}
        />
      )}
      <Snapshots
        snaps={snaps.value}
        t={t}
        locale={locale}
        busy={busy.value}
        onTake={() => act(() => apiJson(`${base}/snapshots`, "POST"))}
        onRestore={restore}
      />
    </aside>
  );
}
