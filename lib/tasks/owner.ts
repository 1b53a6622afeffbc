/** Task owners: who a request may act for, and whether a task is theirs. */
import { type GuardContext, requireProfile } from "../auth/guard.ts";
import type { TaskOwner } from "./types.ts";

/** The admin, as a task owner. */
export const ADMIN: TaskOwner = { kind: "admin" };
/** The setup wizard, as a task owner. */
export const SETUP: TaskOwner = { kind: "setup" };

/** A profile, as a task owner. */
export function profileOwner(id: string): TaskOwner {
  return { kind: "profile", id };
}

/** Whether `a` and `b` are the same owner. */
export function sameOwner(a: TaskOwner, b: TaskOwner): boolean {
  return a.kind === b.kind && (a.kind !== "profile" || a.id === (b as { id: string }).id);
}

/** The part of a request's state that says who it acts for. */
export interface OwnerState {
  profile?: { id: string };
  admin?: boolean;
  setup?: boolean;
}

/**
 * Every owner a request may act for: its device's profile, the admin with a live admin login,
 * the wizard while setup runs (from the box itself or with the setup code).
 */
export function ownersOf(state: OwnerState): TaskOwner[] {
  const owners: TaskOwner[] = [];
  if (state.profile) owners.push(profileOwner(state.profile.id));
  if (state.admin) owners.push(ADMIN);
  if (state.setup) owners.push(SETUP);
  return owners;
}

/**
 * `ownersOf(state)` for a task route; a request that acts for nobody (no profile picked yet, no
 * admin login, not the wizard) gets 401 `profile_required`, as every profile API answers it.
 */
export function requireOwners(state: GuardContext["state"] & OwnerState): TaskOwner[] {
  const owners = ownersOf(state);
  if (!owners.length) requireProfile({ state });
  return owners;
}
