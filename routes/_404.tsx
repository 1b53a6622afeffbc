import { define } from "../lib/web/define.ts";

/** Shown for any page address that does not exist. */
export default define.page(function NotFound({ url }) {
  return (
    <section class="panel">
      <h1>Page not found</h1>
      <p>
        There is nothing at <code>{url.pathname}</code>. <a href="/">Go home</a>.
      </p>
    </section>
  );
});
