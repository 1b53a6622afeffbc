/** What the Ollama admin routes share: the status with each model's context length. */
import type {
  HostStatus,
  InstalledModel,
  OllamaService,
  OllamaStatus,
} from "../../../../../lib/ollama/mod.ts";

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
