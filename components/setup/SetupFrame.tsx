import type { ComponentChildren } from "preact";
import { Icon } from "../Icon.tsx";

/** The wizard's page chrome: the brand and a narrow column; no app navigation yet. */
export function SetupFrame({ children }: { children: ComponentChildren }) {
  return (
    <div class="setup-shell">
      <header class="topbar">
        <span class="brand">
          <span class="brand-mark" aria-hidden="true">
            <Icon name="home" size={18} />
          </span>
          <span>Hearth</span>
        </span>
      </header>
      <main class="setup-main" id="main">{children}</main>
    </div>
  );
}
