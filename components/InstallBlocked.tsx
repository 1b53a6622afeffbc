/**
 * Why Hearth did not run the Ollama installer, and the command to run in a terminal instead
 * (the setup wizard and the admin's model page). Browser-safe.
 */

interface Props {
  /** The sentence before the command, already translated. */
  text: string;
  command: string;
  /** Where it shows: the class of its page (`setup-note`, `models-note`). */
  class: string;
}

/** The reason and the command, the command selectable on its own line. */
export function InstallBlocked({ text, command, class: cls }: Props) {
  return (
    <div class={`${cls} install-blocked`} role="alert" data-blocked>
      <p>{text}</p>
      <pre class="install-command"><code>{command}</code></pre>
    </div>
  );
}
