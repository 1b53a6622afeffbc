/**
 * The admin's model manager: Ollama hosts (install, start), pulling models with live progress
 * that survives a reload, the installed and running models (details, delete, unload), and
 * building custom models with streamed output.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { CreateModelForm, type Draft, EMPTY_DRAFT } from "../components/admin/CreateModelForm.tsx";
import { HostPanel } from "../components/admin/HostPanel.tsx";
import { ModelTable } from "../components/admin/ModelTable.tsx";
import { PullPanel } from "../components/admin/PullPanel.tsx";
import { apiJson } from "../lib/client/api.ts";
import { translatorOf } from "../lib/i18n/format.ts";
import type { ModelDetails, StatusView } from "../lib/ollama/types.ts";
import type { SystemCheck } from "../lib/system/types.ts";
import type { TaskInfo } from "../lib/tasks/types.ts";

interface Props {
  /** The `models.*` messages in the page's language. */
  messages: Record<string, string>;
  /** Error code → message, for the `error` events of tasks. */
  errors: Record<string, string>;
  locale: string;
  /** The status when the page was rendered. */
  status: StatusView;
  /** The admin's Ollama tasks the server tracks (running ones are reattached). */
  tasks: TaskInfo[];
}

/** The model manager island. */
export default function ModelManager({ messages, errors, locale, status, tasks }: Props) {
  const t = translatorOf(messages);
  const current = useSignal(status);
  const draft = useSignal<Draft>(EMPTY_DRAFT);
  const suggestions = useSignal<string[]>([]);
  const recommended = useSignal<string[]>([]);

  const refresh = async () => {
    current.value = await apiJson<StatusView>("/api/admin/ollama/status");
  };

  useEffect(() => {
    // Suggestions for the pull field: the catalogue, what fits this box first.
    apiJson<SystemCheck>("/api/admin/system/check").then(({ recommendation: r }) => {
      const picks = [r.chat?.name, r.embedding?.name].filter((n): n is string => !!n);
      recommended.value = picks;
      const fits = r.models.filter((m) => m.fits).map((m) => m.name);
      const rest = r.models.filter((m) => !m.fits).map((m) => m.name);
      suggestions.value = [...new Set([...picks, ...fits, ...rest])];
    }).catch(() => {
      // Suggestions are a convenience; the field works without them.
    });
  }, []);

  const running = (kind: string) => tasks.filter((x) => x.kind === kind && x.status === "running");
  const resumePulls = running("pull").map((x) => ({ id: x.id, model: String(x.meta.model) }));
  const build = running("create").at(-1);
  const installed = [
    ...new Set(current.value.hosts.flatMap((h) => h.models.map((m) => m.name))),
  ];

  const customize = (d: ModelDetails) => {
    const stem = d.name.replace(/:.*$/, "").replace(/^.*\//, "");
    draft.value = {
      name: `${stem}-custom`,
      base: d.name,
      system: d.system ?? "",
      numCtx: d.numCtx ? String(d.numCtx) : "",
      temperature: typeof d.parameters.temperature === "number"
        ? String(d.parameters.temperature)
        : "",
    };
    document.getElementById("models-create")?.scrollIntoView({ behavior: "smooth" });
  };

  return (
    <div class="models">
      <HostPanel
        status={current}
        t={t}
        errors={errors}
        refresh={refresh}
        resumeInstall={running("install").at(-1)?.id}
      />
      <PullPanel
        t={t}
        errors={errors}
        locale={locale}
        suggestions={suggestions.value}
        refresh={refresh}
        recommended={recommended.value}
        resume={resumePulls}
      />
      <ModelTable
        status={current}
        t={t}
        locale={locale}
        refresh={refresh}
        onCustomize={customize}
      />
      <CreateModelForm
        t={t}
        errors={errors}
        draft={draft}
        models={installed}
        refresh={refresh}
        resume={build && { id: build.id, model: String(build.meta.model) }}
      />
    </div>
  );
}
