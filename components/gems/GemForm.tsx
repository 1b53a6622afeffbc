/**
 * A gem's form from its fields: one labelled control per field (text, long text, choice,
 * number with bounds, date, photo with the camera on phones and a preview). The server renders
 * it (it works as a plain form POST), the runner island takes it over, the admin's editor shows
 * it as a preview.
 */
import type { GemField } from "../../lib/gems/types.ts";

interface Props {
  fields: GemField[];
  /** Values to show (a run's, or the defaults). */
  values?: Record<string, string | number>;
  /** `gems.ui.*` words: `required`, `choosePhoto`, `photoPreview`. */
  t: (key: string) => string;
  /** Object URLs of chosen photos, by field. */
  previews?: Record<string, string>;
  /** A photo was chosen. */
  onPhoto?(field: string, file: File | null): void;
  /** The field a 422 named, and what it said. */
  error?: { field: string; message: string } | null;
  disabled?: boolean;
  /** Prefix of the controls' ids (the editor's preview must not clash with the runner). */
  idPrefix?: string;
}

export function GemForm(props: Props) {
  const { t, values = {}, previews = {}, idPrefix = "gem-f" } = props;
  return (
    <div class="gem-fields">
      {props.fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const value = values[f.name] ?? f.default ?? "";
        const wrong = props.error?.field === `values.${f.name}` ? props.error.message : "";
        const common = {
          id,
          name: f.name,
          required: f.required,
          disabled: props.disabled,
          "aria-invalid": wrong ? ("true" as const) : undefined,
          "aria-describedby": wrong ? `${id}-error` : undefined,
        };
        return (
          <div class={`gem-field gem-field-${f.type}`} key={f.name}>
            <label for={id}>
              {f.label}
              {f.required && <span class="muted">{` (${t("required")})`}</span>}
            </label>
            {f.type === "longtext"
              ? <textarea {...common} rows={6} maxLength={100_000}>{String(value)}</textarea>
              : f.type === "select"
              ? (
                <select {...common}>
                  {(f.options ?? []).map((o) => (
                    <option value={o} selected={o === value} key={o}>{o}</option>
                  ))}
                </select>
              )
              : f.type === "number"
              ? (
                <input
                  {...common}
                  type="number"
                  step="any"
                  min={f.min}
                  max={f.max}
                  value={value === "" ? "" : String(value)}
                />
              )
              : f.type === "date"
              ? <input {...common} type="date" value={String(value)} />
              : f.type === "image"
              ? (
                <>
                  <input
                    {...common}
                    type="file"
                    accept="image/*"
                    capture="environment"
                    aria-label={t("choosePhoto")}
                    onChange={(e) =>
                      props.onPhoto?.(
                        f.name,
                        (e.currentTarget as HTMLInputElement).files?.[0] ?? null,
                      )}
                  />
                  {previews[f.name] && (
                    <img class="gem-photo" src={previews[f.name]} alt={t("photoPreview")} />
                  )}
                </>
              )
              : <input {...common} type="text" maxLength={2000} value={String(value)} />}
            {wrong && <p class="gem-error" id={`${id}-error`} role="alert">{wrong}</p>}
          </div>
        );
      })}
    </div>
  );
}
