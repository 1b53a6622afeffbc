/**
 * Pieces the Ollama admin routes share: who owns admin tasks, the SSE answer that names its
 * task, the model-name schema, and the status with each model's context length.
 */
import type {
  HostStatus,
  InstalledModel,
  OllamaService,
  OllamaStatus,
} from "../../../../../lib/ollama/mod.ts";
import type { TaskRegistry } from "../../../../../lib/tasks/registry.ts";
import type { Task, TaskInfo } from "../../../../../lib/tasks/task.ts";
import { taskResponse as tasksResponse } from "../../../_shared.ts";

export { modelName } from "../../../_shared.ts";

/**
 * The owner of tasks started from the admin pages. There is one admin, and a pull started on
 * the laptop must show on the phone too, so admin tasks do not belong to a device's profile.
 */
export const ADMIN_OWNER = "admin";

const KINDS = new Set(["pull", "create", "install"]);

/** The admin's Ollama tasks (pull, create, install) the registry still tracks, oldest first. */
export function adminTasks(tasks: TaskRegistry): TaskInfo[] {
  return tasks.list(ADMIN_OWNER).filter((t) => KINDS.has(t.kind)).map((t) => t.info());
}

/** The SSE stream of an admin task from `offset`, resumable at `/api/admin/ollama/tasks/{id}/stream`. */
export function taskResponse(task: Task, offset = 0): Response {
  return tasksResponse(task, "/api/admin/ollama/tasks", offset);
}

/** An installed model with what `show` adds: the trained context and the baked-in `num_ctx`. */
export interface ModelRow extends InstalledModel {
  contextLength?: number;
  numCtx?: number;
}

/** One host as the admin pages show it. */
export interface HostView extends Omit<HostStatus, "models"> {
  models: ModelRow[];
}

/** `GET /api/admin/ollama/status`. */
export interface StatusView extends Omit<OllamaStatus, "hosts"> {
  hosts: HostView[];
}

/**
 * The service's status, with each model's context length read from `show` on its own host. A
 * model whose details cannot be read keeps its row without them.
 */
export async function statusWithContext(ollama: OllamaService): Promise<StatusView> {
  const status = await ollama.status();
  const hosts = await Promise.all(status.hosts.map(async (host): Promise<HostView> => {
    if (!host.reachable) return host;
    const models = await Promise.all(host.models.map(async (model): Promise<ModelRow> => {
      try {
        const details = await ollama.show(model.name, { host: host.url });
        return { ...model, contextLength: details.contextLength, numCtx: details.numCtx };
      } catch {
        return model;
      }
    }));
    return { ...host, models };
  }));
  return { ...status, hosts };
}
