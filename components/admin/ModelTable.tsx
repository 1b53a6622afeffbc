/**
 * The installed models (size, family, quantization, context) with details and delete, and the
 * models loaded in memory with unload. Deleting asks first, in a modal dialog.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { apiJson, errorText } from "../../lib/client/api.ts";
import {
  formatMemory,
  formatNumber,
  formatSize,
  formatTime,
  type Translate,
} from "../../lib/i18n/format.ts";
import type { ModelDetails, ModelRow, StatusView, UnloadResult } from "../../lib/ollama/types.ts";
import { ModelDetailsView } from "./ModelDetailsView.tsx";

interface Props {
  status: Signal<StatusView>;
  t: Translate;
  locale: string;
  refresh(): Promise<void>;
  /** Fills the custom-model form from a model's details. */
  onCustomize(details: ModelDetails): void;
}

const path = (name: string) => `/api/admin/ollama/models/${encodeURIComponent(name)}`;

/** Installed and running models. */
export function ModelTable({ status, t, locale, refresh, onCustomize }: Props) {
  const details = useSignal<ModelDetails | null>(null);
  const pending = useSignal<string | null>(null);
  const error = useSignal("");
  const dialog = useRef<HTMLDialogElement>(null);
  const shown = details.value?.name;
  useEffect(() => {
    // On a phone the details open far below the row that asked for them.
    if (shown) {
      document.getElementById("models-details-title")?.scrollIntoView({ block: "nearest" });
    }
  }, [shown]);

  const run = async (action: () => Promise<unknown>) => {
    error.value = "";
    try {
      await action();
    } catch (err) {
      error.value = errorText(err, t("models.error.network"));
    }
  };
  const showDetails = (name: string) =>
    run(async () => details.value = await apiJson<ModelDetails>(path(name)));
  const askDelete = (name: string) => {
    pending.value = name;
    dialog.current?.showModal();
  };
  const confirmDelete = () =>
    run(async () => {
      const name = pending.value;
      dialog.current?.close();
      if (!name) return;
      await apiJson(path(name), "DELETE");
      if (details.value?.name === name) details.value = null;
      await refresh();
    });
  const unload = (name: string) =>
    run(async () => {
      const done = await apiJson<UnloadResult>("/api/admin/ollama/unload", "POST", { model: name });
      await refresh();
      if (!done.unloaded) error.value = t("models.running.busy", { model: name });
    });

  const hosts = status.value.hosts.filter((h) => h.reachable);
  const many = hosts.length > 1;
  const rows = hosts.flatMap((h) => h.models.map((m) => ({ ...m, host: h.url })));
  const running = hosts.flatMap((h) => h.running.map((m) => ({ ...m, host: h.url })));
  const context = (m: ModelRow) => {
    if (m.numCtx && m.contextLength) {
      return t("models.table.ctxSet", {
        numCtx: formatNumber(m.numCtx, locale),
        max: formatNumber(m.contextLength, locale),
      });
    }
    const n = m.numCtx ?? m.contextLength;
    return n ? formatNumber(n, locale) : "—";
  };

  return (
    <section class="panel" aria-labelledby="models-installed-title">
      <h2 id="models-installed-title">{t("models.table.title")}</h2>
      {rows.length === 0
        ? <p class="muted">{t("models.table.empty")}</p>
        : (
          <table class="models-table">
            <thead>
              <tr>
                <th scope="col">{t("models.table.name")}</th>
                <th scope="col">{t("models.table.size")}</th>
                <th scope="col">{t("models.table.family")}</th>
                <th scope="col">{t("models.table.quantization")}</th>
                <th scope="col">{t("models.table.context")}</th>
                {many && <th scope="col">{t("models.table.host")}</th>}
                <th scope="col">{t("models.table.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.host + m.name} data-model={m.name}>
                  <th scope="row" class="models-name">{m.name}</th>
                  <td data-label={t("models.table.size")} class="models-size">
                    {formatSize(m.size, locale)}
                  </td>
                  <td data-label={t("models.table.family")}>
                    {m.family || "—"}{" "}
                    {m.parameterSize && <span class="muted">{m.parameterSize}</span>}
                  </td>
                  <td data-label={t("models.table.quantization")}>{m.quantization || "—"}</td>
                  <td data-label={t("models.table.context")}>{context(m)}</td>
                  {many && (
                    <td data-label={t("models.table.host")}>
                      <code>{m.host}</code>
                    </td>
                  )}
                  <td class="models-row-actions">
                    <button type="button" class="models-button" onClick={() => showDetails(m.name)}>
                      {t("models.table.details")}
                    </button>
                    <button
                      type="button"
                      class="models-button models-danger"
                      onClick={() => askDelete(m.name)}
                    >
                      {t("models.table.delete")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      {error.value && <p class="models-error" role="alert">{error.value}</p>}
      {details.value && (
        <ModelDetailsView
          details={details.value}
          t={t}
          locale={locale}
          onClose={() => details.value = null}
          onCustomize={onCustomize}
        />
      )}
      <h3>{t("models.running.title")}</h3>
      {running.length === 0
        ? <p class="muted">{t("models.running.empty")}</p>
        : (
          <ul class="models-running">
            {running.map((m) => (
              <li key={m.host + m.name} data-model={m.name}>
                <strong>{m.name}</strong>
                <span class="muted">
                  {m.sizeVram
                    ? t("models.running.vram", { size: formatMemory(m.sizeVram, locale) })
                    : t("models.running.cpu")}
                  {m.expiresAt && " · " + t("models.running.until", {
                        time: formatTime(m.expiresAt, locale),
                      })}
                </span>
                <button type="button" class="models-button" onClick={() => unload(m.name)}>
                  {t("models.running.unload")}
                </button>
              </li>
            ))}
          </ul>
        )}
      <dialog ref={dialog} class="models-dialog" aria-labelledby="models-delete-title">
        <h2 id="models-delete-title">
          {t("models.delete.title", { model: pending.value ?? "" })}
        </h2>
        <p>{t("models.delete.text")}</p>
        <div class="models-actions">
          <button type="button" class="button models-danger-button" onClick={confirmDelete}>
            {t("models.delete.confirm")}
          </button>
          <button type="button" class="models-button" onClick={() => dialog.current?.close()}>
            {t("models.delete.keep")}
          </button>
        </div>
      </dialog>
    </section>
  );
}
