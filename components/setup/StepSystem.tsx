import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson } from "../../lib/client/api.ts";
import { formatMemory, formatSize } from "../../lib/i18n/format.ts";
import { fitSummary } from "../../lib/setup/fit_view.ts";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { StepProps, SystemStep } from "./types.ts";

/** Step 2: what this box has (memory, disk, processor, graphics) and which models fit. */
export function StepSystem({ t, locale, go }: StepProps) {
  const data = useSignal<SystemStep | null>(null);
  const failed = useSignal(false);
  const load = async () => {
    failed.value = false;
    try {
      data.value = await apiJson<SystemStep>("/api/setup/system");
    } catch {
      failed.value = true;
    }
  };
  useEffect(() => {
    load();
  }, []);

  const d = data.value;
  const size = (n: number) => formatSize(n, locale);
  const memory = (n: number) => formatMemory(n, locale);
  const rows: [string, string][] = d
    ? [
      [
        t("setup.system.memory"),
        t("setup.system.memoryValue", {
          total: memory(d.report.memory.totalBytes),
          available: memory(d.report.memory.availableBytes),
        }),
      ],
      [
        t("setup.system.disk"),
        d.report.disk.freeBytes === null
          ? t("setup.system.diskUnknown")
          : t("setup.system.diskValue", {
            free: size(d.report.disk.freeBytes),
            path: d.report.disk.path,
          }),
      ],
      [
        t("setup.system.cpu"),
        t("setup.system.cpuValue", {
          model: d.report.cpu.model,
          cores: d.report.cpu.cores,
        }),
      ],
      [
        t("setup.system.gpu"),
        d.report.gpus.length
          ? d.report.gpus.map((g) =>
            g.unifiedMemory
              ? t("setup.system.gpuUnified", { name: g.name })
              : g.vramBytes
              ? t("setup.system.gpuValue", { name: g.name, vram: memory(g.vramBytes) })
              : g.name
          ).join(", ")
          : t("setup.system.gpuNone"),
      ],
      [
        t("setup.system.os"),
        `${d.report.os.platform} ${d.report.os.arch} · ${d.report.os.release}`,
      ],
    ]
    : [];
  return (
    <section class="setup-step" data-step="system">
      <StepHeading text={t("setup.system.title")} />
      <p>{t("setup.system.intro")}</p>
      {!d && !failed.value && <p class="muted" role="status">{t("setup.loading")}</p>}
      {failed.value && (
        <p class="setup-error" role="alert">
          {t("setup.error.network")}{" "}
          <button type="button" class="setup-link" onClick={load}>{t("setup.retry")}</button>
        </p>
      )}
      {d && (
        <>
          {d.report.fake && <p class="setup-note">{t("setup.system.demo")}</p>}
          <dl class="setup-facts">
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <p class="setup-summary">
            <strong>{fitSummary(d.models, t)}</strong>
            {d.recommended && <>{" "}{t("setup.system.recommended", { model: d.recommended })}</>}
          </p>
          {d.notes.length > 0 && (
            <ul class="setup-notes">
              {d.notes.map((note) => <li key={note}>{t(`setup.note.${note}`)}</li>)}
            </ul>
          )}
        </>
      )}
      <StepActions back={{ label: t("setup.back"), onClick: () => go("language") }}>
        <button type="button" class="button" disabled={!d} onClick={() => go("ollama")}>
          {t("setup.next")}
        </button>
      </StepActions>
    </section>
  );
}
