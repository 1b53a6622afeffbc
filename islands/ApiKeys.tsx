/**
 * The profile's API keys on `/me/api-keys`: make one (name and scope), see it once with a copy
 * button and a warning, list them (prefix, scope, made, last used) and revoke one.
 */
import { useSignal } from "@preact/signals";
import type { ApiKeyCreated, ApiKeyInfo, KeyScope } from "../lib/auth/types.ts";
import { ApiError, apiJson, errorText } from "../lib/client/api.ts";
import { fill, formatDateTime } from "../lib/i18n/format.ts";

interface Props {
  keys: ApiKeyInfo[];
  /** `en` or `de`, for dates. */
  locale: string;
  /** The `apikeys.*` messages in the page's language. */
  messages: Record<string, string>;
}

export default function ApiKeys({ keys, locale, messages: m }: Props) {
  const list = useSignal(keys);
  const made = useSignal<ApiKeyCreated | null>(null);
  const error = useSignal("");
  const busy = useSignal(false);
  const copied = useSignal(false);
  const name = useSignal("");
  const scope = useSignal<KeyScope>("chat");
  const when = (iso: string) => formatDateTime(iso, locale);

  const create = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = "";
    try {
      const created = await apiJson<ApiKeyCreated>("/api/keys", "POST", {
        name: name.value,
        scope: scope.value,
      });
      made.value = created;
      copied.value = false;
      name.value = "";
      list.value = [created.apiKey, ...list.value];
    } catch (err) {
      error.value = errorText(err, m["apikeys.network"]);
    } finally {
      busy.value = false;
    }
  };

  const copy = async () => {
    const input = document.getElementById("api-key-made") as HTMLInputElement | null;
    if (!input) return;
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      // No clipboard API on plain HTTP: select and copy the old way.
      input.select();
      document.execCommand("copy");
    }
    copied.value = true;
  };

  const revoke = async (key: ApiKeyInfo) => {
    if (!confirm(fill(m["apikeys.confirm"], { name: key.name }))) return;
    error.value = "";
    try {
      const { apiKey } = await apiJson<{ apiKey: ApiKeyInfo }>(
        `/api/keys/${encodeURIComponent(key.id)}`,
        "DELETE",
      );
      list.value = list.value.map((k) => (k.id === key.id ? apiKey : k));
      if (made.value?.apiKey.id === key.id) made.value = null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        list.value = list.value.filter((k) => k.id !== key.id);
      } else error.value = errorText(err, m["apikeys.network"]);
    }
  };

  return (
    <div class="api-keys" data-api-keys>
      {made.value && (
        <div class="ics-made" data-api-key-made>
          <p class="auth-note" role="status">
            {fill(m["apikeys.made"], { name: made.value.apiKey.name })}
          </p>
          <label class="auth-field">
            <span>{m["apikeys.key"]}</span>
            <input id="api-key-made" type="text" readOnly value={made.value.key} />
          </label>
          <div class="auth-actions">
            <button type="button" class="button auth-quiet" onClick={copy} data-api-key-copy>
              {copied.value ? m["apikeys.copied"] : m["apikeys.copy"]}
            </button>
          </div>
          <p class="api-key-warning">{m["apikeys.once"]}</p>
        </div>
      )}
      <form class="profile-form" onSubmit={create}>
        <label class="auth-field">
          <span>{m["apikeys.name"]}</span>
          <input
            type="text"
            name="name"
            required
            maxLength={100}
            placeholder={m["apikeys.placeholder"]}
            value={name.value}
            onInput={(e) => name.value = (e.target as HTMLInputElement).value}
          />
        </label>
        <label class="auth-field">
          <span>{m["apikeys.scope"]}</span>
          <select
            name="scope"
            value={scope.value}
            onChange={(e) => scope.value = (e.target as HTMLSelectElement).value as KeyScope}
          >
            <option value="chat">{m["apikeys.scope.chat"]}</option>
            <option value="read">{m["apikeys.scope.read"]}</option>
          </select>
        </label>
        <p class="auth-error" role="alert">{error.value}</p>
        <div class="auth-actions">
          <button type="submit" class="button" disabled={busy.value}>{m["apikeys.create"]}</button>
        </div>
      </form>
      {list.value.length === 0
        ? <p class="muted">{m["apikeys.empty"]}</p>
        : (
          <ul class="device-list" data-api-key-list>
            {list.value.map((k) => (
              <li key={k.id} class="device-row" data-api-key={k.id}>
                <span class="device-main">
                  <strong>{k.name}</strong>
                  <span>
                    <code>{k.prefix}…</code>{" "}
                    <span class="badge">{m[`apikeys.scope.${k.scope}`]}</span>
                  </span>
                </span>
                <span class="device-times muted">
                  <span>{fill(m["apikeys.created"], { date: when(k.createdAt) })}</span>
                  <span>
                    {k.revokedAt
                      ? fill(m["apikeys.revokedAt"], { date: when(k.revokedAt) })
                      : k.lastUsedAt
                      ? fill(m["apikeys.used"], { date: when(k.lastUsedAt) })
                      : m["apikeys.unused"]}
                  </span>
                </span>
                {!k.revokedAt && (
                  <button
                    type="button"
                    class="button auth-danger"
                    onClick={() => revoke(k)}
                  >
                    {m["apikeys.revoke"]}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
    </div>
  );
}
