import { HttpError } from "../lib/http/errors.ts";
import { findSection, type Section } from "../lib/sections.ts";
import { define } from "../lib/web/define.ts";

/** Sections that are not built yet: an honest "coming soon" page instead of a dead link. */
export const handler = define.handlers({
  GET(ctx) {
    const section = findSection(ctx.params.section);
    if (!section || section.ready) {
      throw new HttpError(404, "not_found", `There is no page at /${ctx.params.section}.`);
    }
    return { data: section };
  },
});

export default define.page<Section>(function ComingSoon({ data }) {
  return (
    <section class="panel">
      <h1>
        <span aria-hidden="true">{data.icon}</span> {data.title}
      </h1>
      <p>{data.summary}</p>
      <p class="badge">Coming soon</p>
      <p class="muted">
        This part of Hearth is not built yet. <a href="/">Back home</a>.
      </p>
    </section>
  );
});
