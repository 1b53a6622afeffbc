/**
 * What the fake Ollama answers in demo mode: a reply that says plainly that no model is running,
 * a call to a tool the user names, a canned summary of a tool's answer, and, for Hearth's
 * request to name a conversation, the first words of its question, as a model would.
 */
import type { FakeReply } from "./fake_chat.ts";

/** One message of an Ollama `/api/chat` body, as far as the demo reads it. */
interface WireMessage {
  role?: string;
  content?: string;
  tool_name?: string;
}

/** One tool of an Ollama `/api/chat` body. */
interface WireTool {
  function?: { name?: string; parameters?: Record<string, unknown> };
}

/** The start of Hearth's request for a conversation title (`lib/chat/engine.ts`). */
const TITLE_REQUEST = "Write a title of at most six words";

const words = (text: string) => text.split(/\s+/).filter(Boolean);
const excerpt = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function lastMessage(body: Record<string, unknown>): WireMessage {
  const messages = Array.isArray(body.messages) ? body.messages as WireMessage[] : [];
  return messages.at(-1) ?? {};
}

function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  return lower.includes(name.toLowerCase()) ||
    lower.includes(name.toLowerCase().replace(/[_-]/g, " "));
}

/** Arguments for a tool's required properties, filled from its JSON Schema and the user's text. */
function argumentsFor(parameters: Record<string, unknown>, text: string): Record<string, unknown> {
  const props = (parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = Array.isArray(parameters.required) ? parameters.required : [];
  const out: Record<string, unknown> = {};
  for (const key of required.map(String)) {
    const p = props[key] ?? {};
    if (Array.isArray(p.enum) && p.enum.length) out[key] = p.enum[0];
    else if (p.type === "number" || p.type === "integer") out[key] = 1;
    else if (p.type === "boolean") out[key] = true;
    else if (p.type === "array") out[key] = [];
    else if (p.type === "object") out[key] = {};
    else out[key] = excerpt(text, 200);
  }
  return out;
}

/**
 * The answer to Hearth's request for a conversation title: the first six words of the question
 * it quotes. Undefined for any other request.
 */
export function titleReply(body: Record<string, unknown>): FakeReply | undefined {
  const last = lastMessage(body);
  if (last.role !== "user" || !last.content?.startsWith(TITLE_REQUEST)) return undefined;
  const question = last.content.slice(last.content.indexOf("\n\n") + 2);
  return { content: words(question).slice(0, 6).join(" ") };
}

/**
 * The demo's script for an Ollama chat body: after a tool result, a canned summary of it; when
 * tools are offered and the user's message names one, a call to it; otherwise a reply that says
 * it is the demo.
 */
export function demoReply(body: Record<string, unknown>): FakeReply {
  const last = lastMessage(body);
  const content = last.content ?? "";
  if (last.role === "tool") {
    return {
      content: `The tool "${last.tool_name}" answered: ${
        excerpt(content, 200)
      } (Demo mode: no AI model is running, so this summary is canned.)`,
    };
  }
  const tools = Array.isArray(body.tools) ? body.tools as WireTool[] : [];
  const tool = last.role === "user"
    ? tools.find((t) => t.function?.name && mentions(content, t.function.name))
    : undefined;
  if (tool?.function?.name) {
    const args = argumentsFor(tool.function.parameters ?? {}, content);
    return { toolCalls: [{ name: tool.function.name, arguments: args }] };
  }
  const said = words(content);
  return {
    content: `This is Hearth's demo mode: no AI model is running, so this reply is canned. ` +
      `Your message had ${said.length} ${said.length === 1 ? "word" : "words"}` +
      (said.length ? `, starting with "${excerpt(said.slice(0, 6).join(" "), 60)}".` : "."),
  };
}
