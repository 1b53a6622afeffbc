/**
 * The admin's agent switches for one profile, under its form on the profiles page: may its agent
 * fetch web pages, may it run commands, and how much its workspaces may hold (empty: the
 * household default). `GET/PUT /api/admin/profiles/{id}/agent`.
 */
import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AgentSettings } from "../../lib/agent/types.ts";
import { apiJson, errorText } from "../../lib/client/api.ts";
import { fill } from "../../lib/i18n/format.ts";
import { WORKSPACE_LIMITS } from "../../lib/workspace/types.ts";

const MB = 1024 * 1024;

/** The admin's URL of a profile's agent settings. */
export const adminAgentUrl = (id: string) => `/api/admin/profiles/${encodeURIComponent(id)}/agent`;

/** Megabytes as the field shows them: empty for the household default. */
const shownMb = (bytes: number) =>
  bytes === WORKSPACE_LIMITS.quotaBytes ? "" : String(Math.round(bytes / MB));

/** The switches of profile `profileId`; `m` holds the `auth.*` messages. */
export function AgentSwitches({ m, profileId }: { m: Record<string, string>; profileId: string }) {
  const network = useSignal(false);
  const exec = useSignal(false);
  const quota = useSignal("");
  const loaded = useSignal(false);
  const busy = useSignal(false);
  const notice = useSignal("");
  const error = useSignal("");
  const show = (s: AgentSettings) => {
    network.value = s.allowNetwork;
    exec.value = s.allowExec;
    quota.value = shownMb(s.quotaBytes);
    loaded.value = true;
  };
  useEffect(() => {
    apiJson<AgentSettings>(adminAgentUrl(profileId)).then(
      show,
      (err) => error.value = errorText(err, m["auth.ui.network"]),
    );
  }, [profileId]);

  const save = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    notice.value = "";
    error.value = "";
    const mb = quota.value.trim();
    try {
      show(
        await apiJson<AgentSettings>(adminAgentUrl(profileId), "PUT", {
          allowNetwork: network.value,
          allowExec: exec.value,
          quotaBytes: mb ? Math.round(Number(mb) * MB) : null,
        }),
      );
      notice.value = m["auth.profiles.saved"];
    } catch (err) {
      error.value = errorText(err, m["auth.ui.network"]);
    } finally {
      busy.value = false;
    }
  };

  // Each switch: its value, its field's name, its words.
  const switches = [[network, "allowNetwork", "network"], [exec, "allowExec", "exec"]] as const;
  return (
    <form class="agent-admin" data-agent={profileId} onSubmit={save}>
      <fieldset disabled={!loaded.value || busy.value}>
        <legend>{m["auth.profiles.agent.title"]}</legend>
        {switches.map(([on, name, key]) => (
          <label key={name}>
            <input
              type="checkbox"
              name={name}
              checked={on.value}
              onChange={(e) => on.value = e.currentTarget.checked}
            />
            {m[`auth.profiles.agent.${key}`]}
          </label>
        ))}
        <label class="auth-field">
          <span>{m["auth.profiles.agent.quota"]}</span>
          <input
            name="quota"
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            value={quota.value}
            placeholder={fill(m["auth.profiles.agent.quotaHint"], {
              mb: WORKSPACE_LIMITS.quotaBytes / MB,
            })}
            onInput={(e) => quota.value = e.currentTarget.value}
          />
        </label>
        <p class="auth-note" role="status">{notice.value}</p>
        <p class="auth-error" role="alert">{error.value}</p>
        <div class="auth-actions">
          <button type="submit" class="button">{m["auth.profiles.agent.save"]}</button>
        </div>
      </fieldset>
    </form>
  );
}
