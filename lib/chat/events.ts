/** Stream events the chat engine and gem runs both send on from a provider. */
import type { WaitEvent } from "../ai/types.ts";

/** The data of the `wait` event sent to the client: the state, and the place when queued. */
export function waitData(event: WaitEvent): { state: WaitEvent["state"]; position?: number } {
  return event.position === undefined
    ? { state: event.state }
    : { state: event.state, position: event.position };
}
