/**
 * The setup wizard (SPEC §1–4): language → system check → Ollama → model → admin → done, over
 * `/api/setup/*`. The step survives a reload (per tab) and is a history entry, so the browser's
 * Back and Forward (a phone's back gesture) move between steps. The model download belongs to
 * the wizard, not to a step: its strip, with progress and Cancel, shows under every step, and a
 * download that was running when the page loaded is picked up again from its server-side task.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { StepAdmin, StepDone } from "../components/setup/StepAdmin.tsx";
import { loadLocale, StepLanguage } from "../components/setup/StepLanguage.tsx";
import { StepModel } from "../components/setup/StepModel.tsx";
import { PullStrip } from "../components/setup/PullStrip.tsx";
import { useSetupPull } from "../components/setup/pull.ts";
import { StepOllama } from "../components/setup/StepOllama.tsx";
import { StepSystem } from "../components/setup/StepSystem.tsx";
import { type SetupStatus, type StepName, STEPS } from "../components/setup/types.ts";
import { translatorOf } from "../lib/i18n/format.ts";

interface Props {
  /** The page's language. */
  locale: string;
  /** The `setup.*` messages in that language. */
  messages: Record<string, string>;
  /** `GET /api/setup/status` as the page was rendered. */
  initial: SetupStatus;
}

const STORE_KEY = "hearth.setup.step";

/** A step from a history entry's state, if it holds one. */
function stepOf(state: unknown): StepName | null {
  const step = (state as { setupStep?: unknown } | null)?.setupStep;
  return (STEPS as readonly unknown[]).includes(step) ? step as StepName : null;
}

function storedStep(): StepName | null {
  try {
    const step = sessionStorage.getItem(STORE_KEY);
    return (STEPS as readonly string[]).includes(step ?? "") ? step as StepName : null;
  } catch {
    return null;
  }
}

function storeStep(step: StepName): void {
  try {
    if (step === "done") sessionStorage.removeItem(STORE_KEY);
    else sessionStorage.setItem(STORE_KEY, step);
  } catch {
    // No storage (private mode): a reload starts at the first step.
  }
}

export default function SetupWizard({ locale: initialLocale, messages, initial }: Props) {
  const status = initial.access ? initial : null;
  const pullRunning = status?.pull?.status === "running" ? status.pull : null;
  const installRunning = status?.install?.status === "running" ? status.install.id : null;
  const locale = useSignal(initialLocale);
  const catalog = useSignal(messages);
  const step = useSignal<StepName>(pullRunning ? "model" : "language");
  const chosen = useSignal<string | null>(status?.model ?? null);
  const t = useMemo(() => translatorOf(catalog.value), [catalog.value]);
  // The step is stored as it changes, not in an effect after the render: a reload right
  // after Back or Forward (before effects ran) would come back to the step before.
  const moveTo = (next: StepName) => {
    step.value = next;
    storeStep(next);
  };
  const pull = useSetupPull(t, (model) => (chosen.value = model));
  const p = pull.state.value;
  const pulling = p?.phase === "running";

  useEffect(() => {
    // After a reload, go back to where this tab was; a new tab with a download running starts
    // at the model step. The strip shows the download wherever the tab is.
    // This entry's own step comes first: a reload keeps history.state, and it is exact for
    // the entry even when several were visited since the last step was stored.
    const saved = stepOf(history.state) ?? storedStep();
    if (saved && saved !== "done") moveTo(saved);
    history.replaceState({ ...history.state, setupStep: step.value }, "");
    if (pullRunning) pull.resume(pullRunning.id, pullRunning.model);
    const onPop = (e: PopStateEvent) => {
      const next = stepOf(e.state);
      // Once finished there is no way back into the wizard's forms.
      if (next && next !== "done" && step.value !== "done") moveTo(next);
    };
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);
  useEffect(() => {
    // The tab title shows the download, so it can be watched from another tab.
    document.title = pulling
      ? t("setup.titleProgress", { percent: Math.floor(p!.view.percent) })
      : t("setup.title");
  }, [pulling, p?.view.percent, t]);

  const go = (next: StepName) => {
    if (next === step.value) return;
    moveTo(next);
    history.pushState({ ...history.state, setupStep: next }, "");
  };
  const chooseLocale = async (next: string) => {
    const loaded = await loadLocale(next);
    catalog.value = loaded;
    locale.value = next;
    document.documentElement.lang = next;
  };

  const props = { t, locale: locale.value, go };
  const index = STEPS.indexOf(step.value);
  return (
    <div class="setup-wizard" data-current={step.value}>
      <p class="setup-kicker">{t("setup.title")}</p>
      <ol class="setup-steps" aria-label={t("setup.steps.label")}>
        {STEPS.map((name, i) => (
          <li
            key={name}
            class={i < index ? "is-past" : i === index ? "is-current" : undefined}
            aria-current={i === index ? "step" : undefined}
          >
            <span class="setup-step-number" aria-hidden="true">{i + 1}</span>
            <span class="setup-step-name">{t(`setup.step.${name}`)}</span>
          </li>
        ))}
      </ol>
      <p class="sr-only" aria-live="polite">
        {t("setup.stepOf", { n: index + 1, total: STEPS.length })}
      </p>
      <div class="panel setup-panel">
        {step.value === "language" && <StepLanguage {...props} choose={chooseLocale} />}
        {step.value === "system" && <StepSystem {...props} />}
        {step.value === "ollama" && <StepOllama {...props} installTask={installRunning} />}
        {step.value === "model" && (
          <StepModel
            {...props}
            chosen={chosen.value}
            setChosen={(m) => (chosen.value = m)}
            pull={p}
            download={pull.start}
          />
        )}
        {step.value === "admin" && (
          <StepAdmin
            {...props}
            finished={(r) => {
              chosen.value = r.model;
              go("done");
            }}
          />
        )}
        {step.value === "done" && <StepDone t={t} model={chosen.value} />}
      </div>
      {p && step.value !== "done" && (
        <PullStrip
          t={t}
          locale={locale.value}
          pull={p}
          cancel={pull.cancel}
          dismiss={pull.dismiss}
        />
      )}
    </div>
  );
}
