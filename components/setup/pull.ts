/**
 * The wizard's model download, owned by the wizard rather than by a step: it is followed (with
 * `followTask`) whichever step is shown, so Back, Forward and other steps keep its progress and
 * its Cancel, and a reloaded page picks it up again from the setup status. A download that
 * cannot start because another one runs (409 `setup_pull_running`, naming the running task)
 * follows that one instead, with the server's sentence as a note, so Cancel is one tap away.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { ApiError, apiJson, jsonInit } from "../../lib/client/api.ts";
import { apiFetch } from "../../lib/client/session.ts";
import { type Following, type FollowOptions, followTask, TaskError } from "../../lib/client/sse.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { emptyPull, PullTracker, type PullView } from "../../lib/ollama/pull_view.ts";
import type { PullProgress } from "../../lib/ollama/types.ts";
import { taskCancelUrl, type TaskInfo } from "../../lib/tasks/types.ts";
import { failureText } from "./api.ts";

/** A download as the wizard shows it. */
export interface Pull {
  model: string;
  taskId?: string;
  phase: "running" | "done" | "error" | "cancelled";
  view: PullView;
  /** Why it failed, in words. */
  error?: string;
  /** Why this download is shown instead of the one asked for (it was already running). */
  note?: string;
}

/** The wizard's download and what can be done with it. */
export interface SetupPull {
  /** The download (running or ended), or null before the first. */
  readonly state: Signal<Pull | null>;
  /** Starts downloading `model`, or follows the download that already runs. */
  start(model: string): void;
  /** Follows the running download `taskId` (after a reload). */
  resume(taskId: string, model: string | null): void;
  /** Asks the server to cancel the running download. */
  cancel(): Promise<void>;
  /** Forgets an ended download (its message goes away). */
  dismiss(): void;
}

/** The model a task downloads, as the task API says. */
async function modelOf(taskId: string): Promise<string | null> {
  try {
    const info = await apiJson<TaskInfo>(`/api/tasks/${encodeURIComponent(taskId)}`);
    return typeof info.meta.model === "string" ? info.meta.model : null;
  } catch {
    return null;
  }
}

/** The wizard's download; `done(model)` runs when one finishes. */
export function useSetupPull(t: Translate, done: (model: string) => void): SetupPull {
  const state = useSignal<Pull | null>(null);
  const current = useRef<Following | null>(null);
  // Which follow is the latest: only it may change what is shown.
  const generation = useRef(0);
  useEffect(() => () => current.current?.close(), []);

  const follow = async (
    model: string,
    from: Pick<FollowOptions, "start" | "taskId">,
    note?: string,
  ) => {
    current.current?.close();
    const mine = ++generation.current;
    const latest = () => generation.current === mine;
    const tracker = new PullTracker();
    state.value = { model, phase: "running", view: emptyPull(), note };
    const update = (change: Partial<Pull>) => {
      if (latest() && state.value) state.value = { ...state.value, ...change };
    };
    const following = followTask({
      ...from,
      retries: 8,
      onTask: (taskId) => update({ taskId }),
      onEvent({ event, data }) {
        if (event === "progress") update({ view: tracker.add(data as PullProgress) });
      },
    });
    current.current = following;
    try {
      await following.done;
      if (!latest()) return;
      update({ phase: "done", note: undefined });
      done(model);
    } catch (err) {
      if (!latest()) return;
      if (err instanceof ApiError && err.code === "setup_pull_running" && err.task) {
        // Another download runs (another tab, or the terminal): show it, with its Cancel.
        const running = await modelOf(err.task) ?? model;
        if (latest()) follow(running, { taskId: err.task }, err.message);
      } else if (err instanceof TaskError && err.code === "task_cancelled") {
        update({ phase: "cancelled", note: undefined });
      } else update({ phase: "error", error: failureText(err, t), note: undefined });
    }
  };

  return {
    state,
    start(model) {
      follow(model, {
        start: (signal) => apiFetch("/api/setup/pull", jsonInit("POST", { model }, signal)),
      });
    },
    resume(taskId, model) {
      follow(model ?? "", { taskId });
    },
    async cancel() {
      const id = state.value?.taskId;
      if (!id) return;
      try {
        await apiJson(taskCancelUrl(id), "POST", {});
      } catch (err) {
        if (state.value) state.value = { ...state.value, note: failureText(err, t) };
      }
    },
    dismiss() {
      if (state.value?.phase !== "running") state.value = null;
    },
  };
}
