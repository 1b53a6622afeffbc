/**
 * Registers the service worker and, when a new build's worker is waiting, offers to reload:
 * "Reload" makes it take over and reloads the page once. Renders nothing until then.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { activate, registerWorker } from "../lib/client/worker.ts";

interface Props {
  /** The `pwa.*` messages in the page's language. */
  labels: Record<string, string>;
}

export default function AppUpdate({ labels }: Props) {
  const waiting = useSignal<ServiceWorker | null>(null);
  useEffect(() => {
    registerWorker((worker) => waiting.value = worker).catch((err) =>
      console.warn("Hearth: no service worker", err)
    );
  }, []);
  const worker = waiting.value;
  if (!worker) return null;
  return (
    <div class="app-update" role="status">
      <span>{labels["pwa.ready"]}</span>
      <button type="button" class="button" onClick={() => activate(worker)}>
        {labels["pwa.reload"]}
      </button>
    </div>
  );
}
