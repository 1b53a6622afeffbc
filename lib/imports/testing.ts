/**
 * Export files as the other apps write them, for tests: built here, field by field, after the
 * real formats (ChatGPT's `conversations.json`, Open WebUI's chat export, Hearth's own).
 */

/** 2026-11-02T10:00:00Z in seconds, the time the fixtures start. */
export const T0 = Date.UTC(2026, 10, 2, 10, 0, 0) / 1000;

/** The ISO time `s` seconds after `T0`. */
export const at = (s: number) => new Date((T0 + s) * 1000).toISOString();

function gptNode(
  id: string,
  parent: string | null,
  children: string[],
  message: Record<string, unknown> | null,
) {
  return { id, message: message && { id, ...message }, parent, children };
}

function gptMessage(
  role: string,
  seconds: number,
  content: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return {
    author: { role, name: null, metadata: {} },
    create_time: T0 + seconds + 0.123,
    update_time: null,
    content,
    status: "finished_successfully",
    end_turn: role === "assistant" ? true : null,
    weight: 1,
    metadata: {},
    recipient: "all",
    channel: null,
    ...extra,
  };
}

/**
 * One ChatGPT conversation: a hidden system node under the root, a question with two answers
 * (the second a regeneration), a follow-up with a photo (`multimodal_text`), a reasoning node
 * (`thoughts`) and the answer below it. `current_node` is that last answer.
 */
export function chatgptConversation(title: string | null = "Hearth questions") {
  const text = (s: string) => ({ content_type: "text", parts: [s] });
  const mapping = {
    "client-created-root": gptNode("client-created-root", null, ["sys"], null),
    sys: gptNode(
      "sys",
      "client-created-root",
      ["u1"],
      gptMessage("system", 0, text(""), {
        metadata: { is_visually_hidden_from_conversation: true },
      }),
    ),
    u1: gptNode("u1", "sys", ["a1", "a1b"], gptMessage("user", 10, text("What is a hearth?"))),
    a1: gptNode(
      "a1",
      "u1",
      [],
      gptMessage("assistant", 20, text("A fireplace."), { metadata: { model_slug: "gpt-4o" } }),
    ),
    a1b: gptNode(
      "a1b",
      "u1",
      ["u2"],
      gptMessage("assistant", 30, text("The floor of a fireplace."), {
        metadata: { model_slug: "gpt-4o" },
      }),
    ),
    u2: gptNode(
      "u2",
      "a1b",
      ["th"],
      gptMessage("user", 40, {
        content_type: "multimodal_text",
        parts: [
          {
            content_type: "image_asset_pointer",
            asset_pointer: "file-service://file-abc",
            size_bytes: 123456,
            width: 1024,
            height: 768,
          },
          "What is in this photo?",
        ],
      }),
    ),
    th: gptNode(
      "th",
      "u2",
      ["a2"],
      gptMessage("assistant", 45, {
        content_type: "thoughts",
        thoughts: [{ summary: "Looking", content: "The photo shows flames." }],
        source_analysis_msg_id: "x",
      }, { metadata: { model_slug: "o3" } }),
    ),
    a2: gptNode(
      "a2",
      "th",
      [],
      gptMessage("assistant", 50, text("A cozy fire."), { metadata: { model_slug: "o3" } }),
    ),
  };
  return {
    title,
    create_time: T0 + 5.5,
    update_time: T0 + 60.25,
    mapping,
    moderation_results: [],
    current_node: "a2",
    plugin_ids: null,
    conversation_id: "67a0c0de-0000-0000-0000-000000000001",
    conversation_template_id: null,
    gizmo_id: null,
    is_archived: false,
    safe_urls: [],
    default_model_slug: "gpt-4o",
    id: "67a0c0de-0000-0000-0000-000000000001",
  };
}

/** A second, one-path ChatGPT conversation. */
export function chatgptSimple(title = "Soup") {
  const mapping = {
    root: gptNode("root", null, ["q"], null),
    q: gptNode(
      "q",
      "root",
      ["r"],
      gptMessage("user", 100, { content_type: "text", parts: ["Soup?"] }),
    ),
    r: gptNode(
      "r",
      "q",
      [],
      gptMessage("assistant", 110, { content_type: "text", parts: ["Tomato."] }),
    ),
  };
  return { title, create_time: T0 + 100, update_time: T0 + 110, mapping, current_node: "r" };
}

function owuiMessage(
  id: string,
  parentId: string | null,
  childrenIds: string[],
  role: "user" | "assistant",
  content: string,
  seconds: number,
) {
  return {
    id,
    parentId,
    childrenIds,
    role,
    content,
    timestamp: T0 + seconds,
    ...(role === "user"
      ? { models: ["llama3.2:3b"] }
      : { model: "llama3.2:3b", modelName: "llama3.2:3b", modelIdx: 0, done: true }),
  };
}

/**
 * One Open WebUI chat: a question answered twice (two branches); the second answer has a
 * reasoning block and a follow-up. `currentId` is the FIRST answer, so the active path is not
 * the newest one.
 */
export function openwebuiChat(title = "Bread baking") {
  const messages = {
    m1: owuiMessage("m1", null, ["m2", "m3"], "user", "How long does bread rise?", 0),
    m2: owuiMessage("m2", "m1", [], "assistant", "About an hour.", 10),
    m3: owuiMessage(
      "m3",
      "m1",
      ["m4"],
      "assistant",
      '<details type="reasoning" done="true" duration="2">\n<summary>Thought for 2 seconds</summary>\n> Yeast needs warmth.\n</details>\nOne to two hours, somewhere warm.',
      20,
    ),
    m4: owuiMessage("m4", "m3", ["m5"], "user", "And the second rise?", 30),
    m5: owuiMessage("m5", "m4", [], "assistant", "Shorter: 30 to 45 minutes.", 40),
  };
  return {
    id: "5f0c2d1e-aaaa-4bbb-8ccc-000000000001",
    user_id: "u-1",
    title,
    chat: {
      id: "",
      title,
      models: ["llama3.2:3b"],
      params: {},
      history: { messages, currentId: "m2" },
      messages: [messages.m1, messages.m2],
      tags: [],
      timestamp: (T0 + 0) * 1000,
      files: [],
    },
    updated_at: T0 + 40,
    created_at: T0,
    share_id: null,
    archived: false,
    pinned: false,
    meta: {},
    folder_id: null,
  };
}

/** Hearth's v1 export: one path in seq order. */
export function hearthV1() {
  const msg = (seq: number, role: string, content: string) => ({
    id: `h1-${seq}`,
    conversationId: "c-old",
    seq,
    role,
    content,
    thinking: "",
    status: "complete",
    model: role === "assistant" ? "qwen3:4b" : null,
    meta: role === "assistant" ? { tokensPerSecond: 12.5 } : {},
    createdAt: at(200 + seq),
    updatedAt: at(200 + seq),
  });
  return {
    format: "hearth.conversation.v1",
    conversation: {
      id: "c-old",
      title: "Garden plan",
      model: "qwen3:4b",
      systemPrompt: "Be brief.",
      think: true,
      assistant: false,
      agent: false,
      createdAt: at(200),
      updatedAt: at(204),
    },
    messages: [
      msg(2, "assistant", "Tomatoes and beans."),
      msg(1, "user", "What should I plant?"),
      msg(3, "user", "When?"),
      msg(4, "assistant", "In May."),
    ],
  };
}

/** Hearth's v2 export: an edited question (two branches), `leafId` on the older one. */
export function hearthV2() {
  const msg = (
    id: string,
    parentId: string | null,
    seq: number,
    role: string,
    content: string,
  ) => ({
    id,
    parentId,
    conversationId: "c-two",
    seq,
    role,
    content,
    thinking: role === "assistant" ? "Hmm." : "",
    status: "complete",
    model: role === "assistant" ? "qwen3:4b" : null,
    meta: { taskId: "t-1" },
    createdAt: at(300 + seq),
    updatedAt: at(300 + seq),
  });
  return {
    format: "hearth.conversation.v2",
    conversation: {
      id: "c-two",
      title: "Trip",
      model: "qwen3:4b",
      systemPrompt: "",
      think: true,
      assistant: false,
      agent: false,
      leafId: "b",
      createdAt: at(300),
      updatedAt: at(304),
    },
    messages: [
      msg("q", null, 1, "user", "Train or car?"),
      msg("b", "q", 2, "assistant", "Train."),
      msg("q2", null, 3, "user", "Train or bike?"),
      msg("b2", "q2", 4, "assistant", "Bike."),
    ],
  };
}
