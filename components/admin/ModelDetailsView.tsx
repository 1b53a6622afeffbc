/** What `show` tells about one model: details, context, parameters, system prompt, template. */
import { formatNumber, type Translate } from "../../lib/i18n/format.ts";
import type { ModelDetails } from "../../lib/ollama/types.ts";

interface Props {
  details: ModelDetails;
  t: Translate;
  locale: string;
  onClose(): void;
  /** Starts a custom model from this one. */
  onCustomize(details: ModelDetails): void;
}

/** The details panel under the model table. */
export function ModelDetailsView({ details: d, t, locale, onClose, onCustomize }: Props) {
  const facts: [string, string][] = [
    [t("models.details.family"), [d.family, d.parameterSize].filter(Boolean).join(" · ") || "—"],
    [t("models.details.quantization"), d.quantization || "—"],
    [t("models.details.format"), d.format || "—"],
    [
      t("models.details.contextLength"),
      d.contextLength ? formatNumber(d.contextLength, locale) : "—",
    ],
    [
      t("models.details.numCtx"),
      d.numCtx ? formatNumber(d.numCtx, locale) : t("models.details.default"),
    ],
    [t("models.details.capabilities"), d.capabilities.join(", ") || "—"],
  ];
  const params = Object.entries(d.parameters);
  return (
    <article class="models-details" aria-labelledby="models-details-title">
      <div class="models-head">
        <h3 id="models-details-title">{d.name}</h3>
        <div class="models-actions">
          <button type="button" class="models-button" onClick={() => onCustomize(d)}>
            {t("models.details.customize")}
          </button>
          <button type="button" class="models-button" onClick={onClose}>
            {t("models.details.close")}
          </button>
        </div>
      </div>
      <dl class="models-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {params.length > 0 && (
        <>
          <h4>{t("models.details.parameters")}</h4>
          <dl class="models-facts">
            {params.map(([key, value]) => (
              <div key={key}>
                <dt>
                  <code>{key}</code>
                </dt>
                <dd>
                  <code>{Array.isArray(value) ? value.join("  ") : String(value)}</code>
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {d.system && (
        <>
          <h4>{t("models.details.system")}</h4>
          <pre class="models-pre">{d.system}</pre>
        </>
      )}
      <h4>{t("models.details.template")}</h4>
      <pre class="models-pre">{d.template || "—"}</pre>
    </article>
  );
}
