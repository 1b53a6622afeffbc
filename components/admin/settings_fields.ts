/**
 * The settings form's fields and how they map to the config: which dotted key each edits, how
 * the typed text becomes a `PUT /api/admin/config` patch, and which field an API error names.
 */
import type { ConfigView } from "../../lib/config/types.ts";

/** The editable fields. */
export type FieldKey =
  | "locale"
  | "chatModel"
  | "embeddingModel"
  | "hosts"
  | "parallel"
  | "firstToken"
  | "allowedHosts"
  | "baseUrl"
  | "apiKey"
  | "host"
  | "port"
  | "https"
  | "speechUrl"
  | "speechKey"
  | "sttModel"
  | "ttsModel"
  | "ttsVoice";

/** The form's values: text as typed, plus the API key's state. */
export type Values = Record<FieldKey, string> & {
  /** The stored key is to be removed. */
  removeKey: boolean;
  /** A key is stored (the API shows it redacted, never its value). */
  apiKeySet: boolean;
  /** The same for the speech server's key. */
  removeSpeechKey: boolean;
  speechKeySet: boolean;
};

/** One field: its config key, input kind and messages. */
export interface Field {
  key: FieldKey;
  /** Dotted config key. */
  path: string;
  kind: "select" | "lines" | "text" | "url" | "secret" | "number";
  /** `settings.*` message keys. */
  label: string;
  hint?: string;
  /** Applies only after a restart. */
  restart?: boolean;
  /** For selects: value and label key. */
  options?: [string, string][];
}

/** The fields, in groups, in form order. */
export const FIELDS: { legend: string; fields: Field[] }[] = [
  {
    legend: "settings.group.general",
    fields: [{
      key: "locale",
      path: "locale",
      kind: "select",
      label: "settings.locale",
      hint: "settings.locale.hint",
      options: [["en", "settings.locale.en"], ["de", "settings.locale.de"]],
    }, {
      key: "chatModel",
      path: "models.chat",
      kind: "text",
      label: "settings.chatModel",
      hint: "settings.chatModel.hint",
    }, {
      key: "embeddingModel",
      path: "models.embedding",
      kind: "text",
      label: "settings.embeddingModel",
      hint: "settings.embeddingModel.hint",
    }],
  },
  {
    legend: "settings.group.ollama",
    fields: [{
      key: "hosts",
      path: "ollama.hosts",
      kind: "lines",
      label: "settings.hosts",
      hint: "settings.hosts.hint",
    }, {
      key: "parallel",
      path: "ollama.parallel",
      kind: "number",
      label: "settings.parallel",
      hint: "settings.parallel.hint",
    }, {
      key: "firstToken",
      path: "ollama.firstTokenTimeoutSeconds",
      kind: "number",
      label: "settings.firstToken",
      hint: "settings.firstToken.hint",
    }],
  },
  {
    legend: "settings.group.openai",
    fields: [
      {
        key: "baseUrl",
        path: "providers.openai.baseUrl",
        kind: "url",
        label: "settings.baseUrl",
        hint: "settings.baseUrl.hint",
      },
      { key: "apiKey", path: "providers.openai.apiKey", kind: "secret", label: "settings.apiKey" },
    ],
  },
  {
    legend: "settings.group.speech",
    fields: [
      {
        key: "speechUrl",
        path: "speech.baseUrl",
        kind: "url",
        label: "settings.speech.baseUrl",
        hint: "settings.speech.baseUrl.hint",
      },
      { key: "speechKey", path: "speech.apiKey", kind: "secret", label: "settings.apiKey" },
      { key: "sttModel", path: "speech.sttModel", kind: "text", label: "settings.speech.stt" },
      { key: "ttsModel", path: "speech.ttsModel", kind: "text", label: "settings.speech.tts" },
      { key: "ttsVoice", path: "speech.ttsVoice", kind: "text", label: "settings.speech.voice" },
    ],
  },
  {
    legend: "settings.group.network",
    fields: [
      {
        key: "allowedHosts",
        path: "server.allowedHosts",
        kind: "lines",
        label: "settings.allowedHosts",
        hint: "settings.allowedHosts.hint",
      },
      { key: "host", path: "server.host", kind: "text", label: "settings.host", restart: true },
      { key: "port", path: "server.port", kind: "number", label: "settings.port", restart: true },
      {
        key: "https",
        path: "server.https",
        kind: "select",
        label: "settings.https",
        hint: "settings.https.hint",
        options: [["false", "settings.https.off"], ["true", "settings.https.on"]],
      },
    ],
  },
];

const ALL = FIELDS.flatMap((g) => g.fields);

/** The form's values for a config view. */
export function valuesFrom(view: ConfigView): Values {
  const c = view.config;
  return {
    locale: c.locale,
    chatModel: c.models.chat,
    embeddingModel: c.models.embedding,
    hosts: c.ollama.hosts.join("\n"),
    parallel: String(c.ollama.parallel),
    firstToken: String(c.ollama.firstTokenTimeoutSeconds),
    allowedHosts: c.server.allowedHosts.join("\n"),
    baseUrl: c.providers.openai.baseUrl,
    apiKey: "",
    host: c.server.host,
    port: String(c.server.port),
    https: String(c.server.https),
    removeKey: false,
    apiKeySet: c.providers.openai.apiKey !== "",
    speechUrl: c.speech.baseUrl,
    speechKey: "",
    sttModel: c.speech.sttModel,
    ttsModel: c.speech.ttsModel,
    ttsVoice: c.speech.ttsVoice,
    removeSpeechKey: false,
    speechKeySet: c.speech.apiKey !== "",
  };
}

/** A whole number as typed, or the text itself, so the API names the field. */
const whole = (text: string) => /^\d{1,7}$/.test(text.trim()) ? Number(text.trim()) : text.trim();

const lines = (text: string) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

/**
 * The `PUT /api/admin/config` body: every editable key, none that the environment sets. The API key
 * goes only when one was typed (or removal was asked for), so a blank field keeps the stored
 * key. A port that is not a number goes as typed, so the API names the field.
 */
export function patchFrom(values: Values, view: ConfigView): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const put = (path: string, value: unknown) => {
    if (path in view.readOnly) return;
    const keys = path.split(".");
    let o = patch;
    for (const k of keys.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[keys.at(-1)!] = value;
  };
  put("locale", values.locale);
  put("models.chat", values.chatModel.trim());
  put("models.embedding", values.embeddingModel.trim());
  put("ollama.hosts", lines(values.hosts));
  put("ollama.parallel", whole(values.parallel));
  put("ollama.firstTokenTimeoutSeconds", whole(values.firstToken));
  put("server.allowedHosts", lines(values.allowedHosts));
  put("providers.openai.baseUrl", values.baseUrl.trim());
  if (values.removeKey) put("providers.openai.apiKey", "");
  else if (values.apiKey) put("providers.openai.apiKey", values.apiKey);
  put("speech.baseUrl", values.speechUrl.trim());
  if (values.removeSpeechKey) put("speech.apiKey", "");
  else if (values.speechKey) put("speech.apiKey", values.speechKey);
  put("speech.sttModel", values.sttModel.trim());
  put("speech.ttsModel", values.ttsModel.trim());
  put("speech.ttsVoice", values.ttsVoice.trim());
  put("server.host", values.host.trim());
  put("server.port", whole(values.port));
  put("server.https", values.https === "true");
  return patch;
}

/** The field an API error's dotted `field` belongs to (`ollama.hosts.1` → hosts). */
export function fieldFor(path: string): FieldKey | undefined {
  return ALL.find((f) => path === f.path || path.startsWith(f.path + "."))?.key;
}
