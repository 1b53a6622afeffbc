/**
 * "Read aloud" under a reply (when the box has a speech server): the tap starts playback at
 * once (see `readAloud`), a second tap stops it; a failure is said beside the button.
 */
import { useContext, useEffect, useRef, useState } from "preact/hooks";
import { errorText } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";
import { type PlayState, readAloud, speakable, SpeechOn, stopReading } from "./voice.ts";

/** The read-aloud button of one reply. */
export function ReadAloud({ text, t }: { text: string; t: Translate }) {
  const on = useContext(SpeechOn);
  const [state, setState] = useState<PlayState>("idle");
  const [error, setError] = useState("");
  const mine = useRef(false);
  useEffect(() => () => void (mine.current && stopReading()), []);
  const words = speakable(text);
  if (!on || !words) return null;
  const busy = state !== "idle";
  const label = busy ? t("voice.stopReading") : t("voice.read");
  const update = (next: PlayState) => {
    mine.current = next !== "idle";
    setState(next);
  };
  const start = () => {
    setError("");
    readAloud(words, update, (err) => setError(errorText(err, t("voice.readFailed"))));
  };
  return (
    <>
      <button
        type="button"
        class="chat-chip msg-read"
        data-state={state}
        aria-pressed={busy}
        title={label}
        onClick={() => busy ? stopReading() : start()}
      >
        {label}
      </button>
      {error && <span class="msg-read-error" role="alert">{error}</span>}
    </>
  );
}
