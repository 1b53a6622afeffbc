/**
 * Agent mode in the chat, loaded with the lazy chunk (`assistant_ui.tsx` re-exports it): the
 * steps under a reply (one collapsible row per tool call: icon by risk, name, summary, duration;
 * open, its arguments and result), the approval card of a step that waits for the person, and
 * the profile's "Ask me before…" settings. A made or changed file links to the workspace panel
 * when it is loaded (`workspace_slot.ts`), else to its download.
 */
import { useSignal } from "@preact/signals";
import type { Signal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  type AgentSettings,
  type ApprovalRequest,
  approvalUrl,
  type Risk,
  type ToolStep,
} from "../../lib/agent/types.ts";
import { apiJson, errorText } from "../../lib/client/api.ts";
import type { Translate } from "../../lib/i18n/format.ts";

/** The risk's icon: drawn by the style sheet (`.agent-icon[data-risk]`), so no script carries it. */
const RiskIcon = ({ risk }: { risk: Risk }) => (
  <span class="agent-icon" data-risk={risk} aria-hidden="true" />
);

/**
 * The conversation the page shows (`/chat/{id}`; a new chat's URL is set at its first reply).
 * Read in the browser only: the server renders the saved steps too, without a location.
 */
const conversationId = () => decodeURIComponent(location.pathname.split("/")[2] ?? "");

/** The cookie-authenticated download of a workspace file (a plain link cannot send the header). */
export const fileUrl = (convId: string, path: string) =>
  `/chat/${encodeURIComponent(convId)}/files?path=${encodeURIComponent(path)}`;

/** Arguments or a result as readable text: strings as they are, anything else as JSON. */
function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** The arguments, one line each ("path: notes.md"); long values cut for the card. */
function Arguments({ args, cut }: { args: Record<string, unknown>; cut?: number }) {
  const entries = Object.entries(args);
  if (!entries.length) return null;
  return (
    <dl class="agent-args">
      {entries.map(([key, value]) => {
        const text = show(value);
        return (
          <div key={key}>
            <dt>{key}</dt>
            <dd dir="auto">{cut && text.length > cut ? `${text.slice(0, cut)}…` : text}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** Opens the workspace panel on a file (`openWorkspace` of `workspace_slot.ts`, handed down). */
type Open = (convId: string, path: string) => void;

/** A link to the file a step made or changed (its address is set once in the browser). */
function FileLink({ path, t, onFile }: { path: string; t: Translate; onFile?: Open }) {
  const conv = useSignal("");
  useEffect(() => void (conv.value = conversationId()), []);
  return (
    <a
      class="agent-file"
      href={conv.value ? fileUrl(conv.value, path) : undefined}
      download
      onClick={(e) => {
        // The workspace panel shows it; the link stays a download without script.
        if (!onFile) return;
        e.preventDefault();
        onFile(conv.value, path);
      }}
    >
      {t("agent.file", { path })}
    </a>
  );
}

/** One tool call. */
function Step({ step, t, onFile }: { step: ToolStep; t: Translate; onFile?: Open }) {
  const ended = step.state !== "running" && step.state !== "waiting";
  const ms = step.durationMs;
  const seconds = ms === undefined
    ? ""
    : ms < 1000
    ? t("agent.ms", { n: Math.round(ms) })
    : t("agent.seconds", { n: (ms / 1000).toFixed(1) });
  return (
    <li class="agent-step" data-state={step.state} data-risk={step.risk}>
      <details>
        <summary>
          <RiskIcon risk={step.risk} />
          {!ended && <span class="agent-spin" aria-hidden="true" />}
          <code class="agent-name">{step.name}</code>
          <span class="agent-summary" dir="auto">
            {step.summary ?? t(`agent.state.${step.state}`)}
          </span>
          {ended && step.state !== "done" && (
            <span class="agent-state">{t(`agent.state.${step.state}`)}</span>
          )}
          {seconds && <span class="agent-time muted">{seconds}</span>}
        </summary>
        <div class="agent-detail">
          <p class="agent-label">{t("agent.arguments")}</p>
          <Arguments args={step.arguments} />
          {step.result !== undefined && (
            <>
              <p class="agent-label">{t("agent.result")}</p>
              <pre class="agent-result" dir="auto">{step.result}</pre>
            </>
          )}
        </div>
      </details>
      {step.path && step.state === "done" && <FileLink path={step.path} t={t} onFile={onFile} />}
    </li>
  );
}

/** A step waiting for the person: what it wants to do, in words, and Approve / Deny. */
export function ApprovalCard({ request, t }: { request: ApprovalRequest; t: Translate }) {
  const decided = useSignal<ApprovalRequest["decision"]>(undefined);
  const busy = useSignal(false);
  const error = useSignal("");
  const decision = request.decision ?? decided.value;
  const decide = async (approve: boolean) => {
    busy.value = true;
    error.value = "";
    try {
      const r = await apiJson<ApprovalRequest>(approvalUrl(request.id), "POST", { approve });
      decided.value = r.decision ?? (approve ? "approved" : "denied");
    } catch (err) {
      error.value = errorText(err, t("error.network"));
    } finally {
      busy.value = false;
    }
  };
  const title = `agent-ask-${request.id}`;
  return (
    <section
      class="agent-approval"
      role="group"
      aria-labelledby={title}
      data-decision={decision ?? "pending"}
    >
      <p class="agent-approval-head" id={title}>
        <RiskIcon risk={request.risk} />
        {/* Announced when the card appears: the reply waits for the person. */}
        <strong role={decision ? undefined : "alert"}>{t(`agent.want.${request.risk}`)}</strong>
        <code class="agent-name">{request.name}</code>
      </p>
      <Arguments args={request.arguments} cut={600} />
      {decision
        ? <p class="agent-decision" role="status">{t(`agent.decision.${decision}`)}</p>
        : (
          <div class="agent-approval-actions">
            <button
              type="button"
              class="button"
              disabled={busy.value}
              onClick={() => decide(true)}
            >
              {t("agent.approve")}
            </button>
            <button
              type="button"
              class="button auth-quiet"
              disabled={busy.value}
              onClick={() => decide(false)}
            >
              {t("agent.deny")}
            </button>
          </div>
        )}
      {error.value && <p class="msg-status msg-status-error" role="alert">{error.value}</p>}
    </section>
  );
}

/** An agent reply's steps and, while it streams, its approvals (each under its step). */
export function AgentSteps(
  { steps = [], approvals = [], t, onFile }: {
    steps?: ToolStep[];
    approvals?: ApprovalRequest[];
    t: Translate;
    onFile?: Open;
  },
) {
  if (!steps.length && !approvals.length) return null;
  const stepIds = new Set(steps.map((s) => s.id));
  const orphans = approvals.filter((a) => !stepIds.has(a.stepId));
  // A <section>: while the page hydrates without this chunk, the server's copy is left over and
  // removed, never taken for a sibling <div> (Preact matches leftover nodes by tag name).
  return (
    <section class="agent-steps" aria-label={t("agent.steps")}>
      <ol>
        {steps.map((step) => (
          <>
            <Step key={step.id} step={step} t={t} onFile={onFile} />
            {approvals.filter((a) => a.stepId === step.id).map((a) => (
              <li key={a.id} class="agent-step-ask">
                <ApprovalCard request={a} t={t} />
              </li>
            ))}
          </>
        ))}
      </ol>
      {orphans.map((a) => <ApprovalCard key={a.id} request={a} t={t} />)}
    </section>
  );
}

const RISKS = ["write", "network", "exec"] as const;

/**
 * The profile's "Ask me before…" settings (`GET/PUT /api/agent/settings`): which kinds of tools
 * wait for approval. Fetching pages and running commands show only as the admin allowed them.
 */
export function AgentAsk({ t, open }: { t: Translate; open: Signal<boolean> }) {
  const settings = useSignal<AgentSettings | null>(null);
  const error = useSignal("");
  const saved = useSignal(false);
  useEffect(() => {
    apiJson<AgentSettings>("/api/agent/settings").then(
      (s) => settings.value = s,
      (err) => error.value = errorText(err, t("error.network")),
    );
  }, []);
  const s = settings.value;
  const change = async (risk: typeof RISKS[number], on: boolean) => {
    if (!s) return;
    const approve = { ...s.approve, [risk]: on };
    saved.value = false;
    error.value = "";
    try {
      settings.value = await apiJson<AgentSettings>("/api/agent/settings", "PUT", { approve });
      saved.value = true;
    } catch (err) {
      error.value = errorText(err, t("error.network"));
    }
  };
  const allowed = (risk: typeof RISKS[number]) =>
    risk === "write" || (risk === "network" ? s?.allowNetwork : s?.allowExec);
  return (
    <fieldset class="agent-ask">
      <legend>{t("agent.ask.title")}</legend>
      {s && RISKS.map((risk) => (
        <label key={risk} class="agent-ask-row">
          <input
            type="checkbox"
            checked={s.approve[risk]}
            onChange={(e) => change(risk, e.currentTarget.checked)}
          />
          <span>{t(`agent.ask.${risk}`)}</span>
          {!allowed(risk) && <span class="muted">{t("agent.ask.notAllowed")}</span>}
        </label>
      ))}
      <p class="agent-ask-foot">
        <span role="status">{saved.value ? t("agent.ask.saved") : ""}</span>
        <button type="button" class="chat-chip" onClick={() => open.value = false}>
          {t("close")}
        </button>
      </p>
      {error.value && <p class="msg-status msg-status-error" role="alert">{error.value}</p>}
    </fieldset>
  );
}
