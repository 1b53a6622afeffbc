/** One field of the settings form: input, hint, env lock, restart note and its API error. */
import type { Translate } from "../../lib/i18n/format.ts";
import type { Field } from "./settings_fields.ts";

interface Props {
  field: Field;
  t: Translate;
  value: string;
  onChange(value: string): void;
  /** The environment variable that sets this key (then it is read-only). */
  envVar?: string;
  /** The command-line flag that overrides this key while this run lasts (`--port 8080`). */
  flag?: string;
  /** What the API said about this field. */
  error?: string;
  /** For the API key: whether one is stored, and the "remove" choice. */
  apiKeySet?: boolean;
  removeKey?: boolean;
  onRemoveKey?(remove: boolean): void;
}

/** A labelled settings input. */
export function SettingsField(props: Props) {
  const { field: f, t, value, onChange, envVar, error } = props;
  const id = `settings-${f.key}`;
  const described = [
    f.hint && `${id}-hint`,
    envVar && `${id}-env`,
    props.flag && `${id}-flag`,
    f.restart && `${id}-restart`,
    error && `${id}-error`,
  ].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name: f.path,
    disabled: !!envVar,
    "aria-invalid": error ? ("true" as const) : undefined,
    "aria-describedby": described,
  };
  const onInput = (e: Event) => onChange((e.target as HTMLInputElement).value);

  let input;
  if (f.kind === "select") {
    input = (
      <select {...common} value={value} onChange={onInput}>
        {f.options!.map(([v, label]) => <option key={v} value={v}>{t(label)}</option>)}
      </select>
    );
  } else if (f.kind === "lines") {
    input = <textarea {...common} rows={3} spellcheck={false} value={value} onInput={onInput} />;
  } else if (f.kind === "secret") {
    input = (
      <input
        {...common}
        type="password"
        autocomplete="new-password"
        placeholder={props.apiKeySet ? t("settings.apiKey.keep") : t("settings.apiKey.none")}
        value={value}
        onInput={onInput}
      />
    );
  } else if (f.kind === "url") {
    input = (
      <input
        {...common}
        type="url"
        autocapitalize="off"
        spellcheck={false}
        value={value}
        onInput={onInput}
      />
    );
  } else {
    input = (
      <input
        {...common}
        type="text"
        inputMode={f.kind === "number" ? "numeric" : undefined}
        autocapitalize="off"
        spellcheck={false}
        value={value}
        onInput={onInput}
      />
    );
  }

  return (
    <div class="settings-field" data-field={f.key}>
      <label for={id}>
        {t(f.label)}
        {f.kind === "secret" && (
          <span class={`badge settings-secret-${props.apiKeySet ? "set" : "unset"}`}>
            {props.apiKeySet ? t("settings.apiKey.set") : t("settings.apiKey.unset")}
          </span>
        )}
      </label>
      {input}
      {f.kind === "secret" && props.apiKeySet && !envVar && (
        <label class="settings-check">
          <input
            type="checkbox"
            checked={props.removeKey}
            onChange={(e) => props.onRemoveKey?.((e.target as HTMLInputElement).checked)}
          />
          {t("settings.apiKey.remove")}
        </label>
      )}
      {f.hint && <p class="muted" id={`${id}-hint`}>{t(f.hint)}</p>}
      {envVar && (
        <p class="settings-env" id={`${id}-env`}>
          {t("settings.env", { variable: envVar })}
        </p>
      )}
      {props.flag && (
        <p class="settings-env" id={`${id}-flag`}>{t("settings.flag", { flag: props.flag })}</p>
      )}
      {f.restart && <p class="settings-restart" id={`${id}-restart`}>{t("settings.restart")}</p>}
      {error && <p class="models-field-error" id={`${id}-error`} role="alert">{error}</p>}
    </div>
  );
}
