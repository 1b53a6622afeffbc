/**
 * One file of the workspace shown in the panel: text (read through the API, the beginning of a
 * large one), an image, or an HTML page in a sandboxed frame. The frame's address is a
 * short-lived `/preview/<token>` (`POST …/preview`) served with a sandbox CSP: its scripts run in
 * an opaque origin, without the app's cookies, its API or the network.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiError, apiJson, errorText } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { type TreeEntry, workspaceUrl } from "../../lib/workspace/types.ts";
import { WsIcon } from "./tree.tsx";
import { baseName, downloadUrl, fileApi, previewKind, TEXT_PREVIEW_BYTES } from "./files.ts";

/** Props of `Preview`. */
export interface PreviewProps {
  id: string;
  entry: TreeEntry;
  /** Bumped when the workspace changed: the file is read again. */
  version: number;
  t: Translate;
  onClose(): void;
}

/** The preview of `entry`. */
export function Preview({ id, entry, version, t, onClose }: PreviewProps) {
  const kind = previewKind(entry.path);
  const text = useSignal<string | null>(null);
  const frame = useSignal<string | null>(null);
  const error = useSignal("");
  const name = baseName(entry.path);

  // Another file starts from "Loading…"; the same file read again keeps what it shows until the
  // new content is there, so the panel does not jump under a finger (or a click) while it reloads.
  useEffect(() => {
    text.value = frame.value = null;
    error.value = "";
  }, [id, entry.path]);
  useEffect(() => {
    const ctl = new AbortController();
    const fail = (err: unknown) => {
      if (!ctl.signal.aborted) error.value = errorText(err, t("network"));
    };
    if (kind === "text") {
      apiFetch(`${fileApi(id, entry.path)}&inline=1`, { signal: ctl.signal })
        .then(async (res) => {
          if (!res.ok) throw await apiError(res);
          // Only the beginning of a large file is read.
          const reader = res.body!.getReader();
          const decoder = new TextDecoder();
          let out = "";
          for (let got = 0; got < TEXT_PREVIEW_BYTES;) {
            const { done, value } = await reader.read();
            if (done) break;
            out += decoder.decode(value, { stream: true });
            got += value.length;
          }
          reader.cancel().catch(() => {});
          if (ctl.signal.aborted) return;
          text.value = out;
          error.value = "";
        })
        .catch(fail);
    } else if (kind === "html") {
      apiJson<{ url: string }>(`${workspaceUrl(id)}/preview`, "POST", { path: entry.path })
        .then((r) => {
          if (ctl.signal.aborted) return;
          frame.value = r.url;
          error.value = "";
        }, fail);
    }
    return () => ctl.abort();
  }, [id, entry.path, version]);

  return (
    <section class="ws-preview" aria-label={t("preview", { name })}>
      <header class="ws-preview-head">
        <h3 dir="auto">{name}</h3>
        <a
          class="chat-chip"
          href={downloadUrl(id, entry.path)}
          download={name}
          aria-label={t("download", { name })}
        >
          <WsIcon of="download" />
        </a>
        <button type="button" class="chat-chip" aria-label={t("closePreview")} onClick={onClose}>
          ✕
        </button>
      </header>
      {error.value
        ? <p class="doc-error" role="alert">{error.value}</p>
        : kind === "image"
        ? <img class="ws-image" src={`${downloadUrl(id, entry.path)}&v=${version}`} alt={name} />
        : kind === "html"
        ? (frame.value
          ? (
            <iframe
              class="ws-frame"
              title={t("preview", { name })}
              sandbox="allow-scripts"
              referrerpolicy="no-referrer"
              src={frame.value}
            />
          )
          : <p class="muted">{t("loading")}</p>)
        : kind === "text"
        ? (text.value === null ? <p class="muted">{t("loading")}</p> : (
          <>
            <pre class="ws-text" dir="auto">{text.value}</pre>
            {entry.size > TEXT_PREVIEW_BYTES && <p class="muted">{t("cut")}</p>}
          </>
        ))
        : <p class="muted">{t("noPreview")}</p>}
    </section>
  );
}
