/** What the Ollama admin routes share: the status with each model's context length. */
import type {
  HostView,
  ModelRow,
  OllamaService,
  StatusView,
} from "../../../../../lib/ollama/types.ts";

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
