import { define } from "../lib/web/define.ts";

/** The page shown when the box cannot be reached. Static: no layout, no island, no script. */
export const config = { skipInheritedLayouts: true };

export default define.page(function Offline() {
  return (
    <section class="panel offline">
      <h1>Hearth is out of reach</h1>
      <p>
        This device cannot reach the Hearth box right now. Check that you are on the home network
        and that the box is switched on.
      </p>
      <p>
        <a href="/" class="button">Try again</a>
      </p>
    </section>
  );
});
