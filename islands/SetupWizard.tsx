/**
 * The setup wizard (SPEC §1–4): language → system check → Ollama → model → admin → done, over
 * `/api/setup/*`. The step survives a reload (per tab), and a download that was running when
 * the page loaded is picked up again from its server-side task.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { StepAdmin, StepDone } from "../components/setup/StepAdmin.tsx";
import { loadLocale, StepLanguage } from "../components/setup/StepLanguage.tsx";
import { StepModel } from "../components/setup/StepModel.tsx";
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

  useEffect(() => {
    // After a reload, go back to where this tab was (a running download wins, see above).
    const saved = storedStep();
    if (!pullRunning && saved && saved !== "done") step.value = saved;
  }, []);
  useEffect(() => {
    storeStep(step.value);
    if (step.value !== "model") document.title = t("setup.title");
  }, [step.value, t]);

  const go = (next: StepName) => (step.value = next);
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
            resume={pullRunning}
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
    </div>
  );
}
