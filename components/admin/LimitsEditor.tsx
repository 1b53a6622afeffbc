/**
 * The admin's limits editor for one member profile, under its form on the profiles page
 * (SPEC §3): limited on/off, the models, tools, gems and documents it may use ("All of them" or
 * the ticked ones), quiet hours, replies per day, and today's replies.
 * `GET/PUT/DELETE /api/admin/profiles/{id}/limits`.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { apiJson, errorText } from "../../lib/client/api.ts";
import { fill } from "../../lib/i18n/format.ts";
import type { LimitOptions, LimitsShape, LimitsView } from "../limits/shape.ts";

/** The admin's URL of a profile's limits. */
export const adminLimitsUrl = (id: string) =>
  `/api/admin/profiles/${encodeURIComponent(id)}/limits`;

type Kind = "models" | "tools" | "gems" | "documents";
const KINDS: Kind[] = ["models", "tools", "gems", "documents"];

/** One kind's choice: null allows all, else the ticked ids. */
type Picks = Record<Kind, string[] | null>;

const NO_PICKS: Picks = { models: null, tools: null, gems: null, documents: null };

/** The options of a kind as `[id, label]`. */
function choices(options: LimitOptions, kind: Kind, shared: string): [string, string][] {
  if (kind === "models" || kind === "tools") return options[kind].map((n) => [n, n]);
  if (kind === "gems") return options.gems.map((g) => [g.id, `${g.icon} ${g.name}`]);
  return options.documents.map((d) => [d.id, d.shared ? `${d.name} (${shared})` : d.name]);
}

/** One kind's "All of them" switch and, when off, its boxes. */
function KindPicker(
  { m, kind, picks, options }: {
    m: Record<string, string>;
    kind: Kind;
    picks: Signal<Picks>;
    options: LimitOptions;
  },
) {
  const picked = picks.value[kind];
  const set = (value: string[] | null) => picks.value = { ...picks.value, [kind]: value };
  const list = choices(options, kind, m["limits.admin.shared"]);
  return (
    <fieldset class="limits-kind" data-kind={kind}>
      <legend>{m[`limits.admin.${kind}`]}</legend>
      <label>
        <input
          type="checkbox"
          name={`${kind}-all`}
          checked={picked === null}
          onChange={(e) => set(e.currentTarget.checked ? null : [])}
        />
        {m["limits.admin.all"]}
      </label>
      {picked !== null && (list.length
        ? (
          <div class="limits-boxes">
            {list.map(([id, label]) => (
              <label key={id}>
                <input
                  type="checkbox"
                  name={kind}
                  value={id}
                  checked={picked.includes(id)}
                  onChange={(e) =>
                    set(
                      e.currentTarget.checked ? [...picked, id] : picked.filter((p) => p !== id),
                    )}
                />
                <span>{label}</span>
              </label>
            ))}
          </div>
        )
        : <p class="muted">{m["limits.admin.nothing"]}</p>)}
    </fieldset>
  );
}

/** The editor of profile `profileId`; `m` holds the `auth.*` and `limits.admin.*` messages. */
export function LimitsEditor({ m, profileId }: { m: Record<string, string>; profileId: string }) {
  const limited = useSignal(false);
  const picks = useSignal<Picks>(NO_PICKS);
  const quietStart = useSignal("");
  const quietEnd = useSignal("");
  const daily = useSignal("");
  const options = useSignal<LimitOptions | null>(null);
  const usage = useSignal<LimitsView["usage"] | null>(null);
  const busy = useSignal(false);
  const notice = useSignal("");
  const error = useSignal("");
  const show = (view: LimitsView) => {
    const l = view.limits;
    limited.value = l !== null;
    picks.value = l
      ? { models: l.models, tools: l.tools, gems: l.gems, documents: l.documents }
      : NO_PICKS;
    quietStart.value = l?.quietStart ?? "";
    quietEnd.value = l?.quietEnd ?? "";
    daily.value = l?.dailyReplies === null || !l ? "" : String(l.dailyReplies);
    usage.value = view.usage;
  };
  useEffect(() => {
    apiJson<LimitsView & { options: LimitOptions }>(adminLimitsUrl(profileId)).then(
      (view) => {
        options.value = view.options;
        show(view);
      },
      (err) => error.value = errorText(err, m["auth.ui.network"]),
    );
  }, [profileId]);

  const save = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    notice.value = "";
    error.value = "";
    const n = daily.value.trim();
    const body: LimitsShape = {
      ...picks.value,
      quietStart: quietStart.value || null,
      quietEnd: quietEnd.value || null,
      dailyReplies: n ? Number(n) : null,
    };
    try {
      show(
        limited.value
          ? await apiJson<LimitsView>(adminLimitsUrl(profileId), "PUT", body)
          : await apiJson<LimitsView>(adminLimitsUrl(profileId), "DELETE"),
      );
      notice.value = m["limits.admin.saved"];
    } catch (err) {
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  const u = usage.value;
  return (
    <form class="limits-admin" data-limits={profileId} onSubmit={save}>
      <fieldset disabled={!options.value || busy.value}>
        <legend>{m["limits.admin.title"]}</legend>
        <label class="limits-switch">
          <input
            type="checkbox"
            name="limited"
            checked={limited.value}
            onChange={(e) => limited.value = e.currentTarget.checked}
          />
          {m["limits.admin.limited"]}
        </label>
        {limited.value && options.value && (
          <>
            <p class="muted">{m["limits.admin.intro"]}</p>
            {KINDS.map((kind) => (
              <KindPicker key={kind} m={m} kind={kind} picks={picks} options={options.value!} />
            ))}
            <fieldset class="limits-kind">
              <legend>{m["limits.admin.quiet"]}</legend>
              <div class="limits-times">
                <label class="auth-field">
                  <span>{m["limits.admin.quietFrom"]}</span>
                  <input
                    type="time"
                    name="quietStart"
                    value={quietStart.value}
                    onInput={(e) => quietStart.value = e.currentTarget.value}
                  />
                </label>
                <label class="auth-field">
                  <span>{m["limits.admin.quietUntil"]}</span>
                  <input
                    type="time"
                    name="quietEnd"
                    value={quietEnd.value}
                    onInput={(e) => quietEnd.value = e.currentTarget.value}
                  />
                </label>
              </div>
            </fieldset>
            <label class="auth-field">
              <span>{m["limits.admin.daily"]}</span>
              <input
                name="dailyReplies"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                value={daily.value}
                placeholder={m["limits.admin.dailyHint"]}
                onInput={(e) => daily.value = e.currentTarget.value}
              />
            </label>
          </>
        )}
        {u && (
          <p class="muted limits-usage">
            {fill(
              m[u.left === null ? "limits.admin.usage" : "limits.admin.usageLeft"],
              { replies: u.replies, left: u.left ?? 0 },
            )}
          </p>
        )}
        <p class="auth-note" role="status">{notice.value}</p>
        <p class="auth-error" role="alert">{error.value}</p>
        <div class="auth-actions">
          <button type="submit" class="button">{m["limits.admin.save"]}</button>
        </div>
      </fieldset>
    </form>
  );
}
