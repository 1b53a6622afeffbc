/**
 * Building a custom model: name, base model, system prompt, context size and temperature, with
 * Ollama's build output streamed underneath. A name that exists is rebuilt (e.g. with a new
 * context size). Errors the API reports for a field are shown next to that field.
 */
import { type Signal, useSignal } from "@preact/signals";
import type { JSX } from "preact";
import { useEffect } from "preact/hooks";
import { ApiError, jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { type FollowOptions, followTask } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { failureText, withoutField } from "./admin_ui.ts";

/** The form's values, as typed. */
export interface Draft {
  name: string;
  base: string;
  system: string;
  numCtx: string;
  temperature: string;
}

/** An empty form. */
export const EMPTY_DRAFT: Draft = { name: "", base: "", system: "", numCtx: "", temperature: "" };

interface Props {
  t: Translate;
  errors: Record<string, string>;
  draft: Signal<Draft>;
  /** Installed model names, for the base model choice and the "will be rebuilt" note. */
  models: string[];
  refresh(): Promise<void>;
  /** A running build to show again after a reload: task id and model. */
  resume?: { id: string; model: string };
}

const withTag = (name: string) => (name.includes(":") ? name : `${name}:latest`);

/** The custom-model form and its build log. */
export function CreateModelForm({ t, errors, draft, models, refresh, resume }: Props) {
  const log = useSignal<string[]>([]);
  const phase = useSignal<"idle" | "running" | "done" | "error">("idle");
  const message = useSignal("");
  const fieldErrors = useSignal<Record<string, string>>({});

  /** Follows a build: the POST that starts it, or (after a reload) the task itself. */
  const build = async (name: string, from: Pick<FollowOptions, "start" | "taskId">) => {
    phase.value = "running";
    log.value = [];
    message.value = "";
    fieldErrors.value = {};
    try {
      await followTask({
        ...from,
        retries: 8,
        onEvent({ event, data }) {
          if (event === "progress") log.value = [...log.value, (data as { status: string }).status];
        },
      }).done;
      phase.value = "done";
      message.value = t("models.create.done", { model: name });
      await refresh();
    } catch (err) {
      phase.value = "error";
      if (err instanceof ApiError && err.field) {
        fieldErrors.value = { [err.field.split(".")[0]]: withoutField(err.message, err.field) };
      } else message.value = failureText(err, t("models.error.network"), errors);
    }
  };

  useEffect(() => {
    if (resume) {
      build(resume.model, { taskId: resume.id });
    }
  }, []);

  const submit = (e: Event) => {
    e.preventDefault();
    const d = draft.value;
    const body: Record<string, unknown> = { name: d.name.trim(), base: d.base.trim() };
    if (d.system.trim()) body.system = d.system;
    if (d.numCtx.trim()) body.numCtx = Number(d.numCtx);
    if (d.temperature.trim()) body.temperature = Number(d.temperature);
    build(String(body.name), {
      start: (signal) => apiFetch("/api/admin/ollama/models", jsonInit("POST", body, signal)),
    });
  };

  const set = (key: keyof Draft) => (e: Event) => {
    draft.value = { ...draft.value, [key]: (e.target as HTMLInputElement).value };
  };
  const d = draft.value;
  const exists = d.name.trim() && models.includes(withTag(d.name.trim()));
  const field = (key: keyof Draft, label: string, input: JSX.Element, hint?: string) => (
    <label class="models-field">
      <span>{label}</span>
      {input}
      {hint && <span class="muted">{hint}</span>}
      {fieldErrors.value[key] && (
        <span class="models-field-error" role="alert" data-field={key}>
          {fieldErrors.value[key]}
        </span>
      )}
    </label>
  );
  const invalid = (key: keyof Draft) => (fieldErrors.value[key] ? "true" : undefined);

  return (
    <section class="panel" id="models-create" aria-labelledby="models-create-title">
      <h2 id="models-create-title">{t("models.create.title")}</h2>
      <p class="muted">{t("models.create.intro")}</p>
      <form class="models-create-form" onSubmit={submit} noValidate>
        {field(
          "name",
          t("models.create.name"),
          <input
            name="name"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            placeholder="hearth-assistant"
            value={d.name}
            onInput={set("name")}
            aria-invalid={invalid("name")}
          />,
          exists ? t("models.create.rebuild", { model: d.name.trim() }) : undefined,
        )}
        {field(
          "base",
          t("models.create.base"),
          <select name="base" value={d.base} onChange={set("base")} aria-invalid={invalid("base")}>
            <option value="">{t("models.create.pickBase")}</option>
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>,
        )}
        {field(
          "system",
          t("models.create.system"),
          <textarea
            name="system"
            rows={4}
            placeholder={t("models.create.systemPlaceholder")}
            value={d.system}
            onInput={set("system")}
            aria-invalid={invalid("system")}
          />,
        )}
        <div class="models-row">
          {field(
            "numCtx",
            t("models.create.numCtx"),
            <input
              name="numCtx"
              type="number"
              inputMode="numeric"
              min={256}
              step={256}
              placeholder="8192"
              value={d.numCtx}
              onInput={set("numCtx")}
              aria-invalid={invalid("numCtx")}
            />,
            t("models.create.numCtxHint"),
          )}
          {field(
            "temperature",
            t("models.create.temperature"),
            <input
              name="temperature"
              type="number"
              inputMode="decimal"
              min={0}
              max={2}
              step={0.05}
              placeholder="0.7"
              value={d.temperature}
              onInput={set("temperature")}
              aria-invalid={invalid("temperature")}
            />,
            t("models.create.temperatureHint"),
          )}
        </div>
        <button type="submit" class="button" disabled={phase.value === "running"}>
          {phase.value === "running" ? t("models.create.building") : t("models.create.submit")}
        </button>
      </form>
      {log.value.length > 0 && (
        <pre class="models-log" aria-live="polite" aria-label={t("models.create.output")}>
          {log.value.join("\n")}
        </pre>
      )}
      {message.value && (
        <p class={phase.value === "done" ? "models-ok" : "models-error"} role="status">
          {message.value}
        </p>
      )}
    </section>
  );
}
