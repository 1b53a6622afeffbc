/**
 * A gem's form and its run: the form (rendered on the server too, where it posts as a plain
 * form) runs the gem through `POST /api/gems/{id}/run` and follows the task (`followTask`:
 * resumes across drops), showing the answer as it streams through the chat's Markdown renderer
 * (a JSON answer pretty-printed), with Stop, Copy and "Continue as chat". A photo field's photo
 * is re-encoded and uploaded like a chat photo when chosen (the encoder loads at that tap).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { GemForm } from "../components/gems/GemForm.tsx";
import { ApiError, apiJson, errorText, jsonInit } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { type Following, followTask } from "../lib/client/sse.ts";
import type { GemField } from "../lib/gems/types.ts";
import { translatorOf } from "../lib/i18n/format.ts";
import { renderMarkdown } from "../lib/markdown/mod.ts";

interface Props {
  gem: { id: string; fields: GemField[]; json: boolean };
  /** A run of this page still running (a reload mid-run): followed from where it is. */
  resume?: { runId: string; taskId: string } | null;
  /** The `gems.ui.*` messages. */
  messages: Record<string, string>;
}

type State = "idle" | "running" | "done" | "stopped" | "failed";

export default function GemRunner({ gem, messages, resume }: Props) {
  const t = translatorOf(messages, "gems.ui.");
  const state = useSignal<State>("idle");
  const output = useSignal("");
  const json = useSignal<unknown>(undefined);
  const error = useSignal<{ field: string; message: string } | null>(null);
  const failure = useSignal("");
  const copied = useSignal(false);
  const previews = useSignal<Record<string, string>>({});
  const photos = useRef<Record<string, Promise<string> | undefined>>({});
  const run = useRef<{ runId?: string; taskId?: string; follow?: Following }>({});

  useEffect(() => {
    if (resume) void follow({ taskId: resume.taskId, runId: resume.runId });
    return () => run.current.follow?.close();
  }, []);

  function onPhoto(field: string, file: File | null) {
    const old = previews.value[field];
    if (old) URL.revokeObjectURL(old);
    const next = { ...previews.value };
    if (file) next[field] = URL.createObjectURL(file);
    else delete next[field];
    previews.value = next;
    photos.current[field] = file
      ? import("../components/chat/photo_upload.ts").then(async (m) =>
        (await m.uploadPhoto(await m.reencodePhoto(file))).id
      )
      : undefined;
    photos.current[field]?.catch(() => {});
  }

  async function submit(e: Event) {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    error.value = null;
    failure.value = "";
    output.value = "";
    json.value = undefined;
    copied.value = false;
    const values: Record<string, string> = {};
    try {
      for (const f of gem.fields) {
        if (f.type === "image") {
          const id = await photos.current[f.name];
          if (id) values[f.name] = id;
        } else {
          const v = String(data.get(f.name) ?? "");
          if (v !== "") values[f.name] = v;
        }
      }
    } catch (err) {
      state.value = "failed";
      failure.value = t("failed", { detail: errorText(err, "") });
      return;
    }
    await follow({ values });
  }

  /** Starts a run with `values`, or follows the running `taskId`, to its end. */
  async function follow(
    from: { values?: Record<string, string>; taskId?: string; runId?: string },
  ) {
    state.value = "running";
    run.current = { runId: from.runId, taskId: from.taskId };
    const following = followTask({
      ...(from.values
        ? {
          start: (signal: AbortSignal) =>
            apiFetch(`/api/gems/${gem.id}/run`, jsonInit("POST", { values: from.values }, signal)),
        }
        : { taskId: from.taskId }),
      onTask: (id) => run.current.taskId = id,
      onEvent(ev) {
        const d = ev.data as Record<string, unknown>;
        if (ev.event === "meta") {
          run.current.runId = String(d.runId);
          // A reload finds the run (and follows it while it runs).
          history.replaceState(history.state, "", `?run=${encodeURIComponent(String(d.runId))}`);
        } else if (ev.event === "token") output.value += String(d.text);
        else if (ev.event === "retry") output.value = "";
        else if (ev.event === "done" && d.json !== undefined) json.value = d.json;
      },
    });
    run.current.follow = following;
    try {
      await following.done;
      if (state.value === "running") state.value = "done";
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.field) {
        error.value = { field: err.field, message: err.message };
        state.value = "idle";
      } else if (err instanceof ApiError && err.code === "task_cancelled") {
        state.value = "stopped";
      } else {
        state.value = "failed";
        failure.value = t("failed", { detail: errorText(err, "") });
      }
    }
  }

  async function stop() {
    const id = run.current.taskId;
    state.value = "stopped";
    if (id) await apiFetch(`/api/tasks/${id}/cancel`, { method: "POST" }).catch(() => {});
  }

  async function copy() {
    await navigator.clipboard?.writeText(shown());
    copied.value = true;
  }

  async function continueChat() {
    const id = run.current.runId;
    if (!id) return;
    try {
      const { conversationId } = await apiJson<{ conversationId: string }>(
        `/api/gems/runs/${id}/continue`,
        "POST",
        {},
      );
      location.href = `/chat/${encodeURIComponent(conversationId)}`;
    } catch (err) {
      failure.value = t("failed", { detail: errorText(err, "") });
    }
  }

  const shown = () => json.value !== undefined ? JSON.stringify(json.value, null, 2) : output.value;
  const html = useMemo(() => renderMarkdown(output.value), [output.value]);
  const running = state.value === "running";
  const ended = state.value === "done" || state.value === "stopped" ||
    (state.value === "failed" && !!output.value);

  return (
    <div class="gem-runner">
      <form class="gem-form" method="post" action={`/gems/${gem.id}`} onSubmit={submit}>
        <GemForm
          fields={gem.fields}
          t={t}
          previews={previews.value}
          onPhoto={onPhoto}
          error={error.value}
          disabled={running}
        />
        <div class="gem-actions">
          <button type="submit" class="button" disabled={running}>
            {running ? t("running") : t("run")}
          </button>
          {running && (
            <button type="button" class="button auth-quiet" onClick={stop}>{t("stop")}</button>
          )}
        </div>
      </form>
      {(output.value || running || failure.value || state.value === "stopped") && (
        <section class="gem-result" aria-live="polite" aria-busy={running}>
          <h2>{t("result")}</h2>
          {json.value !== undefined ? <pre class="gem-json">{shown()}</pre> : (
            <div
              class="msg-body md"
              dir="auto"
              // renderMarkdown's output: all source text escaped, a fixed set of tags.
              // deno-lint-ignore react-no-danger
              dangerouslySetInnerHTML={{ __html: html }}
            />
          )}
          {state.value === "stopped" && <p class="muted">{t("stopped")}</p>}
          {failure.value && <p class="gem-error" role="alert">{failure.value}</p>}
          {ended && (
            <div class="gem-actions">
              <button type="button" class="button auth-quiet" onClick={copy}>
                {copied.value ? t("copied") : t("copy")}
              </button>
              <button type="button" class="button" onClick={continueChat}>{t("continue")}</button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
