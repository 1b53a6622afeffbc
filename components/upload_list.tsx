/**
 * Uploading, shared by the document library and the workspace panel: the button that picks files,
 * and the list of files on their way up, each row's progress with Cancel, or why it failed in
 * words (and Remove). The translator it gets
 * must know `upload.sending`, `upload.progress`, `upload.tooLarge`, `upload.unsupported`,
 * `upload.network`, `upload.failed`, `cancel` and `remove` under its prefix.
 */
import type { Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { UploadError, type Uploading } from "../lib/client/upload.ts";
import { formatSize, type Translate } from "../lib/i18n/format.ts";

/** A file being uploaded. */
export interface UploadRow {
  key: string;
  name: string;
  size: number;
  sent: number;
  error?: string;
  job?: Uploading<unknown>;
}

/** What a failed upload's row says (`status` the HTTP status, 0 for none). */
export function uploadErrorText(t: Translate, status: number, message: string): string {
  if (status === 413) return t("upload.tooLarge");
  if (status === 415) return t("upload.unsupported");
  if (status === 0) return t("upload.network");
  return message || t("upload.failed", { status });
}

/**
 * Shows `file` in `rows` while `start` sends it (given the progress callback): gone from the list
 * once done (then `onDone` gets the answer) or cancelled, else left with its error.
 */
export function trackUpload<T>(
  rows: Signal<UploadRow[]>,
  file: File,
  t: Translate,
  start: (onProgress: (sent: number) => void) => Uploading<T>,
  onDone: (answer: T) => void,
): void {
  const key = `${Date.now()}-${Math.random()}`;
  const change = (c: Partial<UploadRow>) =>
    rows.value = rows.value.map((u) => u.key === key ? { ...u, ...c } : u);
  const drop = () => rows.value = rows.value.filter((u) => u.key !== key);
  const job = start((sent) => change({ sent }));
  rows.value = [...rows.value, { key, name: file.name, size: file.size, sent: 0, job }];
  job.done.then((answer) => {
    drop();
    onDone(answer);
  }, (err: unknown) => {
    if (err instanceof UploadError && err.code === "aborted") return drop();
    const e = err instanceof UploadError ? err : new UploadError(0, "network", "");
    change({ error: uploadErrorText(t, e.status, e.message), job: undefined });
  });
}

/** A file on its way up: its progress, Cancel, or why it failed (and Remove). */
export function UploadItem(
  { u, t, locale, uploads }: {
    u: UploadRow;
    t: Translate;
    locale: string;
    uploads: Signal<UploadRow[]>;
  },
) {
  const pct = u.size ? Math.round(u.sent / u.size * 100) : 0;
  const drop = () => uploads.value = uploads.value.filter((x) => x.key !== u.key);
  return (
    <li class="doc-row doc-uploading" data-state={u.error ? "error" : "up"}>
      <div class="doc-main">
        <span class="doc-name" dir="auto">{u.name}</span>
        <span class="doc-meta muted">{formatSize(u.size, locale)}</span>
        {u.error
          ? <p class="doc-error" role="alert">{u.error}</p>
          : (
            <p class="doc-status" role="status">
              <span>{t("upload.sending", { pct })}</span>
              <progress
                class="doc-progress"
                max={100}
                value={pct}
                aria-label={t("upload.progress")}
              />
            </p>
          )}
      </div>
      <div class="doc-actions">
        {u.error
          ? <button type="button" class="chat-chip" onClick={drop}>{t("remove")}</button>
          : (
            <button type="button" class="chat-chip" onClick={() => u.job?.abort()}>
              {t("cancel")}
            </button>
          )}
      </div>
    </li>
  );
}

/** A button (a label around a hidden file input) that hands the picked files on. */
export function FilePick(
  { class: cls, multiple = false, accept, onFiles, children }: {
    class: string;
    multiple?: boolean;
    accept?: string;
    onFiles(files: File[]): void;
    children: ComponentChildren;
  },
) {
  return (
    <label class={cls}>
      {children}
      <input
        type="file"
        class="sr-only"
        multiple={multiple}
        accept={accept}
        onChange={(e) => {
          const input = e.currentTarget;
          const files = [...input.files ?? []];
          // Cleared, so picking the same file again is a change again.
          input.value = "";
          if (files.length) onFiles(files);
        }}
      />
    </label>
  );
}
