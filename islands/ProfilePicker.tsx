/**
 * The profile picker: every profile as a big avatar button. A profile without a PIN opens at
 * once; one with a PIN shows a PIN pad (tap the digits or type them). Wrong PINs say so; too
 * many lock the pad for as long as the server says.
 */
import { useSignal } from "@preact/signals";
import { useLockout } from "../components/auth/lockout.ts";
import type { Profile } from "../lib/auth/types.ts";
import { apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";

interface Props {
  profiles: Profile[];
  /** The profile this device uses now, if any. */
  current: string | null;
  /** Where to go once a profile is picked (a same-site path). */
  next: string;
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];

export default function ProfilePicker({ profiles, current, next, messages: m }: Props) {
  const chosen = useSignal<Profile | null>(null);
  const pin = useSignal("");
  const error = useSignal("");
  const busy = useSignal(false);
  const lockout = useLockout();

  const select = async (profile: Profile, withPin?: string) => {
    busy.value = true;
    error.value = "";
    const path = `/api/profiles/${encodeURIComponent(profile.id)}/select`;
    try {
      await apiJson(path, "POST", withPin === undefined ? {} : { pin: withPin });
      location.assign(next);
    } catch (err) {
      pin.value = "";
      lockout.startFor(err);
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  const pick = (profile: Profile) => {
    if (!profile.hasPin) {
      select(profile);
      return;
    }
    pin.value = "";
    error.value = "";
    chosen.value = profile;
  };

  const signOut = async () => {
    busy.value = true;
    try {
      await apiJson("/api/profiles/signout", "POST");
      location.reload();
    } catch (err) {
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  const locked = lockout.seconds.value > 0;
  const profile = chosen.value;
  if (profile) {
    const press = (digit: string) => {
      error.value = "";
      if (pin.value.length < 8) pin.value += digit;
    };
    const submit = (e?: Event) => {
      e?.preventDefault();
      if (pin.value.length >= 4 && !busy.value && !locked) select(profile, pin.value);
    };
    return (
      <form class="pinpad" onSubmit={submit} data-profile={profile.id}>
        <span class="auth-avatar auth-avatar-lg" aria-hidden="true">{profile.avatar}</span>
        <h2>{fill(m["auth.pin.title"], { name: profile.name })}</h2>
        <label class="pin-field">
          <span class="sr-only">{m["auth.pin.label"]}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            pattern="[0-9]*"
            maxLength={8}
            value={pin.value}
            disabled={locked}
            autoFocus
            onInput={(e) => {
              error.value = "";
              pin.value = e.currentTarget.value.replace(/\D/g, "").slice(0, 8);
              e.currentTarget.value = pin.value;
            }}
          />
        </label>
        <p class="pin-error" role="alert">
          {locked ? fill(m["auth.ui.locked"], { seconds: lockout.seconds.value }) : error.value}
        </p>
        <div class="pin-keys">
          {KEYS.map((k) => (
            <button
              key={k}
              type="button"
              class="pin-key"
              disabled={locked}
              onClick={() => press(k)}
            >
              {k}
            </button>
          ))}
          <button
            type="button"
            class="pin-key pin-key-muted"
            aria-label={m["auth.pin.delete"]}
            disabled={locked}
            onClick={() => (pin.value = pin.value.slice(0, -1))}
          >
            ⌫
          </button>
          <button type="button" class="pin-key" disabled={locked} onClick={() => press("0")}>
            0
          </button>
          <button
            type="submit"
            class="pin-key pin-key-go"
            disabled={locked || busy.value || pin.value.length < 4}
          >
            {busy.value ? "…" : m["auth.pin.submit"]}
          </button>
        </div>
        <button type="button" class="auth-link" onClick={() => (chosen.value = null)}>
          {m["auth.pin.back"]}
        </button>
      </form>
    );
  }

  const currentProfile = profiles.find((p) => p.id === current);
  return (
    <div class="picker-body">
      <ul class="profile-grid">
        {profiles.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              class="profile-tile"
              aria-current={p.id === current ? "true" : undefined}
              disabled={busy.value}
              onClick={() => pick(p)}
            >
              <span class="auth-avatar" aria-hidden="true">{p.avatar}</span>
              <span class="profile-name">{p.name}</span>
              {p.hasPin && <span class="badge">{m["auth.picker.pinBadge"]}</span>}
            </button>
          </li>
        ))}
      </ul>
      <p class="pin-error" role="alert">{error.value}</p>
      {currentProfile && (
        <p class="muted picker-current">
          {fill(m["auth.picker.current"], { name: currentProfile.name })}{" "}
          <button type="button" class="auth-link" onClick={signOut} disabled={busy.value}>
            {m["auth.picker.signout"]}
          </button>
        </p>
      )}
    </div>
  );
}
