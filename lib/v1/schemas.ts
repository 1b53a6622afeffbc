/**
 * The body of OpenAI's `POST /v1/chat/completions`, as far as Hearth serves it, and its mapping
 * to the provider-neutral `ChatRequest` (lib/ai/types.ts). Fields Hearth does not know are
 * dropped rather than refused (OpenAI clients send many: `user`, `top_p`, `presence_penalty`…);
 * fields whose meaning Hearth cannot honour are refused (`n` above 1, image parts).
 */
import { z } from "zod";
import type { ChatMessage, ToolSpec } from "../ai/types.ts";
import { HttpError, ValidationError } from "../http/errors.ts";

/** Messages in one request at most. */
export const MAX_MESSAGES = 1000;
/** Tools in one request at most. */
export const MAX_TOOLS = 128;
/** Characters of all messages together at most (the body itself is capped before). */
export const MAX_TEXT = 2_000_000;

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const otherPart = z.object({ type: z.string() }).passthrough();
const content = z.union([
  z.string(),
  z.array(z.union([textPart, otherPart])).max(1000),
]).nullable().optional();

const toolCall = z.object({
  id: z.string().min(1).max(200),
  type: z.literal("function").default("function"),
  function: z.object({
    name: z.string().min(1).max(64),
    arguments: z.string().max(1_000_000).default("{}"),
  }),
});

const message = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content }),
  z.object({ role: z.literal("developer"), content }),
  z.object({ role: z.literal("user"), content }),
  z.object({
    role: z.literal("assistant"),
    content,
    tool_calls: z.array(toolCall).max(MAX_TOOLS).optional(),
  }),
  z.object({
    role: z.literal("tool"),
    content,
    tool_call_id: z.string().min(1).max(200),
  }),
]);

const tool = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(
      /^[A-Za-z0-9_-]{1,64}$/,
      "A tool's name is 1–64 letters, digits, _ or -.",
    ),
    description: z.string().max(10_000).default(""),
    parameters: z.record(z.string(), z.unknown()).default({ type: "object", properties: {} }),
  }),
});

const toolChoice = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string().max(64) }) }),
]);

const responseFormat = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text") }),
  z.object({ type: z.literal("json_object") }),
  z.object({
    type: z.literal("json_schema"),
    json_schema: z.object({ schema: z.record(z.string(), z.unknown()).optional() }).passthrough(),
  }),
]);

/** The request body; unknown fields are dropped. */
export const completionSchema = z.object({
  model: z.string().trim().min(1).max(200),
  messages: z.array(message).min(1).max(MAX_MESSAGES),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
  tools: z.array(tool).max(MAX_TOOLS).nullable().optional(),
  tool_choice: toolChoice.nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).max(1_000_000).nullable().optional(),
  seed: z.number().int().nullable().optional(),
  n: z.number().int().min(1).max(1).nullable().optional(),
  response_format: responseFormat.nullable().optional(),
});

/** A validated request body. */
export type CompletionBody = z.output<typeof completionSchema>;

type Content = z.output<typeof content>;

/** The text of a message's content: a string, or its text parts joined; other parts refused. */
function textOf(value: Content, path: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value.map((part, i) => {
    if (part.type === "text" && typeof part.text === "string") return part.text;
    throw new ValidationError(
      `${path}.content.${i}`,
      `Only text parts are supported here, not “${part.type}”.`,
      "unsupported_content",
    );
  }).join("");
}

function parseArguments(raw: string, path: string): Record<string, unknown> {
  try {
    const value = JSON.parse(raw || "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // Told below.
  }
  throw new ValidationError(path, "A tool call's arguments must be a JSON object.");
}

/** The body's messages as the provider takes them (`developer` is a system message). */
export function toMessages(body: CompletionBody): ChatMessage[] {
  const names = new Map<string, string>();
  let total = 0;
  const out = body.messages.map((m, i): ChatMessage => {
    const text = textOf(m.content, `messages.${i}`);
    total += text.length;
    if (total > MAX_TEXT) {
      throw new HttpError(
        413,
        "prompt_too_large",
        `The messages hold more than ${MAX_TEXT} characters.`,
      );
    }
    switch (m.role) {
      case "system":
      case "developer":
        return { role: "system", content: text };
      case "user":
        return { role: "user", content: text };
      case "assistant": {
        const calls = (m.tool_calls ?? []).map((c, j) => {
          names.set(c.id, c.function.name);
          return {
            id: c.id,
            name: c.function.name,
            arguments: parseArguments(
              c.function.arguments,
              `messages.${i}.tool_calls.${j}.function.arguments`,
            ),
          };
        });
        return { role: "assistant", content: text, ...(calls.length && { toolCalls: calls }) };
      }
      case "tool":
        return {
          role: "tool",
          content: text,
          toolCallId: m.tool_call_id,
          // Ollama matches a tool's answer by name: the call it answers names it.
          name: names.get(m.tool_call_id) ?? "",
        };
    }
  });
  return out;
}

/**
 * The tools to offer: none for `tool_choice: "none"`, only the named one for a named choice
 * (Ollama cannot be made to call a tool, so `required` offers them all, like `auto`).
 */
export function toTools(body: CompletionBody): ToolSpec[] | undefined {
  const tools = body.tools ?? [];
  const choice = body.tool_choice;
  if (!tools.length || choice === "none") return undefined;
  const specs = tools.map((t) => ({
    name: t.function.name,
    description: t.function.description,
    parameters: t.function.parameters,
  }));
  if (choice && typeof choice === "object") {
    const named = specs.filter((s) => s.name === choice.function.name);
    if (!named.length) {
      throw new ValidationError("tool_choice", `There is no tool “${choice.function.name}”.`);
    }
    return named;
  }
  return specs;
}

/** The JSON Schema an answer must follow, from `response_format`. */
export function toFormat(body: CompletionBody): Record<string, unknown> | undefined {
  const format = body.response_format;
  if (!format || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "object" };
  return format.json_schema.schema ?? { type: "object" };
}
