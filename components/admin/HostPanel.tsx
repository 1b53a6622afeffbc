/**
 * The Ollama hosts: whether each answers, its version, and the buttons to install Ollama on
 * this box (streamed installer output) or start it. When every host is another machine's, it
 * says that Hearth uses Ollama there, and offers neither.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import type { FollowOptions } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { EMPTY_INSTALL, followInstall } from "../../lib/ollama/install_view.ts";
import { InstallBlocked } from "../InstallBlocked.tsx";
import type { StatusView } from "../../lib/ollama/types.ts";
import { failureText } from "./admin_ui.ts";

interface Props {
  status: Signal<StatusView>;
  t: Translate;
  errors: Record<string, string>;
  /** Reloads the status after a change. */
  refresh(): Promise<void>;
  /** A running install task to show again after a reload. */
  resumeInstall?: string;
}

/** Host list with install and start actions. */
export function HostPanel({ status, t, errors, refresh, resumeInstall }: Props) {
  const installer = useSignal(EMPTY_INSTALL);
  const busy = useSignal<"install" | "start" | "refresh" | null>(null);
  const error = useSignal("");

  /** Follows the installer: the POST that starts it, or (after a reload) the task itself. */
  const install = async (from: Pick<FollowOptions, "start" | "taskId">) => {
    busy.value = "install";
    error.value = "";
    installer.value = EMPTY_INSTALL;
    try {
      await followInstall(from, installer);
      await refresh();
    } catch (err) {
      error.value = failureText(err, t("models.error.network"), errors);
    } finally {
      busy.value = null;
    }
  };

  useEffect(() => {
    if (resumeInstall) {
      install({ taskId: resumeInstall });
    }
  }, []);

  const act = async (kind: "start" | "refresh") => {
    busy.value = kind;
    error.value = "";
    try {
      if (kind === "start") {
        status.value = await apiJson<StatusView>("/api/admin/ollama/start", "POST");
      } else await refresh();
    } catch (err) {
      error.value = errorText(err, t("models.error.network"));
    } finally {
      busy.value = null;
    }
  };

  const { binary, hosts } = status.value;
  const { log, manual, blocked } = installer.value;
  const local = hosts.filter((h) => h.local);
  const localDown = local.some((h) => !h.reachable);
  return (
    <section class="panel models-hosts" aria-labelledby="models-hosts-title">
      <div class="models-head">
        <h2 id="models-hosts-title">{t("models.hosts.title")}</h2>
        <button
          type="button"
          class="models-button"
          disabled={busy.value !== null}
          onClick={() => act("refresh")}
        >
          {t("models.hosts.refresh")}
        </button>
      </div>
      <p class="muted">
        {local.length === 0
          ? t("models.hosts.remote", { hosts: hosts.map((h) => h.url).join(", ") })
          : binary.found
          ? t("models.hosts.binary", { version: binary.version ?? "?", path: binary.path ?? "" })
          : t("models.hosts.noBinary")}
      </p>
      <ul class="models-host-list">
        {hosts.map((h) => (
          <li key={h.url} class="models-host" data-reachable={String(h.reachable)}>
            <span class={`models-dot ${h.reachable ? "models-dot-ok" : "models-dot-bad"}`} />
            <code>{h.url}</code>
            {
              /* The service's own reason (e.g. "connection refused") stays a tooltip: it is
                diagnostics in English, not a sentence of the page. */
            }
            <span title={h.error}>
              {h.reachable
                ? t("models.hosts.up", { version: h.version ?? "?" })
                : t("models.hosts.down")}
            </span>
          </li>
        ))}
      </ul>
      <div class="models-actions">
        {local.length > 0 && !binary.found && (
          <button
            type="button"
            class="button"
            disabled={busy.value !== null}
            onClick={() =>
              install({
                start: (signal) =>
                  apiFetch("/api/admin/ollama/install", { method: "POST", signal }),
              })}
          >
            {busy.value === "install" ? t("models.hosts.installing") : t("models.hosts.install")}
          </button>
        )}
        {local.length > 0 && binary.found && localDown && (
          <button
            type="button"
            class="button"
            disabled={busy.value !== null}
            onClick={() => act("start")}
          >
            {busy.value === "start" ? t("models.hosts.starting") : t("models.hosts.start")}
          </button>
        )}
      </div>
      {manual && (
        <p class="models-note">
          {t("models.hosts.manual", { os: manual.os })} <a href={manual.url}>{manual.url}</a>
        </p>
      )}
      {log.length > 0 && <pre class="models-log" aria-live="polite">{log.join("\n")}</pre>}
      {blocked
        ? (
          <InstallBlocked
            class="models-note"
            text={t(`models.hosts.blocked.${blocked.reason}`, {
              tools: blocked.missing.join(", "),
            })}
            command={blocked.command}
          />
        )
        : error.value && <p class="models-error" role="alert">{error.value}</p>}
    </section>
  );
}
