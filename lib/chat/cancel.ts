/**
 * How a chat reply is cancelled: the upstream request is aborted, the partial reply saved, and
 * then Ollama is asked whether the model stopped. Ollama restarts a model's keep-alive countdown
 * (`expires_at` in `/api/ps`) when the last request using it ends, so a changed `expires_at`, or
 * the model gone from the list, confirms that the generation is over rather than still burning
 * the box's CPU or GPU.
 */
import { sameModel } from "../ollama/modelfile.ts";
import { waitOnPs } from "../ollama/ps.ts";
import type { OllamaService } from "../ollama/types.ts";
import type { TaskKind } from "../tasks/registry.ts";

/**
 * The `chat` task kind: its cancel confirms through `/api/ps` that the model stopped (`upstream`
 * of `POST /api/tasks/{id}/cancel`). `ollama` is read at each cancel (config may change).
 */
export function chatTaskKind(ollama: () => OllamaService): TaskKind {
  return {
    async cancel(task) {
      const model = String(task.meta.model ?? "");
      const before = task.running ? await expiresAtOf(ollama(), model) : undefined;
      const cancelled = task.cancel();
      await task.ended;
      if (!cancelled) return { cancelled, upstream: null };
      return { cancelled, upstream: { ...await confirmStopped(ollama(), model, before) } };
    },
  };
}

/** What the check found. */
export interface StopCheck {
  model: string;
  /** true: confirmed stopped; false: still busy when the check gave up; null: could not check. */
  stopped: boolean | null;
  /** Still held in memory (it stays loaded for its keep-alive, idle). */
  loaded: boolean;
  expiresAt?: string;
  /** Why it could not be checked. */
  reason?: string;
}

/** The model's `expires_at` on any host right now (undefined when not loaded or unknown). */
export async function expiresAtOf(
  ollama: OllamaService,
  model: string,
): Promise<string | undefined> {
  const running = await ollama.running().catch(() => null);
  return running?.find((r) => sameModel(r.name, model))?.expiresAt;
}

/**
 * Polls `/api/ps` (up to `timeoutMs`) until the model's `expires_at` differs from `before`, or
 * the model is no longer loaded.
 */
export async function confirmStopped(
  ollama: OllamaService,
  model: string,
  before: string | undefined,
  { timeoutMs = 3000, intervalMs = 100 } = {},
): Promise<StopCheck> {
  if (!model) return { model, stopped: null, loaded: false, reason: "no model" };
  const { settled, entry } = await waitOnPs(
    () => ollama.running(),
    model,
    (running) => !running || running.expiresAt !== before,
    { timeoutMs, intervalMs },
  );
  // The error may name the server's address, which only the admin sees (in the log).
  if (settled === null) {
    return { model, stopped: null, loaded: false, reason: "Ollama is not reachable" };
  }
  if (!entry) return { model, stopped: true, loaded: false };
  return { model, stopped: settled, loaded: true, expiresAt: entry.expiresAt };
}
