/**
 * Voice in the chat, in the browser: recording with `MediaRecorder` and sending it to
 * `POST /api/stt`, and reading replies aloud through `POST /api/tts`. What every chat page needs
 * (is there speech, can this page record, the tap that unlocks audio) is here; the recorder and
 * the player (`voice_io.ts`) load on the first tap, so the chat page does not carry them.
 * Playback must start inside the tap (iOS allows `play()` only there), so `readAloud` is called
 * from the click handler and plays a few milliseconds of silence at once on the one audio element
 * of the page; the element, unlocked by that tap, then plays the speech as it comes.
 */
import { createContext } from "preact";
import type { PlayState, Recording } from "./voice_io.ts";

export type { PlayState, Recording };

/** Whether the box has a speech server (the chat page's `speech` flag). */
export const SpeechOn = createContext(false);

/** 2 ms of silence (8 kHz, 8 bit): what the tap plays to unlock the audio element. */
const SILENCE = "data:audio/wav;base64," +
  "UklGRjQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YRAAAACAgICAgICAgICAgICAgICA";

/** The recorder and the player, loaded at the first tap that needs them. */
const io = () => import("./voice_io.ts");

/** Whether this page may use the microphone at all (a secure context with media devices). */
export function canRecord(): boolean {
  return globalThis.isSecureContext && !!navigator.mediaDevices?.getUserMedia &&
    typeof MediaRecorder !== "undefined";
}

/** Asks for the microphone and starts recording (the browser's own type: webm, mp4…). */
export async function record(): Promise<Recording> {
  return (await io()).record();
}

/** Sends a recording to the speech server; its text. */
export async function transcribe(audio: Blob): Promise<string> {
  return (await io()).transcribe(audio);
}

/** A reply's Markdown as text to read: no code blocks, no markup, link texts without URLs. */
export function speakable(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?(```|$)/g, " ")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[`*_~#>|]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

let audio: HTMLAudioElement | undefined;
let current: { stop(): void } | undefined;

/** Stops whatever is being read aloud. */
export function stopReading(): void {
  current?.stop();
}

/**
 * Reads `text` aloud. Call it from the click handler itself: the audio element is unlocked
 * with silence before anything is awaited, then the player loads and plays the speech.
 * `onState` hears loading, playing and idle (at the end, on stop, on failure); `onError` what
 * went wrong.
 */
export function readAloud(
  text: string,
  onState: (state: PlayState) => void,
  onError: (err: unknown) => void,
): void {
  stopReading();
  const el = audio ??= new Audio();
  el.src = SILENCE;
  el.play().catch(() => {});
  let player: { stop(): void } | undefined;
  let ended = false;
  const me = {
    stop() {
      if (ended) return;
      if (player) return player.stop();
      ended = true;
      if (current === me) current = undefined;
      onState("idle");
    },
  };
  current = me;
  onState("loading");
  const onEnd = () => {
    ended = true;
    if (current === me) current = undefined;
  };
  io().then(
    (m) => {
      if (!ended) player = m.play(el, text, onState, onError, onEnd);
    },
    (err) => {
      if (ended) return;
      me.stop();
      onError(err);
    },
  );
}
