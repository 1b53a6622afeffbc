/**
 * A gem's form, from its instructions: every `{{name}}` placeholder is a field. A field the admin
 * defined says its type (text, long text, select with options, number with min/max, date, image),
 * label, whether it is required and its default; a placeholder without a definition is a required
 * text field labelled with its name; a definition without a placeholder is an error. Values are
 * checked per field and substituted once, left to right, so a value that contains `{{x}}` stays
 * literal text. Browser-safe (the server, the editor and the form share it).
 */
import type { GemField, GemFieldType } from "../../lib/gems/types.ts";

/** The field types, in the editor's order. */
export const FIELD_TYPES: readonly GemFieldType[] = [
  "text",
  "longtext",
  "select",
  "number",
  "date",
  "image",
];

/** A placeholder's name: a letter or `_`, then letters, digits or `_`, 40 at most. */
export const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,39})\s*\}\}/g;

/** Longest value of a text field and of a long text field, in characters. */
export const TEXT_MAX = 2_000;
export const LONGTEXT_MAX = 100_000;
/** Fields of one gem at most. */
export const MAX_FIELDS = 20;

/** The placeholders' names in order of first appearance. */
export function placeholders(instructions: string): string[] {
  const names: string[] = [];
  for (const m of instructions.matchAll(PLACEHOLDER)) {
    if (!names.includes(m[1])) names.push(m[1]);
  }
  return names;
}

/** A problem with a gem's definition or a run's values: the field's path and what is wrong. */
export interface FieldProblem {
  /** `fields.2.options`, `values.topic`… */
  field: string;
  /** `unused_field`, `unknown_field_type`, `select_without_options`, `missing`… */
  code: string;
  /** An English sentence naming the field. */
  message: string;
}

/** A field as the admin may send it (everything but the name is optional). */
export interface FieldInput {
  name: string;
  type?: string;
  label?: string;
  required?: boolean;
  default?: string | number | null;
  options?: string[];
  min?: number | null;
  max?: number | null;
}

/** The default definition of a placeholder nobody described. */
export function textField(name: string): GemField {
  return { name, type: "text", label: name, required: true };
}

/**
 * The form of `instructions`, from the admin's definitions: one field per placeholder, in their
 * order. Problems name the definition's index (`fields.N…`).
 */
export function resolveFields(
  instructions: string,
  defined: readonly FieldInput[],
): { fields: GemField[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const names = placeholders(instructions);
  if (names.length > MAX_FIELDS) {
    problems.push({
      field: "instructions",
      code: "too_many_fields",
      message:
        `The instructions have ${names.length} placeholders; a gem takes at most ${MAX_FIELDS}.`,
    });
  }
  const byName = new Map<string, GemField>();
  defined.forEach((input, i) => {
    const at = `fields.${i}`;
    const before = problems.length;
    if (!FIELD_NAME.test(input.name)) {
      problems.push({
        field: `${at}.name`,
        code: "invalid_field_name",
        message: `Field ${i + 1}: “${input.name}” is not a placeholder name (letters, digits, _).`,
      });
      return;
    }
    if (byName.has(input.name)) {
      problems.push({
        field: `${at}.name`,
        code: "duplicate_field",
        message: `The field “${input.name}” is described twice.`,
      });
    }
    if (!names.includes(input.name)) {
      problems.push({
        field: `${at}.name`,
        code: "unused_field",
        message:
          `The field “${input.name}” is not used: the instructions have no {{${input.name}}}.`,
      });
    }
    const type = (input.type ?? "text") as GemFieldType;
    if (!FIELD_TYPES.includes(type)) {
      problems.push({
        field: `${at}.type`,
        code: "unknown_field_type",
        message: `The field “${input.name}” has the unknown type “${input.type}” (one of ${
          FIELD_TYPES.join(", ")
        }).`,
      });
    }
    const field: GemField = {
      name: input.name,
      type,
      label: input.label?.trim() || input.name,
      required: input.required ?? true,
    };
    if (type === "select") {
      const options = [...new Set((input.options ?? []).map((o) => o.trim()).filter(Boolean))];
      if (!options.length) {
        problems.push({
          field: `${at}.options`,
          code: "select_without_options",
          message: `The choice “${input.name}” has no options.`,
        });
      }
      field.options = options;
    }
    if (type === "number") {
      if (input.min !== undefined && input.min !== null) field.min = input.min;
      if (input.max !== undefined && input.max !== null) field.max = input.max;
      if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
        problems.push({
          field: `${at}.min`,
          code: "invalid_range",
          message: `The number “${input.name}” has a minimum above its maximum.`,
        });
      }
    }
    if (input.default !== undefined && input.default !== null && input.default !== "") {
      if (type === "image") {
        problems.push({
          field: `${at}.default`,
          code: "invalid_default",
          message: `The photo “${input.name}” cannot have a default.`,
        });
      } else if (problems.length === before) {
        const checked = checkValue(field, input.default);
        if (typeof checked === "string") {
          problems.push({
            field: `${at}.default`,
            code: "invalid_default",
            message: `The default of “${input.name}” ${checked}.`,
          });
        } else field.default = checked.value as string | number;
      }
    }
    byName.set(input.name, field);
  });
  const fields = names.map((name) => byName.get(name) ?? textField(name));
  return { fields, problems };
}

/** A value for `field`, normalised, or why it is not one (a phrase after the field's name). */
function checkValue(field: GemField, raw: unknown): { value: string | number | null } | string {
  const empty = raw === undefined || raw === null || (typeof raw === "string" && !raw.trim());
  if (empty) return { value: null };
  switch (field.type) {
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" ? Number(raw.trim()) : NaN;
      if (!Number.isFinite(n)) return "must be a number";
      if (field.min !== undefined && n < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && n > field.max) return `must be at most ${field.max}`;
      return { value: n };
    }
    case "select": {
      const s = String(raw);
      return field.options?.includes(s)
        ? { value: s }
        : `must be one of ${(field.options ?? []).join(", ")}`;
    }
    case "date": {
      const s = String(raw).trim();
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
      if (!d || d.toISOString().slice(0, 10) !== s) return "must be a date (YYYY-MM-DD)";
      return { value: s };
    }
    case "image": {
      const s = String(raw);
      return /^[A-Za-z0-9-]{1,64}$/.test(s) ? { value: s } : "must be an uploaded photo";
    }
    default: {
      if (typeof raw !== "string" && typeof raw !== "number") return "must be text";
      const s = String(raw);
      const max = field.type === "longtext" ? LONGTEXT_MAX : TEXT_MAX;
      if (s.length > max) return `must be at most ${max.toLocaleString("en")} characters`;
      return { value: s };
    }
  }
}

/**
 * A run's values checked against the form: each field's value normalised (a number as a number,
 * an empty one as its default), problems per field (`values.<name>`). Unknown keys are problems
 * too, so a typo does not pass silently.
 */
export function checkValues(
  fields: readonly GemField[],
  values: Record<string, unknown>,
): { values: Record<string, string | number>; problems: FieldProblem[] } {
  const out: Record<string, string | number> = {};
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(values)) {
    if (!fields.some((f) => f.name === key)) {
      problems.push({
        field: `values.${key}`,
        code: "unknown_field",
        message: `This gem has no field “${key}”.`,
      });
    }
  }
  for (const field of fields) {
    const checked = checkValue(field, values[field.name]);
    const at = `values.${field.name}`;
    if (typeof checked === "string") {
      problems.push({ field: at, code: "invalid_value", message: `“${field.label}” ${checked}.` });
      continue;
    }
    const value = checked.value ?? field.default ?? null;
    if (value === null) {
      if (field.required) {
        problems.push({ field: at, code: "missing", message: `“${field.label}” is required.` });
      }
      continue;
    }
    out[field.name] = value;
  }
  return { values: out, problems };
}

/**
 * The instructions with the values in, in one pass left to right: what a value contains is
 * never read again, so `{{x}}` inside a value stays text. An image field's placeholder becomes
 * `[label]` (the photo goes along as an image); a field without a value becomes "".
 */
export function renderInstructions(
  instructions: string,
  fields: readonly GemField[],
  values: Record<string, string | number>,
): string {
  return instructions.replace(PLACEHOLDER, (_all, name: string) => {
    const field = fields.find((f) => f.name === name);
    if (field?.type === "image") return values[name] !== undefined ? `[${field.label}]` : "";
    const value = values[name];
    return value === undefined ? "" : String(value);
  });
}
