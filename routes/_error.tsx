import { HttpError } from "../lib/http/errors.ts";
import { define } from "../lib/web/define.ts";

/** Shown when a page fails. Never shows internals: only what an HttpError says to users. */
export default define.page(function ErrorPage({ error, state }) {
  const message = error instanceof HttpError
    ? error.message
    : "Something went wrong on the box. It has been logged.";
  return (
    <section class="panel">
      <h1>Sorry</h1>
      <p>{message}</p>
      <p class="muted">
        Reference: <code>{state.requestId}</code> · <a href="/">Go home</a>
      </p>
    </section>
  );
});
