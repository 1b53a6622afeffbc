/**
 * The admin's profile list: add a member (name, avatar, optional PIN, time zone), change a
 * profile's name, avatar, PIN or time zone, its agent switches and a member's limits, delete a
 * member. The admin profile cannot be deleted (nor limited); while it has no PIN, a warning above
 * the list says so and opens its form.
 */
import { useSignal } from "@preact/signals";
import { AgentSwitches } from "../components/admin/AgentSwitches.tsx";
import { LimitsEditor } from "../components/admin/LimitsEditor.tsx";
import { AVATARS } from "../components/auth/avatars.ts";
import type { Profile, ProfileSaved } from "../lib/auth/types.ts";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";
import { fill } from "../lib/i18n/format.ts";

interface Props {
  profiles: Profile[];
  /** The profile whose form is open at first (`/admin/profiles?edit=<id>`). */
  edit?: string | null;
  /** The `auth.*` messages in the page's language. */
  messages: Record<string, string>;
}

interface FormProps {
  m: Record<string, string>;
  initial?: Profile;
  submitLabel: string;
  /** Saves the values; throws to show an error. */
  onSubmit(values: Record<string, unknown>): Promise<void>;
  onCancel?: () => void;
}

/** This browser's IANA zone, or "" where it cannot say. */
function deviceZone(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone ?? "";
  } catch {
    return "";
  }
}

/** The zones this browser knows, offered as the time zone field's suggestions. */
function ZoneList() {
  const zones = typeof Intl.supportedValuesOf === "function"
    ? Intl.supportedValuesOf("timeZone")
    : [];
  return (
    <datalist id="hearth-time-zones">
      <option value="UTC" />
      {zones.map((z) => <option key={z} value={z} />)}
    </datalist>
  );
}

function ProfileForm({ m, initial, submitLabel, onSubmit, onCancel }: FormProps) {
  const name = useSignal(initial?.name ?? "");
  const avatar = useSignal(initial?.avatar ?? AVATARS[0]);
  const pin = useSignal("");
  const removePin = useSignal(false);
  const device = deviceZone();
  const timeZone = useSignal(initial?.timeZone ?? device);
  const error = useSignal("");
  const busy = useSignal(false);
  const choices = AVATARS.includes(avatar.value as typeof AVATARS[number])
    ? [...AVATARS]
    : [avatar.value, ...AVATARS];
  const group = `avatar-${initial?.id ?? "new"}`;

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = "";
    const values: Record<string, unknown> = { name: name.value, avatar: avatar.value };
    if (timeZone.value && timeZone.value !== initial?.timeZone) values.timeZone = timeZone.value;
    if (removePin.value) values.pin = null;
    else if (pin.value) values.pin = pin.value;
    try {
      await onSubmit(values);
      if (!initial) {
        name.value = "";
        pin.value = "";
      }
    } catch (err) {
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  return (
    // A changed field clears the error about what was sent before.
    <form class="profile-form" onSubmit={submit} onInput={() => (error.value = "")}>
      <label class="auth-field">
        <span>{m["auth.profiles.name"]}</span>
        <input
          name="name"
          required
          maxLength={40}
          value={name.value}
          onInput={(e) => (name.value = e.currentTarget.value)}
        />
      </label>
      <fieldset class="avatar-choice">
        <legend>{m["auth.profiles.avatar"]}</legend>
        {choices.map((a) => (
          <label key={a} class="avatar-option">
            <input
              type="radio"
              name={group}
              value={a}
              checked={avatar.value === a}
              onChange={() => (avatar.value = a)}
            />
            <span class="auth-avatar auth-avatar-sm">{a}</span>
          </label>
        ))}
      </fieldset>
      <label class="auth-field">
        <span>{initial?.hasPin ? m["auth.profiles.newPin"] : m["auth.profiles.pin"]}</span>
        <input
          name="pin"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          pattern="[0-9]{4,8}"
          maxLength={8}
          value={pin.value}
          disabled={removePin.value}
          onInput={(e) => (pin.value = e.currentTarget.value.replace(/\D/g, ""))}
        />
      </label>
      <label class="auth-field">
        <span>{m["auth.profiles.timeZone"]}</span>
        <input
          name="timeZone"
          list="hearth-time-zones"
          autoComplete="off"
          spellcheck={false}
          maxLength={64}
          value={timeZone.value}
          onInput={(e) => (timeZone.value = e.currentTarget.value.trim())}
        />
      </label>
      {device && timeZone.value !== device && (
        <button type="button" class="button auth-quiet" onClick={() => (timeZone.value = device)}>
          {fill(m["auth.profiles.thisDevice"], { zone: device })}
        </button>
      )}
      {initial?.hasPin && (
        <label class="auth-check">
          <input
            type="checkbox"
            checked={removePin.value}
            onChange={(e) => (removePin.value = e.currentTarget.checked)}
          />
          {m["auth.profiles.removePin"]}
        </label>
      )}
      <p class="auth-error" role="alert">{error.value}</p>
      <div class="auth-actions">
        <button type="submit" class="button" disabled={busy.value}>
          {busy.value ? m["auth.ui.busy"] : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button auth-quiet" onClick={onCancel}>
            {m["auth.profiles.cancel"]}
          </button>
        )}
      </div>
    </form>
  );
}

export default function ProfileManager({ profiles, edit, messages: m }: Props) {
  const list = useSignal(profiles);
  const editing = useSignal<string | null>(
    profiles.some((p) => p.id === edit) ? edit ?? null : null,
  );
  const notice = useSignal("");
  const error = useSignal("");

  const replace = (p: Profile) => {
    const known = list.value.some((x) => x.id === p.id);
    list.value = known ? list.value.map((x) => (x.id === p.id ? p : x)) : [...list.value, p];
  };

  const path = (id: string) => `/api/admin/profiles/${encodeURIComponent(id)}`;

  const create = async (values: Record<string, unknown>) => {
    notice.value = "";
    const { profile } = await apiJson<ProfileSaved>("/api/admin/profiles", "POST", values);
    replace(profile);
    notice.value = m["auth.profiles.saved"];
  };

  const save = (id: string) => async (values: Record<string, unknown>) => {
    notice.value = "";
    const { profile, signedOut } = await apiJson<ProfileSaved>(path(id), "PATCH", values);
    replace(profile);
    editing.value = null;
    notice.value = signedOut ? m["auth.profiles.signedOut"] : m["auth.profiles.saved"];
  };

  const remove = async (p: Profile) => {
    if (!confirm(fill(m["auth.profiles.confirmDelete"], { name: p.name }))) return;
    error.value = "";
    try {
      await apiJson(path(p.id), "DELETE");
    } catch (err) {
      // 404: deleted already, which is what was asked.
      if (!(err instanceof ApiError && err.status === 404)) {
        error.value = errorText(err, m["auth.ui.network"]);
        return;
      }
    }
    list.value = list.value.filter((x) => x.id !== p.id);
  };

  const open = list.value.find((p) => p.isAdmin && !p.hasPin);

  return (
    <div class="profile-manager">
      <ZoneList />
      {open && (
        <p class="auth-warn" role="note" data-notice="no-pin">
          {fill(m["auth.profiles.noPin"], { name: open.name })}
          {editing.value !== open.id && (
            <button type="button" class="button" onClick={() => (editing.value = open.id)}>
              {m["auth.profiles.setPin"]}
            </button>
          )}
        </p>
      )}
      <p class="auth-note" role="status">{notice.value}</p>
      <p class="auth-error" role="alert">{error.value}</p>
      <ul class="manage-list">
        {list.value.map((p) => (
          <li key={p.id} class="manage-row" data-profile={p.id}>
            <div class="manage-head">
              <span class="auth-avatar auth-avatar-sm" aria-hidden="true">{p.avatar}</span>
              <strong class="manage-name">{p.name}</strong>
              {p.isAdmin && <span class="badge">{m["auth.profiles.admin"]}</span>}
              {p.hasPin && <span class="badge">{m["auth.profiles.hasPin"]}</span>}
              <span class="manage-actions">
                <button
                  type="button"
                  class="button auth-quiet"
                  aria-expanded={editing.value === p.id}
                  onClick={() => (editing.value = editing.value === p.id ? null : p.id)}
                >
                  {m["auth.profiles.edit"]}
                </button>
                {!p.isAdmin && (
                  <button
                    type="button"
                    class="button auth-danger"
                    onClick={() => remove(p)}
                  >
                    {m["auth.profiles.delete"]}
                  </button>
                )}
              </span>
            </div>
            {editing.value === p.id && (
              <>
                <ProfileForm
                  m={m}
                  initial={p}
                  submitLabel={m["auth.profiles.save"]}
                  onSubmit={save(p.id)}
                  onCancel={() => (editing.value = null)}
                />
                <AgentSwitches m={m} profileId={p.id} />
                {!p.isAdmin && <LimitsEditor m={m} profileId={p.id} />}
              </>
            )}
          </li>
        ))}
      </ul>
      <section class="panel">
        <h2>{m["auth.profiles.add"]}</h2>
        <ProfileForm m={m} submitLabel={m["auth.profiles.create"]} onSubmit={create} />
      </section>
    </div>
  );
}
