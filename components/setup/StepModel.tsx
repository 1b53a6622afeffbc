import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson } from "../../lib/client/api.ts";
import { failureText } from "./api.ts";
import { ModelList } from "./ModelList.tsx";
import type { Pull } from "./pull.ts";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { OllamaStep, StepProps, SystemStep } from "./types.ts";

interface Props extends StepProps {
  /** The model chosen so far (downloaded, or already there). */
  chosen: string | null;
  setChosen(model: string): void;
  /** The wizard's download (the strip under every step shows it, with its Cancel). */
  pull: Pull | null;
  /** Starts downloading `model` (or follows the download that already runs). */
  download(model: string): void;
}

/**
 * Step 4: choose the assistant's model (the suggested one preselected), then download it (the
 * wizard's download strip shows the progress, also in the tab title); or use one Ollama
 * already has.
 */
export function StepModel({ t, locale, go, chosen, setChosen, pull, download }: Props) {
  const data = useSignal<SystemStep | null>(null);
  const ollama = useSignal<OllamaStep | null>(null);
  const selected = useSignal(chosen ?? pull?.model ?? "");
  const error = useSignal("");
  const busy = useSignal(false);

  const load = async () => {
    try {
      const [system, status] = await Promise.all([
        apiJson<SystemStep>("/api/setup/system"),
        apiJson<OllamaStep>("/api/setup/ollama"),
      ]);
      data.value = system;
      ollama.value = status;
      if (!selected.value) selected.value = system.recommended ?? system.models[0]?.name ?? "";
    } catch (err) {
      error.value = failureText(err, t);
    }
  };

  const use = async (model: string) => {
    busy.value = true;
    error.value = "";
    try {
      await apiJson("/api/setup/model", "POST", { model });
      setChosen(model);
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = false;
    }
  };

  useEffect(() => {
    load();
  }, []);
  const pulling = pull?.phase === "running";
  useEffect(() => {
    // A finished download is now installed: show it so.
    if (pull?.phase === "done") load();
  }, [pull?.phase]);
  useEffect(() => {
    // The download that runs (perhaps another tab's) is the one selected.
    if (pulling && pull.model) selected.value = pull.model;
  }, [pulling, pull?.model]);

  const d = data.value;
  const pick = d?.models.find((m) => m.name === selected.value);
  const ready = chosen !== null && chosen === selected.value;
  const noOllama = ollama.value !== null && ollama.value.state !== "running";
  return (
    <section class="setup-step" data-step="model">
      <StepHeading text={t("setup.model.title")} />
      <p>{t("setup.model.intro")}</p>
      {!d && !error.value && <p class="muted" role="status">{t("setup.loading")}</p>}
      {noOllama && (
        <p class="setup-note">
          {ollama.value!.local
            ? t("setup.model.noOllama")
            : t("setup.model.noOllamaRemote", { host: ollama.value!.host })}
        </p>
      )}
      {d && (
        <ModelList
          t={t}
          locale={locale}
          models={d.models}
          selected={selected.value}
          chosen={chosen}
          disabled={pulling || busy.value}
          select={(name) => (selected.value = name)}
        />
      )}
      {pick?.fit === "too_big" && (
        <p class="setup-note setup-warn">{t("setup.model.tooBig", { model: pick.name })}</p>
      )}
      {ready && !(pull?.phase === "done" && pull.model === chosen) && (
        <p class="setup-ok">{t("setup.model.done", { model: chosen })}</p>
      )}
      {error.value && <p class="setup-error" role="alert">{error.value}</p>}
      {!pulling && !ready && (
        <p class="setup-more">
          <button type="button" class="setup-link" onClick={() => go("admin")}>
            {t("setup.skip")}
          </button>
        </p>
      )}
      <StepActions back={{ label: t("setup.back"), onClick: () => go("ollama") }}>
        {!pulling && !ready && pick?.installed && (
          <button
            type="button"
            class="button"
            disabled={busy.value}
            onClick={() => use(pick.name)}
          >
            {t("setup.model.use", { model: pick.name })}
          </button>
        )}
        {!pulling && !ready && pick && !pick.installed && (
          <button
            type="button"
            class="button"
            disabled={noOllama}
            onClick={() => download(pick.name)}
          >
            {t("setup.model.download", { model: pick.name })}
          </button>
        )}
        {ready && (
          <button type="button" class="button" onClick={() => go("admin")}>
            {t("setup.next")}
          </button>
        )}
      </StepActions>
    </section>
  );
}
