/**
 * The agent's approvals (SPEC §10): a tool whose risk the profile wants to approve waits here
 * until the person decides (`POST /api/agent/approvals/{id}`), the approval expires (10 minutes:
 * it counts as denied), or the turn is stopped (denied). One `Approvals` per process
 * (`services.approvals`); nothing is stored, like the tasks: a restart ends every turn anyway.
 */
import { newId } from "../db/ids.ts";
import { HttpError } from "../http/errors.ts";
import type { ApprovalRequest } from "./types.ts";

/** How an approval ended. */
export type Decision = NonNullable<ApprovalRequest["decision"]>;

/** What a tool asks to do; `ask` adds the id and the expiry. */
export type ApprovalDraft = Omit<ApprovalRequest, "id" | "expiresAt" | "decision">;

/** A question that waits for its decision. */
export interface AskedApproval {
  /** The approval as the `approval` event carries it. */
  request: ApprovalRequest;
  /** Settles once: decided by the person, expired, or denied when the turn stops. */
  decision: Promise<Decision>;
}

interface Entry {
  profileId: string;
  request: ApprovalRequest;
  settle(decision: Decision): void;
  /** When it was decided (decided ones are kept a while, so a second decision is a 409). */
  decidedAt?: number;
}

/** Ten minutes, after which an approval nobody answered counts as denied. */
export const APPROVAL_TTL_MS = 10 * 60_000;

const notFound = () =>
  new HttpError(404, "approval_not_found", "There is no such approval (or it is not yours).");

/** Every approval this process waits for (see the module comment). */
export class Approvals {
  readonly #entries = new Map<string, Entry>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(opts: { ttlMs?: number; now?: () => number } = {}) {
    this.#ttlMs = opts.ttlMs ?? APPROVAL_TTL_MS;
    this.#now = opts.now ?? Date.now;
  }

  /**
   * Asks the profile to approve `draft`: answers the request (to stream as an `approval` event)
   * and its decision, which settles when the person decides, after the expiry (`expired`) or when
   * `signal` aborts (`denied`).
   */
  ask(profileId: string, draft: ApprovalDraft, signal: AbortSignal): AskedApproval {
    this.#sweep();
    const request: ApprovalRequest = {
      ...draft,
      id: newId(),
      expiresAt: new Date(this.#now() + this.#ttlMs).toISOString(),
    };
    let resolve!: (d: Decision) => void;
    const decision = new Promise<Decision>((r) => resolve = r);
    const entry: Entry = {
      profileId,
      request,
      settle: (d) => {
        if (entry.decidedAt !== undefined) return;
        entry.decidedAt = this.#now();
        request.decision = d;
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        resolve(d);
      },
    };
    const onAbort = () => entry.settle("denied");
    const timer = setTimeout(() => entry.settle("expired"), this.#ttlMs);
    this.#entries.set(request.id, entry);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    return { request, decision };
  }

  /**
   * The profile's decision on its approval `id`: answers the decided request. 404
   * `approval_not_found` for an unknown id or another profile's; 409 `approval_decided` when it
   * was decided already (or expired, or its turn stopped).
   */
  decide(profileId: string, id: string, approve: boolean): ApprovalRequest {
    this.#sweep();
    const entry = this.#entries.get(id);
    if (!entry || entry.profileId !== profileId) throw notFound();
    if (entry.decidedAt !== undefined) {
      throw new HttpError(409, "approval_decided", "This approval was already decided.");
    }
    entry.settle(approve ? "approved" : "denied");
    return { ...entry.request };
  }

  /** The profile's approvals that still wait, oldest first. */
  pending(profileId: string): ApprovalRequest[] {
    return [...this.#entries.values()]
      .filter((e) => e.profileId === profileId && e.decidedAt === undefined)
      .map((e) => ({ ...e.request }));
  }

  /** Denies every approval that still waits (the services close). */
  close() {
    for (const e of this.#entries.values()) e.settle("denied");
    this.#entries.clear();
  }

  /** Forgets what was decided longer ago than the expiry. */
  #sweep() {
    const before = this.#now() - this.#ttlMs;
    for (const [id, e] of this.#entries) {
      if (e.decidedAt !== undefined && e.decidedAt < before) this.#entries.delete(id);
    }
  }
}
