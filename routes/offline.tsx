import { asset } from "../lib/web/build/assets.ts";
import { define } from "../utils.ts";

/**
 * The page shown when the box cannot be reached: the service worker precaches it and answers a
 * page it cannot fetch with it, under that page's URL. Static: no layout, no island, no script.
 */
export const config = { skipInheritedLayouts: true };

export default define.page(function Offline({ state: { t } }) {
  return (
    <section class="panel offline">
      {/* Precached by the service worker, like the stylesheet: it shows offline. */}
      <img class="offline-mark" src={asset("/icon-192.png")} alt="" width={64} height={64} />
      <h1>{t("offline.title")}</h1>
      <p>{t("offline.text")}</p>
      <p>
        {/* The worker shows this page in place of the one asked for: "" is that page again. */}
        <a href="" class="button">{t("offline.retry")}</a>
      </p>
    </section>
  );
});
