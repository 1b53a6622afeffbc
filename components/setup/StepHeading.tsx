import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * A step's heading. It takes the focus when the step appears, so a screen reader announces the
 * new step and the keyboard starts there.
 */
export function StepHeading({ text }: { text: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Not on the first render of the page: the browser's own focus handling applies there.
    if (document.readyState === "complete") ref.current?.focus();
  }, []);
  return <h1 ref={ref} tabIndex={-1} class="setup-heading">{text}</h1>;
}

/** The row of buttons under a step: back on the left, the main action on the right. */
export function StepActions(
  { back, children }: { back?: { label: string; onClick(): void }; children?: ComponentChildren },
) {
  return (
    <div class="setup-actions">
      {back && (
        <button type="button" class="button setup-quiet" onClick={back.onClick}>
          {back.label}
        </button>
      )}
      <span class="setup-actions-main">{children}</span>
    </div>
  );
}
