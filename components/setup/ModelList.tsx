import { formatMemory, formatNumber, formatSize, type Translate } from "../../lib/i18n/format.ts";
import type { ModelOption } from "./types.ts";

interface Props {
  t: Translate;
  locale: string;
  models: ModelOption[];
  selected: string;
  /** The model already chosen (downloaded or in use). */
  chosen: string | null;
  disabled: boolean;
  select(name: string): void;
}

function ModelCard(
  { t, locale, m, selected, chosen, select }: Omit<Props, "models" | "disabled"> & {
    m: ModelOption;
  },
) {
  const meta = [
    t("setup.model.params", { billions: formatNumber(m.parameters / 1e9, locale, 1) }),
    t("setup.model.size", {
      download: formatSize(m.downloadBytes, locale),
      ram: formatMemory(m.ramBytes, locale),
    }),
    ...(m.runsOn ? [t(`setup.model.runsOn.${m.runsOn}`)] : []),
    ...(m.tools ? [t("setup.model.tools")] : []),
  ];
  return (
    <label class="setup-model" data-fit={m.fit} data-model={m.name}>
      <input
        type="radio"
        name="model"
        value={m.name}
        checked={selected === m.name}
        onChange={() => select(m.name)}
      />
      <span class="setup-model-body">
        <span class="setup-model-head">
          <strong>{m.name}</strong>
          <span class={`badge setup-fit-${m.fit}`}>{t(`setup.model.fit.${m.fit}`)}</span>
          {m.recommended && (
            <span class="badge setup-badge-accent">{t("setup.model.recommended")}</span>
          )}
          {(m.installed || chosen === m.name) && (
            <span class="badge">{t("setup.model.installed")}</span>
          )}
        </span>
        <span class="muted">{meta.join(" · ")}</span>
      </span>
    </label>
  );
}

/**
 * The chat models as a radio list, the suggested one first: size, memory, where it runs,
 * whether it can use tools, and whether it fits.
 */
export function ModelList(props: Props) {
  const { t, models, disabled } = props;
  const first = models.filter((m) => m.recommended);
  const others = models.filter((m) => !m.recommended);
  return (
    <fieldset class="setup-models" disabled={disabled}>
      <legend class="sr-only">{t("setup.model.list")}</legend>
      {first.map((m) => <ModelCard key={m.name} {...props} m={m} />)}
      {first.length > 0 && others.length > 0 && (
        <p class="setup-models-more" aria-hidden="true">{t("setup.model.others")}</p>
      )}
      {others.map((m) => <ModelCard key={m.name} {...props} m={m} />)}
    </fieldset>
  );
}
