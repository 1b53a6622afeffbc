/**
 * The admin's device list: which browser uses which profile, when it was last seen, and a button
 * that revokes it at once.
 */
import { useSignal } from "@preact/signals";
import type { DeviceInfo } from "../lib/auth/types.ts";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";
import { fill, formatDateTime } from "../lib/i18n/format.ts";

interface Props {
  devices: DeviceInfo[];
  /** This browser's device id, if it uses a profile. */
  current: string | null;
  /** `en` or `de`, for dates. */
  locale: string;
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function DeviceList({ devices, current, locale, messages: m }: Props) {
  const list = useSignal(devices);
  const error = useSignal("");
  const busy = useSignal<string | null>(null);
  const when = (iso: string) => formatDateTime(iso, locale);

  const revoke = async (device: DeviceInfo) => {
    const question = fill(m["auth.devices.confirm"], {
      device: device.label,
      name: device.profile.name,
    });
    if (!confirm(question)) return;
    busy.value = device.id;
    error.value = "";
    try {
      await apiJson(`/api/admin/devices/${encodeURIComponent(device.id)}`, "DELETE");
    } catch (err) {
      // 404: revoked already (elsewhere), which is what was asked.
      if (!(err instanceof ApiError && err.status === 404)) {
        error.value = errorText(err, m["auth.ui.network"]);
        return;
      }
    } finally {
      busy.value = null;
    }
    // This browser just lost its profile: the page sends it to the picker.
    if (device.id === current) location.reload();
    list.value = list.value.filter((d) => d.id !== device.id);
  };

  if (list.value.length === 0) return <p class="muted">{m["auth.devices.empty"]}</p>;
  return (
    <div>
      <p class="auth-error" role="alert">{error.value}</p>
      <ul class="device-list">
        {list.value.map((d) => (
          <li key={d.id} class="device-row" data-device={d.id}>
            <span class="auth-avatar auth-avatar-sm" aria-hidden="true">{d.profile.avatar}</span>
            <span class="device-main">
              <strong>{d.profile.name}</strong>
              <span>
                {d.label}
                {d.id === current && <span class="badge">{m["auth.devices.this"]}</span>}
              </span>
            </span>
            <span class="device-times muted">
              <span>{m["auth.devices.lastSeen"]}: {when(d.lastSeenAt)}</span>
              <span>{m["auth.devices.since"]}: {when(d.createdAt)}</span>
            </span>
            <button
              type="button"
              class="button auth-danger"
              disabled={busy.value === d.id}
              onClick={() => revoke(d)}
            >
              {m["auth.devices.revoke"]}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
