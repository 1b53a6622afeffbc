import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { type FollowOptions, followTask, TaskError } from "../../lib/client/sse.ts";
import { emptyPull, PullTracker, type PullView } from "../../lib/ollama/pull_view.ts";
import type { PullProgress } from "../../lib/ollama/types.ts";
import { failureText } from "./api.ts";
import { ModelList } from "./ModelList.tsx";
import { PullBar } from "./PullBar.tsx";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { OllamaStep, SetupTaskView, StepProps, SystemStep } from "./types.ts";
import { taskCancelUrl } from "../../lib/tasks/types.ts";

interface Props extends StepProps {
  /** The model chosen so far (downloaded, or already there). */
  chosen: string | null;
  setChosen(model: string): void;
  /** A download that was running when the page loaded: reattach to it. */
  resume: SetupTaskView | null;
}

interface Pull {
  model: string;
  taskId?: string;
  phase: "running" | "done" | "error" | "cancelled";
  view: PullView;
  error?: string;
}

/**
 * Step 4: choose the assistant's model (the suggested one preselected), then download it with
 * a live progress bar, also shown in the tab title; or use one Ollama already has.
 */
export function StepModel({ t, locale, go, chosen, setChosen, resume }: Props) {
  const data = useSignal<SystemStep | null>(null);
  const ollama = useSignal<OllamaStep | null>(null);
  const selected = useSignal(chosen ?? resume?.model ?? "");
  const pull = useSignal<Pull | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);

  const load = async () => {
    try {
      const [system, status] = await Promise.all([
        apiJson<SystemStep>("/api/setup/system"),
        apiJson<OllamaStep>("/api/setup/ollama"),
      ]);
      data.value = system;
      ollama.value = status;
      if (!selected.value) selected.value = system.recommended ?? system.models[0]?.name ?? "";
    } catch (err) {
      error.value = failureText(err, t);
    }
  };

  /** Follows a download: the POST that starts it, or (after a reload) the task itself. */
  const download = async (model: string, from: Pick<FollowOptions, "start" | "taskId">) => {
    const tracker = new PullTracker();
    const update = (change: Partial<Pull>) => (pull.value = { ...pull.value!, ...change });
    pull.value = { model, phase: "running", view: emptyPull() };
    error.value = "";
    try {
      await followTask({
        ...from,
        retries: 8,
        onTask: (taskId) => update({ taskId }),
        onEvent({ event, data }) {
          if (event === "progress") update({ view: tracker.add(data as PullProgress) });
        },
      }).done;
      update({ phase: "done" });
      setChosen(model);
      await load();
    } catch (err) {
      if (err instanceof TaskError && err.code === "task_cancelled") {
        update({ phase: "cancelled" });
      } else update({ phase: "error", error: failureText(err, t) });
    }
  };

  const cancel = async () => {
    const id = pull.value?.taskId;
    if (!id) return;
    try {
      await apiJson(taskCancelUrl(id), "POST", {});
    } catch (err) {
      error.value = failureText(err, t);
    }
  };

  const use = async (model: string) => {
    busy.value = true;
    error.value = "";
    try {
      await apiJson("/api/setup/model", "POST", { model });
      setChosen(model);
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = false;
    }
  };

  useEffect(() => {
    load();
    if (resume?.status === "running" && resume.model) {
      download(resume.model, { taskId: resume.id });
    }
  }, []);

  // The tab title shows the download, so it can be watched from another tab.
  const p = pull.value;
  const pulling = p?.phase === "running";
  useEffect(() => {
    document.title = pulling
      ? t("setup.titleProgress", { percent: Math.floor(p!.view.percent) })
      : t("setup.title");
  }, [pulling, p?.view.percent, t]);

  const d = data.value;
  const pick = d?.models.find((m) => m.name === selected.value);
  const ready = chosen !== null && chosen === selected.value;
  const noOllama = ollama.value !== null && ollama.value.state !== "running";
  return (
    <section class="setup-step" data-step="model">
      <StepHeading text={t("setup.model.title")} />
      <p>{t("setup.model.intro")}</p>
      {!d && !error.value && <p class="muted" role="status">{t("setup.loading")}</p>}
      {noOllama && <p class="setup-note">{t("setup.model.noOllama")}</p>}
      {d && (
        <ModelList
          t={t}
          locale={locale}
          models={d.models}
          selected={selected.value}
          chosen={chosen}
          disabled={pulling || busy.value}
          select={(name) => (selected.value = name)}
        />
      )}
      {pick?.fit === "too_big" && (
        <p class="setup-note setup-warn">{t("setup.model.tooBig", { model: pick.name })}</p>
      )}
      {p && (
        <div class="setup-pull" data-phase={p.phase} role="status">
          {p.phase === "running" && <PullBar t={t} locale={locale} model={p.model} view={p.view} />}
          {p.phase === "done" && (
            <p class="setup-ok">{t("setup.model.done", { model: p.model })}</p>
          )}
          {p.phase === "cancelled" && <p>{t("setup.model.cancelled")}</p>}
          {p.phase === "error" && (
            <p class="setup-error">{t("setup.model.failed", { message: p.error ?? "" })}</p>
          )}
        </div>
      )}
      {ready && p?.phase !== "done" && (
        <p class="setup-ok">{t("setup.model.done", { model: chosen })}</p>
      )}
      {error.value && <p class="setup-error" role="alert">{error.value}</p>}
      {!pulling && !ready && (
        <p class="setup-more">
          <button type="button" class="setup-link" onClick={() => go("admin")}>
            {t("setup.skip")}
          </button>
        </p>
      )}
      <StepActions back={{ label: t("setup.back"), onClick: () => go("ollama") }}>
        {pulling && (
          <button type="button" class="button setup-quiet" onClick={cancel} disabled={!p?.taskId}>
            {t("setup.model.cancel")}
          </button>
        )}
        {!pulling && !ready && pick?.installed && (
          <button
            type="button"
            class="button"
            disabled={busy.value}
            onClick={() => use(pick.name)}
          >
            {t("setup.model.use", { model: pick.name })}
          </button>
        )}
        {!pulling && !ready && pick && !pick.installed && (
          <button
            type="button"
            class="button"
            disabled={noOllama}
            onClick={() =>
              download(pick.name, {
                start: (signal) =>
                  apiFetch("/api/setup/pull", jsonInit("POST", { model: pick.name }, signal)),
              })}
          >
            {t("setup.model.download", { model: pick.name })}
          </button>
        )}
        {ready && (
          <button type="button" class="button" onClick={() => go("admin")}>
            {t("setup.next")}
          </button>
        )}
      </StepActions>
    </section>
  );
}
