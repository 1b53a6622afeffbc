import { useSignal } from "@preact/signals";
import { apiJson } from "../../lib/client/api.ts";
import { failureText } from "./api.ts";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { StepProps } from "./types.ts";

/** Languages in their own names (the same in every language). */
const LANGUAGES = [["en", "English"], ["de", "Deutsch"]] as const;

interface Props extends StepProps {
  /** Switches the wizard to `locale` (saves it on the box, loads its messages). */
  choose(locale: string): Promise<void>;
}

/** Step 1: the language Hearth speaks, for this browser and, after setup, for the box. */
export function StepLanguage({ t, locale, go, choose }: Props) {
  const picked = useSignal(locale);
  const busy = useSignal(false);
  const error = useSignal("");
  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = "";
    try {
      await choose(picked.value);
      go("system");
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = false;
    }
  };
  return (
    <form class="setup-step" data-step="language" onSubmit={submit}>
      <StepHeading text={t("setup.language.title")} />
      <p>{t("setup.language.intro")}</p>
      <fieldset class="setup-choices">
        <legend class="sr-only">{t("setup.step.language")}</legend>
        {LANGUAGES.map(([code, name]) => (
          <label key={code} class="setup-choice" lang={code}>
            <input
              type="radio"
              name="locale"
              value={code}
              checked={picked.value === code}
              onChange={() => (picked.value = code)}
            />
            <span class="setup-choice-title">{name}</span>
          </label>
        ))}
      </fieldset>
      {error.value && <p class="setup-error" role="alert">{error.value}</p>}
      <StepActions>
        <button type="submit" class="button" disabled={busy.value}>{t("setup.next")}</button>
      </StepActions>
    </form>
  );
}

/** Sends the choice to the box and returns the wizard's messages in that language. */
export async function loadLocale(locale: string): Promise<Record<string, string>> {
  await apiJson("/api/setup/locale", "POST", { locale });
  const all = await apiJson<Record<string, string>>(`/api/i18n/${locale}`);
  return Object.fromEntries(
    Object.entries(all).filter(([k]) => k.startsWith("setup.") && !/^setup\.(cli|code)\./.test(k)),
  );
}
