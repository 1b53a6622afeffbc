/**
 * Pulling models: a name field with suggestions, and one live progress bar per download
 * (bytes, rate, time left), mirrored in the tab title. Downloads run on the server, so after a
 * reload the panel reattaches to those still running.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText, jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { type FollowOptions, followTask } from "../../lib/client/sse.ts";
import { formatPercent, type Translate } from "../../lib/i18n/format.ts";
import { emptyPull, pullParts, PullTracker, type PullView } from "../../lib/ollama/pull_view.ts";
import type { PullProgress } from "../../lib/ollama/types.ts";
import { failureText } from "./admin_ui.ts";
import { taskCancelUrl } from "../../lib/tasks/types.ts";

/** One download on screen. */
interface Pull {
  key: number;
  model: string;
  taskId?: string;
  phase: "running" | "done" | "error" | "cancelled";
  view: PullView;
  error?: string;
}

interface Props {
  t: Translate;
  errors: Record<string, string>;
  locale: string;
  /** Model names to suggest (the catalogue, recommended first). */
  suggestions: string[];
  /** The models the system check recommends for this box. */
  recommended: string[];
  /** Reloads the model list after a download. */
  refresh(): Promise<void>;
  /** Running pull tasks to reattach to: task id and model. */
  resume: { id: string; model: string }[];
}

let nextKey = 0;

/** The pull form and its progress bars. */
export function PullPanel(
  { t, errors, locale, suggestions, recommended, refresh, resume }: Props,
) {
  const pulls = useSignal<Pull[]>([]);
  const model = useSignal("");
  const formError = useSignal("");

  const update = (key: number, change: Partial<Pull>) => {
    pulls.value = pulls.value.map((p) => (p.key === key ? { ...p, ...change } : p));
  };

  /** Follows a download: the POST that starts it, or (after a reload) the task itself. */
  const follow = async (name: string, from: Pick<FollowOptions, "start" | "taskId">) => {
    const key = nextKey++;
    const tracker = new PullTracker();
    pulls.value = [...pulls.value, { key, model: name, phase: "running", view: emptyPull() }];
    try {
      await followTask({
        ...from,
        retries: 8,
        onTask: (taskId) => update(key, { taskId }),
        onEvent({ event, data }) {
          if (event === "progress") update(key, { view: tracker.add(data as PullProgress) });
        },
      }).done;
      update(key, { phase: "done" });
      await refresh();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === "task_cancelled") update(key, { phase: "cancelled" });
      else {
        const error = failureText(err, t("models.error.network"), errors);
        update(key, { phase: "error", error });
      }
    }
  };

  useEffect(() => {
    for (const task of resume) {
      follow(task.model, { taskId: task.id });
    }
  }, []);

  // The tab title shows the first running download, so it can be watched from another tab.
  const running = pulls.value.find((p) => p.phase === "running");
  useEffect(() => {
    const base = document.title.replace(/^\d+(\.\d)?% · .+? — /, "");
    document.title = running
      ? `${Math.floor(running.view.percent)}% · ${running.model} — ${base}`
      : base;
  }, [running?.view.percent, running?.model]);

  const submit = (e: Event) => {
    e.preventDefault();
    const name = model.value.trim();
    formError.value = "";
    if (!name) {
      formError.value = t("models.pull.empty");
      return;
    }
    model.value = "";
    follow(name, {
      start: (signal) =>
        apiFetch("/api/admin/ollama/pull", jsonInit("POST", { model: name }, signal)),
    });
  };

  const cancel = async (pull: Pull) => {
    if (!pull.taskId) return;
    try {
      await apiJson(taskCancelUrl(pull.taskId), "POST");
    } catch (err) {
      update(pull.key, { error: errorText(err, t("models.error.network")) });
    }
  };

  return (
    <section class="panel" aria-labelledby="models-pull-title">
      <h2 id="models-pull-title">{t("models.pull.title")}</h2>
      <form class="models-pull-form" onSubmit={submit} noValidate>
        <label class="models-field">
          <span>{t("models.pull.label")}</span>
          <input
            name="model"
            list="models-suggestions"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            placeholder="llama3.2:3b"
            value={model.value}
            onInput={(e) => model.value = (e.target as HTMLInputElement).value}
            aria-invalid={formError.value ? "true" : undefined}
          />
          <datalist id="models-suggestions">
            {suggestions.map((s) => <option key={s} value={s} />)}
          </datalist>
        </label>
        <button type="submit" class="button">{t("models.pull.submit")}</button>
      </form>
      {formError.value && <p class="models-error" role="alert">{formError.value}</p>}
      {recommended.length > 0 && (
        <p class="muted models-recommended">
          {t("models.pull.recommended")} {recommended.map((name) => (
            <button
              key={name}
              type="button"
              class="models-chip"
              onClick={() => model.value = name}
            >
              {name}
            </button>
          ))}
        </p>
      )}
      {pulls.value.map((p) => (
        <div key={p.key} class="models-pull" data-phase={p.phase} data-model={p.model}>
          <div class="models-head">
            <strong>{p.model}</strong>
            {p.phase === "running" && (
              <button
                type="button"
                class="models-button"
                disabled={!p.taskId}
                onClick={() => cancel(p)}
              >
                {t("models.pull.cancel")}
              </button>
            )}
            {p.phase !== "running" && (
              <button
                type="button"
                class="models-button"
                onClick={() =>
                  pulls.value = pulls.value.filter((x) => x.key !== p.key)}
              >
                {t("models.pull.dismiss")}
              </button>
            )}
          </div>
          <PullLine pull={p} t={t} locale={locale} />
        </div>
      ))}
    </section>
  );
}

function PullLine({ pull, t, locale }: { pull: Pull; t: Translate; locale: string }) {
  const { view } = pull;
  if (pull.phase === "done") return <p class="models-ok">{t("models.pull.done")}</p>;
  if (pull.phase === "cancelled") return <p class="muted">{t("models.pull.cancelled")}</p>;
  if (pull.phase === "error") return <p class="models-error" role="alert">{pull.error}</p>;
  const parts = pullParts(view, t, locale, {
    bytes: "models.pull.bytes",
    rate: "models.pull.rate",
    eta: "models.pull.eta",
  });
  return (
    <>
      <progress
        class="models-progress"
        max={100}
        value={view.percent}
        aria-label={t("models.pull.progress", { model: pull.model })}
      >
        {view.percent}%
      </progress>
      <p class="models-pull-text">
        <span class="models-pull-percent">{formatPercent(view.percent, locale)}</span>{" "}
        {parts.map((part, i) => <span key={i} class="models-nowrap">{i > 0 && " · "}{part}</span>)}
      </p>
      <p class="muted models-pull-status">{view.status || t("models.pull.starting")}</p>
    </>
  );
}
