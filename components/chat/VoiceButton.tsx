/**
 * Push-to-talk in the composer: tap to start recording, tap again to stop; the transcript is
 * added to the draft (never sent by itself). Where the page cannot record (plain http on the LAN:
 * no secure context, no microphone API) or the box has no speech server, the tap says why.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { errorText } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { Glyph } from "../Icon.tsx";
import { mic, stop } from "../icon_paths.ts";
import { canRecord, record, type Recording, transcribe } from "./voice.ts";

/** Props of `VoiceButton`. */
export interface VoiceButtonProps {
  t: Translate;
  /** The box has a speech server. */
  speech: boolean;
  disabled?: boolean;
  /** The transcript, to add to the draft. */
  onText(text: string): void;
  /** A sentence to show (or "" to clear the last one). */
  onMessage(message: string): void;
}

/** The microphone button. */
export function VoiceButton({ t, speech, disabled, onText, onMessage }: VoiceButtonProps) {
  const [state, setState] = useState<"idle" | "starting" | "recording" | "sending">("idle");
  const rec = useRef<Recording | null>(null);
  // Known only in the browser (the server renders it usable when the box has speech).
  const [secure, setSecure] = useState(true);
  useEffect(() => {
    setSecure(canRecord());
    return () => rec.current?.cancel();
  }, []);
  const usable = speech && secure;

  const tap = async () => {
    if (!speech) return onMessage(t("voice.off"));
    if (!canRecord()) return onMessage(t("voice.insecure"));
    if (state === "recording" && rec.current) {
      const current = rec.current;
      rec.current = null;
      setState("sending");
      try {
        const text = await transcribe(await current.stop());
        if (text) onText(text);
        else onMessage(t("voice.nothing"));
      } catch (err) {
        onMessage(errorText(err, t("voice.failed")));
      } finally {
        setState("idle");
      }
      return;
    }
    if (state !== "idle") return;
    onMessage("");
    setState("starting");
    try {
      rec.current = await record();
      setState("recording");
    } catch (err) {
      setState("idle");
      const name = (err as Error)?.name;
      onMessage(
        name === "NotAllowedError"
          ? t("voice.denied")
          : name === "NotFoundError"
          ? t("voice.noMic")
          : t("voice.failed"),
      );
    }
  };

  const recording = state === "recording";
  const label = recording
    ? t("voice.stop")
    : state === "sending"
    ? t("voice.sending")
    : t("voice.record");
  return (
    <button
      type="button"
      class="composer-photo composer-voice"
      data-state={state}
      aria-pressed={recording}
      aria-disabled={!usable || undefined}
      disabled={disabled || state === "sending" || state === "starting"}
      title={label}
      aria-label={label}
      onClick={tap}
    >
      <Glyph d={recording ? stop : mic} />
    </button>
  );
}
