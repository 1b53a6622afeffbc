import { QrCode } from "../components/QrCode.tsx";
import { SECTIONS } from "../lib/sections.ts";
import { define } from "../lib/web/define.ts";

/** Home: what is here, and how to open Hearth on another device. */
export default define.page(function Home({ state, url }) {
  const { services } = state;
  // The LAN address is what a phone needs; fall back to what this browser used.
  const phoneUrl = services.urls.find((u) => !u.includes("localhost")) ?? url.origin + "/";
  return (
    <>
      <section class="hero">
        <h1>Welcome to Hearth</h1>
        <p>
          Your private assistant, running on this box. Everything you write here stays in your home.
        </p>
      </section>
      <section class="cards" aria-label="Sections">
        {SECTIONS.filter((s) => !s.admin).map((s) => (
          <a key={s.slug} class="card" href={`/${s.slug}`}>
            <span class="card-icon" aria-hidden="true">{s.icon}</span>
            <span class="card-title">
              {s.title}
              {!s.ready && <span class="badge">Coming soon</span>}
            </span>
            <span class="card-text">{s.summary}</span>
          </a>
        ))}
      </section>
      <section class="panel phone">
        <div>
          <h2>Open Hearth on your phone</h2>
          <p>
            Scan the code with your phone's camera, or type <a href={phoneUrl}>{phoneUrl}</a>{" "}
            into its browser. The phone must be on the same network.
          </p>
          <p class="muted">Hearth {services.version}</p>
        </div>
        <QrCode text={phoneUrl} label={`QR code for ${phoneUrl}`} />
      </section>
    </>
  );
});
