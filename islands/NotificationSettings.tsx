/**
 * The notifications page's controls: turn push on or off on this device (the permission prompt
 * starts inside the tap, as browsers require), choose what to be notified about, send a test,
 * and see the profile's devices that have notifications on.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText } from "../lib/client/api.ts";
import {
  currentSubscription,
  pushSupport,
  subscribeThisDevice,
  unsubscribeThisDevice,
} from "../lib/client/push.ts";
import { fill, formatDateTime } from "../lib/i18n/format.ts";
import {
  PUSH_KINDS,
  type PushKind,
  type PushPreferences,
  type PushResult,
  type PushSubscriptionInfo,
} from "../lib/push/types.ts";

interface Props {
  preferences: PushPreferences;
  devices: PushSubscriptionInfo[];
  /** `en` or `de`, for dates. */
  locale: string;
  /** The `push.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function NotificationSettings(props: Props) {
  const m = props.messages;
  const support = useSignal<string>("ok");
  const on = useSignal<boolean | null>(null);
  const prefs = useSignal(props.preferences);
  const devices = useSignal(props.devices);
  const busy = useSignal(false);
  const status = useSignal("");
  const error = useSignal("");

  const refresh = async () => {
    devices.value = await apiJson<PushSubscriptionInfo[]>("/api/push/subscriptions");
  };
  useEffect(() => {
    support.value = pushSupport();
    if (support.value !== "ok") return;
    if (Notification.permission === "denied") support.value = "denied";
    // On only when the server has it for this profile too (a device that switched profile keeps
    // the browser's subscription, which "turn on" then moves to the new profile).
    currentSubscription().then(
      (sub) => on.value = sub !== null && devices.value.some((d) => d.thisDevice),
      () => on.value = false,
    );
  }, []);

  const run = async (work: () => Promise<void>) => {
    busy.value = true;
    error.value = "";
    status.value = "";
    try {
      await work();
    } catch (err) {
      error.value = errorText(err, m["push.network"]);
    } finally {
      busy.value = false;
    }
  };
  const enable = () =>
    run(async () => {
      try {
        const permission = await subscribeThisDevice();
        if (permission !== "granted") {
          support.value = permission === "denied" ? "denied" : support.value;
          return;
        }
      } catch (err) {
        // A browser's own refusal (no push service reachable, …) says what went wrong.
        if (err instanceof DOMException) {
          error.value = fill(m["push.failed"], { detail: err.message });
          return;
        }
        throw err;
      }
      on.value = true;
      await refresh();
    });
  const disable = () =>
    run(async () => {
      await unsubscribeThisDevice();
      on.value = false;
      await refresh();
    });
  const toggle = (kind: PushKind, value: boolean) =>
    run(async () => {
      prefs.value = await apiJson<PushPreferences>("/api/push/preferences", "PUT", {
        [kind]: value,
      });
    });
  const test = () =>
    run(async () => {
      const result = await apiJson<PushResult>("/api/push/test", "POST");
      status.value = result.sent
        ? fill(m["push.tested"], { sent: result.sent })
        : m["push.testNone"];
      await refresh();
    });
  const remove = (id: string) =>
    run(async () => {
      await apiJson(`/api/push/subscriptions/${encodeURIComponent(id)}`, "DELETE");
      await refresh();
      if (!devices.value.some((d) => d.thisDevice)) on.value = false;
    });

  const blocked = support.value !== "ok";
  return (
    <div class="push-settings">
      <section class="panel push-device">
        <h2>{m["push.device"]}</h2>
        {blocked
          ? (
            <p class="notice" role="status">
              {m[`push.${support.value}`]}{" "}
              {support.value === "insecure" && <a href="/trust">{m["push.trust"]}</a>}
            </p>
          )
          : (
            <>
              <p>{on.value ? m["push.on"] : on.value === false ? m["push.off"] : "\u00a0"}</p>
              <button
                type="button"
                class={on.value ? "button auth-quiet" : "button"}
                disabled={busy.value || on.value === null}
                onClick={on.value ? disable : enable}
              >
                {on.value ? m["push.disable"] : m["push.enable"]}
              </button>
            </>
          )}
      </section>
      <section class="panel">
        <h2>{m["push.kinds"]}</h2>
        {(Object.keys(PUSH_KINDS) as PushKind[]).map((kind) => (
          <label key={kind} class="push-kind">
            <input
              type="checkbox"
              checked={prefs.value[kind]}
              disabled={busy.value}
              onChange={(e) => toggle(kind, e.currentTarget.checked)}
            />
            <span>{m[`push.kind.${kind}`]}</span>
          </label>
        ))}
      </section>
      <section class="panel">
        <h2>{m["push.devices"]}</h2>
        {devices.value.length === 0
          ? <p class="muted">{m["push.devicesNone"]}</p>
          : (
            <ul class="push-devices">
              {devices.value.map((d) => (
                <li key={d.id}>
                  <span class="push-device-name">
                    {d.device || m["push.unknownDevice"]}
                    {d.thisDevice && <span class="badge">{m["push.device"]}</span>}
                  </span>
                  <span class="muted">
                    {formatDateTime(d.lastSuccessAt ?? d.createdAt, props.locale)}
                  </span>
                  <button
                    type="button"
                    class="button auth-quiet"
                    disabled={busy.value}
                    onClick={() => remove(d.id)}
                  >
                    {m["push.remove"]}
                  </button>
                </li>
              ))}
            </ul>
          )}
        <button type="button" class="button auth-quiet" disabled={busy.value} onClick={test}>
          {m["push.test"]}
        </button>
        <p role="status">{status.value}</p>
        <p class="auth-error" role="alert">{error.value}</p>
      </section>
    </div>
  );
}
