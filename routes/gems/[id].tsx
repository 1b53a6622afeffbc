import { z } from "zod";
import GemRunner from "../../islands/GemRunner.tsx";
import { requireProfile } from "../../lib/auth/mod.ts";
import { gemDeps } from "../../lib/gems/deps.ts";
import { startGemRun } from "../../lib/gems/run.ts";
import { getGem, getRun } from "../../lib/gems/store.ts";
import { checkUse } from "../../lib/limits/check.ts";
import type { GemRun } from "../../lib/gems/types.ts";
import { ValidationError } from "../../lib/http/errors.ts";
import { readForm } from "../../lib/http/validate.ts";
import { localizedMessage } from "../../lib/i18n/errors.ts";
import { messages } from "../../lib/i18n/mod.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/** A form post's values (a photo needs the page's JavaScript). */
const formValues = z.record(z.string().max(40), z.string());

/**
 * `/gems/{id}`: the gem's form, rendered on the server. Without JavaScript the form posts here:
 * the run goes as with the island, the page waits for its end and shows it (`?run=<id>`, the
 * profile's own runs only); with JavaScript the `GemRunner` island streams it in place.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const profile = requireProfile(ctx);
    const { services, locale } = ctx.state;
    const gem = await getGem(services.db.kysely, ctx.params.id, locale);
    await checkUse(services.db.kysely, profile.id, "gems", gem.id, gem.name);
    ctx.state.title = gem.name;
    const runId = ctx.url.searchParams.get("run");
    const run = runId
      ? await getRun(services.db.kysely, profile.id, runId).catch(() => null)
      : null;
    return page({ gem, run: run?.gemId === gem.id ? run : null, error: null });
  },
  async POST(ctx) {
    const profile = requireProfile(ctx);
    const { services, locale } = ctx.state;
    const gem = await getGem(services.db.kysely, ctx.params.id, locale);
    ctx.state.title = gem.name;
    const form = await readForm(ctx.req, formValues, { limit: 512 * 1000 });
    const values = Object.fromEntries(
      Object.entries(form).filter(([k, v]) =>
        v !== "" && gem.fields.some((f) => f.name === k && f.type !== "image")
      ),
    );
    try {
      const started = await startGemRun(gemDeps(services, locale), {
        profileId: profile.id,
        gem,
        values,
      });
      await started.task.ended;
      return ctx.redirect(`/gems/${encodeURIComponent(gem.id)}?run=${started.runId}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return page({
        gem,
        run: null as GemRun | null,
        error: { field: err.field, message: localizedMessage(err, locale) },
      });
    }
  },
});

export default define.page<typeof handler>(function GemPage({ data, state: { t, locale } }) {
  const { gem, run } = data;
  return (
    <section class="gem-page">
      <p class="auth-crumb">
        <a href="/gems">← {t("gems.ui.back")}</a>
      </p>
      <h1>
        <span class="gem-icon" aria-hidden="true">{gem.icon}</span> {gem.name}
      </h1>
      {gem.description && <p class="muted">{gem.description}</p>}
      {data.error && <p class="gem-error" role="alert">{data.error.message}</p>}
      <GemRunner
        gem={{ id: gem.id, fields: gem.fields, json: gem.outputSchema !== null }}
        resume={run?.status === "running" && run.taskId
          ? { runId: run.id, taskId: run.taskId }
          : null}
        messages={messages(locale, "gems.ui.")}
      />
      {run && run.status !== "running" && (
        <section class="gem-result">
          <h2>{t("gems.ui.result")}</h2>
          {gem.outputSchema ? <pre class="gem-json">{run.output}</pre> : (
            <div
              class="msg-body md"
              dir="auto"
              // renderMarkdown's output: all source text escaped, a fixed set of tags.
              // deno-lint-ignore react-no-danger
              dangerouslySetInnerHTML={{ __html: renderMarkdown(run.output) }}
            />
          )}
          {run.error && <p class="gem-error">{run.error.message}</p>}
        </section>
      )}
    </section>
  );
});
