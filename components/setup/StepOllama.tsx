import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { apiJson } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { type FollowOptions, TaskError } from "../../lib/client/sse.ts";
import { around } from "../../lib/i18n/format.ts";
import { EMPTY_INSTALL, followInstall } from "../../lib/ollama/install_view.ts";
import { InstallBlocked } from "../InstallBlocked.tsx";
import { failureText } from "./api.ts";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { OllamaStep, StepProps } from "./types.ts";

interface Props extends StepProps {
  /** A running installation to reattach to (after a reload). */
  installTask: string | null;
}

const MANUAL_OS = new Set(["darwin", "windows"]);
const BLOCKED_CODES = new Set(["install_needs_sudo", "install_missing_tools"]);

/** The install instructions for systems where Hearth cannot install Ollama itself. */
function Manual({ t, os, url }: { t: Props["t"]; os: string; url: string }) {
  const [before, after] = around(
    t(`setup.ollama.manual.${MANUAL_OS.has(os) ? os : "other"}`),
    "url",
  );
  return (
    <p class="setup-note" data-manual={os}>
      {before}
      <a href={url} target="_blank" rel="noopener noreferrer">{url}</a>
      {after}
    </p>
  );
}

/** Step 3: find Ollama; install it (with its log streamed) or say how; start it. */
export function StepOllama({ t, go, installTask }: Props) {
  const status = useSignal<OllamaStep | null>(null);
  const busy = useSignal<"" | "check" | "install" | "start">("check");
  const installer = useSignal(EMPTY_INSTALL);
  const error = useSignal("");
  const logRef = useRef<HTMLPreElement>(null);

  const check = async () => {
    busy.value = "check";
    error.value = "";
    try {
      status.value = await apiJson<OllamaStep>("/api/setup/ollama");
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = "";
    }
  };

  /** Follows the installer: the POST that starts it, or (after a reload) the task itself. */
  const install = async (from: Pick<FollowOptions, "start" | "taskId">) => {
    busy.value = "install";
    error.value = "";
    installer.value = { ...installer.value, manual: null, blocked: null };
    try {
      await followInstall(from, installer);
    } catch (err) {
      // A blocked install shows what to run instead; its error would only repeat that.
      const code = err instanceof TaskError ? err.code : "";
      error.value = BLOCKED_CODES.has(code)
        ? ""
        : code === "task_failed" || code === "install_failed"
        ? t("setup.ollama.installFailed")
        : failureText(err, t);
    }
    await check();
  };

  const start = async () => {
    busy.value = "start";
    error.value = "";
    try {
      status.value = await apiJson<OllamaStep>("/api/setup/start", "POST", {});
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = "";
    }
  };

  useEffect(() => {
    if (installTask) {
      install({ taskId: installTask });
    } else check();
  }, []);
  useEffect(() => {
    // Keep the newest installer line in view.
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [installer.value.log.length]);

  const s = status.value;
  const { log, manual, blocked } = installer.value;
  const running = s?.state === "running";
  return (
    <section class="setup-step" data-step="ollama" data-state={s?.state ?? "checking"}>
      <StepHeading text={t("setup.ollama.title")} />
      <p>
        {s && !s.local ? t("setup.ollama.introRemote", { host: s.host }) : t("setup.ollama.intro")}
      </p>
      <div class="setup-status" role="status" aria-live="polite">
        {busy.value === "check" && !s && <p class="muted">{t("setup.loading")}</p>}
        {busy.value === "install" && <p>{t("setup.ollama.installing")}</p>}
        {busy.value === "start" && <p>{t("setup.ollama.starting")}</p>}
        {s && !busy.value && (
          <p class={`setup-state setup-state-${s.state}`}>
            {t(`setup.ollama.state.${s.state}`, { version: s.version ?? "", host: s.host })}
          </p>
        )}
      </div>
      {s?.state === "missing" && s.canInstall && !busy.value && (
        <p class="muted">{t("setup.ollama.installNote", { command: s.installCommand })}</p>
      )}
      {s?.state === "missing" && !s.canInstall && !manual && (
        <Manual t={t} os={s.platform} url="https://ollama.com/download" />
      )}
      {manual && <Manual t={t} os={manual.os} url={manual.url} />}
      {blocked && (
        <InstallBlocked
          class="setup-note"
          text={t(`setup.ollama.blocked.${blocked.reason}`, { tools: blocked.missing.join(", ") })}
          command={blocked.command}
        />
      )}
      {log.length > 0 && (
        <pre class="setup-log" ref={logRef} aria-label={t("setup.ollama.log")} tabIndex={0}>
          {log.join("\n")}
        </pre>
      )}
      {error.value && <p class="setup-error" role="alert">{error.value}</p>}
      {!running && (
        <p class="setup-more">
          <span class="muted">{t("setup.ollama.skipNote")}</span>
          {s && !busy.value && (
            <button type="button" class="setup-link" onClick={check}>{t("setup.retry")}</button>
          )}
          <button type="button" class="setup-link" onClick={() => go("admin")}>
            {t("setup.skip")}
          </button>
        </p>
      )}
      <StepActions back={{ label: t("setup.back"), onClick: () => go("system") }}>
        {s?.state === "missing" && s.canInstall && (
          <button
            type="button"
            class="button"
            disabled={!!busy.value}
            onClick={() =>
              install({
                start: (signal) => apiFetch("/api/setup/install", { method: "POST", signal }),
              })}
          >
            {t("setup.ollama.install")}
          </button>
        )}
        {s?.state === "stopped" && (
          <button type="button" class="button" disabled={!!busy.value} onClick={start}>
            {t("setup.ollama.start")}
          </button>
        )}
        {running && (
          <button type="button" class="button" onClick={() => go("model")}>
            {t("setup.next")}
          </button>
        )}
      </StepActions>
    </section>
  );
}
