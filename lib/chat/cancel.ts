/**
 * How a chat reply is cancelled: the upstream request is aborted, the partial reply saved, and
 * then Ollama is asked whether the model stopped. Ollama restarts a model's keep-alive countdown
 * (`expires_at` in `/api/ps`) when the last request using it ends, so a changed `expires_at`, or
 * the model gone from the list, confirms that the generation is over rather than still burning
 * the box's CPU or GPU.
 */
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
  try {
    const status = await ollama.status();
    for (const host of status.hosts) {
      const running = host.running.find((r) => r.name === model || r.name === `${model}:latest`);
      if (running) return running.expiresAt;
    }
  } catch {
    // Unreachable: the caller reports that it could not check.
  }
  return undefined;
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
  const deadline = Date.now() + timeoutMs;
  while (true) {
    let status;
    try {
      status = await ollama.status();
    } catch {
      // The error may name the server's address, which only the admin sees (in the log).
      return { model, stopped: null, loaded: false, reason: "Ollama's status could not be read" };
    }
    if (!status.hosts.some((h) => h.reachable)) {
      return { model, stopped: null, loaded: false, reason: "Ollama is not reachable" };
    }
    const running = status.hosts.flatMap((h) => h.running)
      .find((r) => r.name === model || r.name === `${model}:latest`);
    if (!running) return { model, stopped: true, loaded: false };
    if (running.expiresAt !== before) {
      return { model, stopped: true, loaded: true, expiresAt: running.expiresAt };
    }
    if (Date.now() >= deadline) {
      return { model, stopped: false, loaded: true, expiresAt: running.expiresAt };
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
