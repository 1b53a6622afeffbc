/**
 * The admin's gems: the list (edit, delete, bake) and the editor. The form's fields follow the
 * instructions as they are typed: each `{{name}}` gets a row (type, label, required, default,
 * choices for a select, bounds for a number), a row whose placeholder is gone is dropped, and a
 * preview shows the form members will see. The server checks everything again and names what is
 * wrong (an unknown type, a select without choices, an output schema it cannot check).
 */
import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { FIELD_TYPES, type FieldInput, resolveFields } from "../components/gems/fields.ts";
import { GemForm } from "../components/gems/GemForm.tsx";
import { ApiError, apiJson, errorText, jsonInit } from "../lib/client/api.ts";
import { apiFetch } from "../lib/client/session.ts";
import { followTask } from "../lib/client/sse.ts";
import type { Gem, GemField } from "../lib/gems/types.ts";
import { translatorOf } from "../lib/i18n/format.ts";

interface Props {
  gems: Gem[];
  /** Installed chat models. */
  models: string[];
  /** The assistant's tools by name. */
  tools: string[];
  /** The household's shared folders and documents a gem may read. */
  library: { id: string; name: string; folder: boolean }[];
  /** `gems.admin.*` and `gems.ui.*` messages. */
  messages: Record<string, string>;
}

interface Draft {
  id: string | null;
  name: string;
  icon: string;
  description: string;
  instructions: string;
  fields: Record<string, FieldInput>;
  model: string;
  temperature: string;
  maxTokens: string;
  /** Parameters the editor does not show (seed, numCtx), kept as they are. */
  other: Gem["parameters"];
  schema: string;
  tools: string[];
  documents: string[];
  starter: boolean;
}

function draftOf(gem: Gem | null): Draft {
  return {
    id: gem?.id ?? null,
    name: gem?.name ?? "",
    icon: gem?.icon ?? "💎",
    description: gem?.description ?? "",
    instructions: gem?.instructions ?? "",
    fields: Object.fromEntries((gem?.fields ?? []).map((f) => [f.name, { ...f }])),
    model: gem?.model ?? "",
    temperature: gem?.parameters.temperature?.toString() ?? "",
    maxTokens: gem?.parameters.maxTokens?.toString() ?? "",
    other: {
      ...(gem?.parameters.seed !== undefined && { seed: gem.parameters.seed }),
      ...(gem?.parameters.numCtx !== undefined && { numCtx: gem.parameters.numCtx }),
    },
    schema: gem?.outputSchema ? JSON.stringify(gem.outputSchema, null, 2) : "",
    tools: gem?.tools ?? [],
    documents: gem?.documents ?? [],
    starter: !!gem?.starter,
  };
}

export default function GemEditor(props: Props) {
  const t = translatorOf(props.messages, "gems.admin.");
  const ui = translatorOf(props.messages, "gems.ui.");
  const gems = useSignal(props.gems);
  const draft = useSignal<Draft | null>(null);
  const error = useSignal<{ field?: string; message: string } | null>(null);
  const note = useSignal("");
  const d = draft.value;

  const resolved = useMemo(() => {
    if (!d) return [] as GemField[];
    const inputs = Object.values(d.fields);
    // Only descriptions of placeholders still in the text; the rest are dropped as typed.
    const { fields } = resolveFields(
      d.instructions,
      inputs.filter((f) => d.instructions.includes(f.name)).map((f) => ({
        ...f,
        type: FIELD_TYPES.includes(f.type as GemField["type"]) ? f.type : "text",
        options: f.type === "select" ? f.options?.length ? f.options : ["…"] : undefined,
        default: undefined,
      })),
    );
    return fields;
  }, [d?.instructions, d?.fields]);

  const set = (change: Partial<Draft>) => draft.value = { ...draft.value!, ...change };
  const setField = (name: string, change: Partial<FieldInput>) => {
    const current = draft.value!.fields[name] ??
      { name, type: "text", label: name, required: true };
    set({ fields: { ...draft.value!.fields, [name]: { ...current, ...change } } });
  };

  async function save(e: Event) {
    e.preventDefault();
    const current = draft.value!;
    error.value = null;
    let outputSchema: unknown = null;
    if (current.schema.trim()) {
      try {
        outputSchema = JSON.parse(current.schema);
      } catch {
        error.value = { field: "outputSchema", message: t("schemaHint") };
        return;
      }
    }
    const names = resolved.map((f) => f.name);
    const body = {
      name: current.name,
      icon: current.icon,
      description: current.description,
      instructions: current.instructions,
      fields: Object.values(current.fields).filter((f) => names.includes(f.name)).map((f) => ({
        name: f.name,
        type: f.type ?? "text",
        label: f.label ?? f.name,
        required: f.required ?? true,
        ...(f.default !== undefined && f.default !== "" && { default: f.default }),
        ...(f.type === "select" && { options: f.options ?? [] }),
        ...(f.type === "number" && f.min != null && { min: f.min }),
        ...(f.type === "number" && f.max != null && { max: f.max }),
      })),
      model: current.model,
      parameters: {
        ...current.other,
        ...(current.temperature && { temperature: Number(current.temperature) }),
        ...(current.maxTokens && { maxTokens: Number(current.maxTokens) }),
      },
      outputSchema,
      tools: current.tools,
      documents: current.documents,
    };
    try {
      const gem = current.id
        ? await apiJson<Gem>(`/api/admin/gems/${current.id}`, "PUT", body)
        : await apiJson<Gem>("/api/admin/gems", "POST", body);
      gems.value = [...gems.value.filter((g) => g.id !== gem.id), gem]
        .sort((a, b) => a.name.localeCompare(b.name));
      draft.value = null;
      note.value = t("saved");
    } catch (err) {
      error.value = {
        field: err instanceof ApiError ? err.field : undefined,
        message: errorText(err, ""),
      };
    }
  }

  async function remove(gem: Gem) {
    if (!confirm(t("deleteConfirm", { name: gem.name }))) return;
    try {
      await apiJson(`/api/admin/gems/${gem.id}`, "DELETE");
      gems.value = gems.value.filter((g) => g.id !== gem.id);
    } catch (err) {
      note.value = errorText(err, "");
    }
  }

  async function bake(gem: Gem) {
    let model = "";
    note.value = t("baking", { model: gem.name });
    try {
      await followTask({
        start: (signal) =>
          apiFetch(`/api/admin/gems/${gem.id}/bake`, jsonInit("POST", undefined, signal)),
        onEvent(ev) {
          if (ev.event === "done") model = String((ev.data as { model: string }).model);
        },
      }).done;
      note.value = t("baked", { model });
    } catch (err) {
      note.value = errorText(err, "");
    }
  }

  if (!d) {
    return (
      <div class="gem-admin">
        <p>
          <button type="button" class="button" onClick={() => draft.value = draftOf(null)}>
            {t("new")}
          </button>
        </p>
        {note.value && <p role="status">{note.value}</p>}
        <ul class="gem-admin-list">
          {gems.value.map((g) => (
            <li key={g.id}>
              <span class="gem-icon" aria-hidden="true">{g.icon}</span>
              <span class="gem-admin-name">{g.name}</span>
              <button
                type="button"
                class="button auth-quiet"
                onClick={() => draft.value = draftOf(g)}
              >
                {t("edit")}
              </button>
              <button type="button" class="button auth-quiet" onClick={() => bake(g)}>
                {t("bake")}
              </button>
              <button type="button" class="button auth-danger" onClick={() => remove(g)}>
                {t("delete")}
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  const wrong = (field: string) =>
    error.value?.field === field || error.value?.field?.startsWith(`${field}.`);
  return (
    <form class="gem-admin gem-editor" onSubmit={save}>
      {d.starter && <p class="muted">{t("starter")}</p>}
      <label for="ge-name">{t("name")}</label>
      <input
        id="ge-name"
        value={d.name}
        required
        maxLength={100}
        aria-invalid={wrong("name") || undefined}
        onInput={(e) => set({ name: e.currentTarget.value })}
      />
      <label for="ge-icon">{t("icon")}</label>
      <input
        id="ge-icon"
        value={d.icon}
        maxLength={16}
        onInput={(e) => set({ icon: e.currentTarget.value })}
      />
      <label for="ge-description">{t("description")}</label>
      <input
        id="ge-description"
        value={d.description}
        maxLength={500}
        onInput={(e) => set({ description: e.currentTarget.value })}
      />
      <label for="ge-instructions">{t("instructions")}</label>
      <textarea
        id="ge-instructions"
        rows={8}
        required
        aria-describedby="ge-instructions-hint"
        aria-invalid={wrong("instructions") || undefined}
        onInput={(e) => set({ instructions: e.currentTarget.value })}
        value={d.instructions}
      />
      <p class="muted" id="ge-instructions-hint">{t("instructionsHint")}</p>
      <fieldset class="gem-editor-fields">
        <legend>{t("fields")}</legend>
        {!resolved.length && <p class="muted">{t("noFields")}</p>}
        {resolved.map((f) => {
          const input = d.fields[f.name] ?? { name: f.name, type: "text" };
          const id = `ge-field-${f.name}`;
          return (
            <div class="gem-editor-field" key={f.name}>
              <code>{`{{${f.name}}}`}</code>
              <label for={`${id}-type`}>{t("fieldType")}</label>
              <select
                id={`${id}-type`}
                onChange={(e) => setField(f.name, { type: e.currentTarget.value })}
              >
                {FIELD_TYPES.map((type) => (
                  <option value={type} selected={type === (input.type ?? "text")} key={type}>
                    {t(`type.${type}`)}
                  </option>
                ))}
              </select>
              <label for={`${id}-label`}>{t("fieldLabel")}</label>
              <input
                id={`${id}-label`}
                value={input.label ?? f.name}
                onInput={(e) => setField(f.name, { label: e.currentTarget.value })}
              />
              <label class="check">
                <input
                  type="checkbox"
                  checked={input.required ?? true}
                  onChange={(e) => setField(f.name, { required: e.currentTarget.checked })}
                />
                {t("fieldRequired")}
              </label>
              {input.type === "select" && (
                <>
                  <label for={`${id}-options`}>{t("fieldOptions")}</label>
                  <textarea
                    id={`${id}-options`}
                    rows={3}
                    value={(input.options ?? []).join("\n")}
                    aria-invalid={wrong(`fields`) || undefined}
                    onInput={(e) =>
                      setField(f.name, { options: e.currentTarget.value.split("\n") })}
                  />
                </>
              )}
              {input.type === "number" && (
                <>
                  <label for={`${id}-min`}>{t("fieldMin")}</label>
                  <input
                    id={`${id}-min`}
                    type="number"
                    value={input.min ?? ""}
                    onInput={(e) =>
                      setField(f.name, {
                        min: e.currentTarget.value === "" ? null : Number(e.currentTarget.value),
                      })}
                  />
                  <label for={`${id}-max`}>{t("fieldMax")}</label>
                  <input
                    id={`${id}-max`}
                    type="number"
                    value={input.max ?? ""}
                    onInput={(e) =>
                      setField(f.name, {
                        max: e.currentTarget.value === "" ? null : Number(e.currentTarget.value),
                      })}
                  />
                </>
              )}
              {input.type !== "image" && (
                <>
                  <label for={`${id}-default`}>{t("fieldDefault")}</label>
                  <input
                    id={`${id}-default`}
                    value={input.default ?? ""}
                    onInput={(e) => setField(f.name, { default: e.currentTarget.value })}
                  />
                </>
              )}
            </div>
          );
        })}
      </fieldset>
      <label for="ge-model">{t("model")}</label>
      <select id="ge-model" onChange={(e) => set({ model: e.currentTarget.value })}>
        <option value="" selected={!d.model}>{t("defaultModel")}</option>
        {[...new Set([...props.models, ...(d.model ? [d.model] : [])])].map((m) => (
          <option value={m} selected={m === d.model} key={m}>{m}</option>
        ))}
      </select>
      <label for="ge-temperature">{t("temperature")}</label>
      <input
        id="ge-temperature"
        type="number"
        min={0}
        max={2}
        step="0.1"
        value={d.temperature}
        onInput={(e) => set({ temperature: e.currentTarget.value })}
      />
      <label for="ge-max">{t("maxTokens")}</label>
      <input
        id="ge-max"
        type="number"
        min={1}
        value={d.maxTokens}
        onInput={(e) => set({ maxTokens: e.currentTarget.value })}
      />
      <label for="ge-schema">{t("schema")}</label>
      <textarea
        id="ge-schema"
        rows={5}
        class="mono"
        aria-describedby="ge-schema-hint"
        aria-invalid={wrong("outputSchema") || undefined}
        value={d.schema}
        onInput={(e) => set({ schema: e.currentTarget.value })}
      />
      <p class="muted" id="ge-schema-hint">{t("schemaHint")}</p>
      {props.tools.length > 0 && (
        <fieldset>
          <legend>{t("tools")}</legend>
          {props.tools.map((name) => (
            <label class="check" key={name}>
              <input
                type="checkbox"
                checked={d.tools.includes(name)}
                onChange={(e) =>
                  set({
                    tools: e.currentTarget.checked
                      ? [...d.tools, name]
                      : d.tools.filter((x) => x !== name),
                  })}
              />
              <code>{name}</code>
            </label>
          ))}
        </fieldset>
      )}
      {props.library.length > 0 && (
        <fieldset>
          <legend>{t("documents")}</legend>
          {props.library.map((item) => (
            <label class="check" key={item.id}>
              <input
                type="checkbox"
                checked={d.documents.includes(item.id)}
                onChange={(e) =>
                  set({
                    documents: e.currentTarget.checked
                      ? [...d.documents, item.id]
                      : d.documents.filter((x) => x !== item.id),
                  })}
              />
              {item.folder ? `📁 ${item.name}` : item.name}
            </label>
          ))}
        </fieldset>
      )}
      {error.value && <p class="gem-error" role="alert">{error.value.message}</p>}
      <div class="gem-actions">
        <button type="submit" class="button">{t("save")}</button>
        <button
          type="button"
          class="button auth-quiet"
          onClick={() => (draft.value = null, error.value = null)}
        >
          {t("cancel")}
        </button>
      </div>
      <section class="gem-preview" aria-label={t("preview")}>
        <h2>{t("preview")}</h2>
        <GemForm fields={resolved} t={ui} idPrefix="gem-preview" disabled />
      </section>
    </form>
  );
}
