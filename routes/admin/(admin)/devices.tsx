import DeviceList from "../../../islands/DeviceList.tsx";
import { deviceCookie, deviceIdFor, type DeviceInfo, listDevices } from "../../../lib/auth/mod.ts";
import { messages } from "../../../lib/i18n/mod.ts";
import { page } from "../../../lib/web/define.ts";
import { define } from "../../../utils.ts";

interface Data {
  devices: DeviceInfo[];
  current: string | null;
}

/** `GET /admin/devices`: every browser that uses a profile, with a revoke button. */
export const handler = define.handlers({
  async GET(ctx) {
    const { db } = ctx.state.services;
    const devices = await listDevices(db);
    return page<Data>({ devices, current: await deviceIdFor(db, deviceCookie(ctx.req)) });
  },
});

export default define.page<typeof handler>(function Devices({ data, state: { t, locale } }) {
  return (
    <>
      <p class="auth-crumb">
        <a href="/admin">← {t("auth.admin.back")}</a>
      </p>
      <h1>{t("auth.devices.title")}</h1>
      <p class="muted">{t("auth.devices.text")}</p>
      <DeviceList
        devices={data.devices}
        current={data.current}
        locale={locale}
        messages={{ ...messages(locale, "auth.devices."), ...messages(locale, "auth.ui.") }}
      />
    </>
  );
});
