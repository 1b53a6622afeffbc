/**
 * The box's settings over `GET/PUT /api/admin/config`: language, Ollama hosts, allowed host names, an
 * OpenAI-compatible server and its API key (never shown; left blank, the stored key is kept),
 * and the listen address (applies after a restart). Keys set by environment variables are shown
 * read-only with the variable's name; an error the API reports is shown next to its field.
 */
import { useSignal } from "@preact/signals";
import { withoutField } from "../components/admin/admin_ui.ts";
import {
  fieldFor,
  type FieldKey,
  FIELDS,
  patchFrom,
  valuesFrom,
} from "../components/admin/settings_fields.ts";
import { SettingsField } from "../components/admin/SettingsField.tsx";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";
import type { ConfigView } from "../lib/config/types.ts";
import { translatorOf } from "../lib/i18n/format.ts";

interface Props {
  /** The `settings.*` messages in the page's language. */
  messages: Record<string, string>;
  /** What `GET /api/admin/config` answered when the page was rendered. */
  view: ConfigView;
}

/** The settings form island. */
export default function SettingsForm({ messages, view }: Props) {
  const t = translatorOf(messages);
  const current = useSignal(view);
  const values = useSignal(valuesFrom(view));
  const errors = useSignal<Partial<Record<FieldKey, string>>>({});
  const state = useSignal<"idle" | "saving" | "saved" | "error">("idle");
  const message = useSignal("");

  const submit = async (e: Event) => {
    e.preventDefault();
    state.value = "saving";
    errors.value = {};
    message.value = "";
    const before = valuesFrom(current.value);
    try {
      const next = await apiJson<ConfigView>(
        "/api/admin/config",
        "PUT",
        patchFrom(values.value, current.value),
      );
      current.value = next;
      values.value = valuesFrom(next);
      const moved = before.host !== values.value.host || before.port !== values.value.port;
      state.value = "saved";
      message.value = moved ? t("settings.savedRestart") : t("settings.saved");
    } catch (err) {
      state.value = "error";
      if (err instanceof ApiError && err.field) {
        const key = fieldFor(err.field);
        // A line of a list keeps its index in the message (`ollama.hosts.1: …`).
        const own = FIELDS.some((g) => g.fields.some((f) => f.path === err.field));
        const text = own ? withoutField(err.message, err.field) : err.message;
        if (key) errors.value = { [key]: text };
        else message.value = err.message;
      } else {
        message.value = errorText(err, t("settings.error.network"));
      }
    }
  };

  const apiKeySet = values.value.apiKeySet;
  return (
    <form class="settings-form" onSubmit={submit} noValidate>
      {FIELDS.map((group) => (
        <fieldset key={group.legend} class="panel settings-group">
          <legend>{t(group.legend)}</legend>
          {group.fields.map((f) => (
            <SettingsField
              key={f.key}
              field={f}
              t={t}
              value={values.value[f.key]}
              envVar={current.value.readOnly[f.path]}
              flag={current.value.flags[f.path]}
              error={errors.value[f.key]}
              apiKeySet={f.key === "speechKey" ? values.value.speechKeySet : apiKeySet}
              removeKey={f.key === "speechKey"
                ? values.value.removeSpeechKey
                : values.value.removeKey}
              onRemoveKey={(on) =>
                values.value = {
                  ...values.value,
                  [f.key === "speechKey" ? "removeSpeechKey" : "removeKey"]: on,
                }}
              onChange={(v) => {
                values.value = { ...values.value, [f.key]: v };
                // A changed field drops what the last save said about it.
                const { [f.key]: _, ...rest } = errors.value;
                errors.value = rest;
                if (state.value === "saved" || state.value === "error") {
                  state.value = "idle";
                  message.value = "";
                }
              }}
            />
          ))}
        </fieldset>
      ))}
      <div class="settings-submit">
        <button type="submit" class="button" disabled={state.value === "saving"}>
          {state.value === "saving" ? t("settings.saving") : t("settings.save")}
        </button>
        <p
          class={state.value === "error" ? "models-error" : "models-ok"}
          role="status"
          aria-live="polite"
        >
          {state.value === "error" && !message.value ? t("settings.error.fields") : message.value}
        </p>
      </div>
    </form>
  );
}
