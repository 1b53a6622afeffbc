import { SetupFrame } from "../../components/setup/SetupFrame.tsx";
import SetupWizard from "../../islands/SetupWizard.tsx";
import { messages } from "../../lib/i18n/mod.ts";
import { setupStatus } from "../../lib/setup/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** The wizard's own chrome, without the app's navigation (nothing else is open yet). */
export const config = { skipInheritedLayouts: true };

/**
 * `/setup`: the setup wizard. Only reachable in setup mode, and from the LAN only with the
 * setup code (the gate sees to both); the island does the steps through `/api/setup/*`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { services, locale } = ctx.state;
    return page(await setupStatus(services, true, locale));
  },
});

/** The wizard's messages, without those only the terminal and the code page use. */
function wizardMessages(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(all).filter(([key]) => !/^setup\.(cli|code)\./.test(key)),
  );
}

export default define.page<typeof handler>(function Setup({ data, state: { locale } }) {
  return (
    <SetupFrame>
      <SetupWizard
        locale={locale}
        messages={wizardMessages(messages(locale, "setup."))}
        initial={data}
      />
    </SetupFrame>
  );
});
