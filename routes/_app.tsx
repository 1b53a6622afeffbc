import { HttpError } from "../lib/http/errors.ts";
import { pageTitle } from "../components/title.ts";
import { asset } from "../lib/web/build/assets.ts";
import { manifestPath } from "../lib/web/build/webmanifest.ts";
import { ReadOnlyBanner } from "../components/ReadOnlyBanner.tsx";
import { define } from "../utils.ts";

/** The HTML shell of every page. */
export default define.page(function App({ Component, state, url, error }) {
  const status = error === undefined ? undefined : error instanceof HttpError ? error.status : 500;
  const title = pageTitle(state.t, url.pathname, { named: state.title, status });
  return (
    <html lang={state.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="theme-color" content="#b4441c" />
        <meta name="color-scheme" content="light dark" />
        <meta name="description" content={state.t("app.tagline")} />
        <title>{title}</title>
        <link rel="manifest" href={asset(manifestPath(state.locale))} />
        <link rel="icon" href={asset("/icon.svg")} type="image/svg+xml" />
        <link rel="apple-touch-icon" href={asset("/apple-touch-icon.png")} />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body>
        <ReadOnlyBanner failure={state.services.readOnly} t={state.t} />
        <Component />
      </body>
    </html>
  );
});
