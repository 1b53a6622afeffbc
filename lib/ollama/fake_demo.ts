/**
 * What the fake Ollama answers in demo mode: a reply that says plainly that no model is running,
 * a call to a tool the user names, a canned summary of a tool's answer, and, for Hearth's
 * request to name a conversation, the first words of its question, as a model would. Like a model,
 * it also rewrites a follow-up question into a standalone query when Hearth asks, and answers
 * from the sources Hearth puts in the system message, citing `[1]` (see `hearthReply`).
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
/** The start of Hearth's request to rewrite a follow-up question (`lib/rag/rewrite.ts`). */
const REWRITE_REQUEST = "Rewrite the follow-up question at the end of this conversation";
/** The first line of the sources Hearth adds to the system message (`lib/rag/chat.ts`). */
const SOURCES_HEADER = "Sources from the user's documents";

/** Words a rewrite does not carry over from the question before (they name nothing). */
const STOPWORDS = new Set(
  ("what which where when does have about that this there their they them with from will would " +
    "could should into your yours were been being than then also just only some very more most " +
    "much many such like tell know please wie was wann warum welche welcher wird sind eine einen " +
    "einem einer nicht auch noch über dass").split(" "),
);

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
 * The answer to Hearth's request to rewrite a follow-up question (undefined for any other): the
 * follow-up, then the content words (4+ letters, not in `STOPWORDS`) of the user's question just
 * before it that the follow-up does not already have. "And how is it paid back?" after "What is
 * the deposit for the flat?" becomes "And how is it paid back? deposit flat". Deterministic, and
 * enough for retrieval, as a real model's rewrite would be.
 */
export function rewriteReply(body: Record<string, unknown>): FakeReply | undefined {
  const last = lastMessage(body);
  if (last.role !== "user" || !last.content?.startsWith(REWRITE_REQUEST)) return undefined;
  const lines = last.content.split("\n");
  const follow = lines.find((l) => l.startsWith("Follow-up question: "));
  const question = follow?.slice("Follow-up question: ".length).trim() ?? "";
  const before = lines.findLast((l) => l.startsWith("User: "))?.slice(6) ?? "";
  const contentWords = (text: string) =>
    text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4 && !STOPWORDS.has(w));
  const have = new Set(contentWords(question));
  const added = [...new Set(contentWords(before))].filter((w) => !have.has(w));
  return { content: [question, ...added].join(" ") };
}

/**
 * The answer to a chat whose system message carries Hearth's sources (undefined without them): the
 * first sentence of the first passage, cited as `[1]`, as a model that read them would answer.
 */
export function sourcesReply(body: Record<string, unknown>): FakeReply | undefined {
  const messages = Array.isArray(body.messages) ? body.messages as WireMessage[] : [];
  const block = messages.find((m) => m.role === "system" && m.content?.includes(SOURCES_HEADER));
  if (!block?.content || lastMessage(body).role !== "user") return undefined;
  const first = block.content.split(/\n\[1\] [^\n]*\n/)[1];
  if (first === undefined) return { content: "The documents do not answer this question." };
  const passage = first.split(/\n\n\[2\] /)[0].replace(/\s+/g, " ").trim();
  const sentence = passage.match(/^.*?[.!?](?=\s|$)/)?.[0] ?? passage;
  return { content: `According to your documents: ${excerpt(sentence, 300)} [1]` };
}

/**
 * What the fake answers for Hearth itself, whatever the test's or the demo's script says, as a
 * model would (option `titles`): a title, a rewritten follow-up, an answer from sources. Undefined
 * for any other chat.
 */
export function hearthReply(body: Record<string, unknown>): FakeReply | undefined {
  return titleReply(body) ?? rewriteReply(body) ?? sourcesReply(body);
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
  // The longest name the message holds: "search documents" means search_documents, not search.
  const tool = last.role === "user"
    ? tools.filter((t) => t.function?.name && mentions(content, t.function.name))
      .sort((a, b) => b.function!.name!.length - a.function!.name!.length)[0]
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
