import { Nav } from "../components/Nav.tsx";
import ConnectionIndicator from "../islands/ConnectionIndicator.tsx";
import { asset } from "../lib/web/assets.ts";
import { define } from "../lib/web/define.ts";

/** The page chrome: header with brand and connection light, navigation, content. */
export default define.page(function Layout({ Component, url }) {
  return (
    <div class="shell">
      <header class="topbar">
        <a href="/" class="brand">
          <img src={asset("/icon.svg")} alt="" width="28" height="28" />
          <span>Hearth</span>
        </a>
        <ConnectionIndicator />
      </header>
      <Nav path={url.pathname} />
      <main class="content" id="main">
        <Component />
      </main>
    </div>
  );
});
