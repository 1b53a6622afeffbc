import { Icon } from "../../components/Icon.tsx";
import { QrCode } from "../../components/QrCode.tsx";
import { formatDateTime } from "../../lib/i18n/format.ts";
import { trustInfo } from "../../lib/tls/trust.ts";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";

/**
 * No layout: the page is served on plain http too (a phone opens it before it trusts the CA),
 * where the layout's script and language form would be sent to https.
 */
export const config = { skipInheritedLayouts: true };

/** `/trust`: download the box's CA, compare its fingerprint, and trust it on each system. */
export const handler = define.handlers({
  async GET(ctx) {
    return page(await trustInfo(ctx.state.services, ctx.url));
  },
});

const SYSTEMS: { title: string; steps: string[] }[] = [
  { title: "trust.android", steps: ["trust.android.1", "trust.android.2", "trust.android.3"] },
  { title: "trust.ios", steps: ["trust.ios.1", "trust.ios.2", "trust.ios.3"] },
  { title: "trust.windows", steps: ["trust.windows.1", "trust.windows.2", "trust.windows.3"] },
  { title: "trust.macos", steps: ["trust.macos.1", "trust.macos.2", "trust.macos.3"] },
  { title: "trust.linux", steps: ["trust.linux.1", "trust.linux.2", "trust.linux.3"] },
  { title: "trust.firefox", steps: ["trust.firefox.1", "trust.firefox.2", "trust.firefox.3"] },
];

export default define.page<typeof handler>(function TrustPage({ data, state: { t, locale } }) {
  const { ca } = data;
  return (
    <main class="content trust" id="main">
      <p class="brand">
        <span class="brand-mark" aria-hidden="true">
          <Icon name="home" size={18} />
        </span>
        <span>Hearth</span>
      </p>
      <section class="hero">
        <h1>{t("trust.title")}</h1>
        <p>{t("trust.intro")}</p>
      </section>
      {ca
        ? (
          <section class="panel trust-ca">
            <p class="trust-downloads">
              <a class="button" href="/trust/ca.crt">{t("trust.download")}</a>
              <a href="/trust/ca.pem">{t("trust.downloadPem")}</a>
            </p>
            <h2>{t("trust.fingerprint")}</h2>
            <p>
              <code class="trust-fingerprint">{ca.fingerprint}</code>
            </p>
            <p class="muted">{t("trust.compare")}</p>
            <p class="muted">
              {t("trust.expires", { date: formatDateTime(ca.notAfter, locale) })}
            </p>
            {data.httpsUrl && (
              <p>
                <a href={data.httpsUrl}>{t("trust.open")}</a>
              </p>
            )}
          </section>
        )
        : (
          <section class="panel">
            <p>{t("trust.off")}</p>
          </section>
        )}
      <section class="panel">
        <h2>{t("trust.steps")}</h2>
        {SYSTEMS.map((s) => (
          <details key={s.title} class="trust-system">
            <summary>{t(s.title)}</summary>
            <ol>
              {s.steps.map((k) => <li key={k}>{t(k)}</li>)}
            </ol>
          </details>
        ))}
      </section>
      <section class="panel phone">
        <div>
          <h2>{t("trust.qr")}</h2>
          <p>
            <code class="trust-fingerprint">{data.pageUrl}</code>
          </p>
          <p class="muted">{t("trust.private")}</p>
        </div>
        <QrCode text={data.pageUrl} label={t("trust.qrLabel")} />
      </section>
    </main>
  );
});
