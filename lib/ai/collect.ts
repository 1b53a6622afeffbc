/**
 * One model request read to its end: the text, the tool calls and the `done` event, each event
 * shown to `onEvent` as it arrives (to stream it on). For the assistant's and the agent's turns.
 */
import type {
  CallOptions,
  ChatEvent,
  ChatProvider,
  ChatRequest,
  DoneEvent,
  ToolCallEvent,
} from "./types.ts";

/** What a request answered. */
export interface Collected {
  text: string;
  calls: ToolCallEvent[];
  /** Absent when the stream ended without one. */
  done?: DoneEvent;
}

/** Runs `request` and collects its answer (see the module comment). */
export async function collectChat(
  provider: ChatProvider,
  request: ChatRequest,
  options: CallOptions,
  onEvent: (event: ChatEvent) => void = () => {},
): Promise<Collected> {
  const answer: Collected = { text: "", calls: [] };
  for await (const event of provider.chat(request, options)) {
    onEvent(event);
    if (event.type === "token") answer.text += event.text;
    else if (event.type === "tool_call") answer.calls.push(event);
    else if (event.type === "done") answer.done = event;
  }
  return answer;
}
