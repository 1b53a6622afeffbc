/**
 * Queries of a fixed shape, built and compiled by Kysely once and then run with new values. Kysely
 * builds and compiles a query in JavaScript on every call: in a profile of the chat benchmark that
 * was about 1 ms of each reply, and `nextSeq` took 0.29 ms through the builder against 0.05 ms
 * compiled once. The hottest queries (every request's device lookup, a reply's start) use this;
 * the rest stay plain builders.
 *
 * ```ts
 * const maxSeq = fixedQuery((db: DB, profileId: string, conversationId: string) =>
 *   owned(db, profileId).selectFrom("messages").select(...).where("conversation_id", "=", conversationId)
 * );
 * const { rows } = await maxSeq(tx, profile.id, conversation.id);
 * ```
 *
 * `build` is called once, with stand-ins for the arguments, so its SQL must not depend on their
 * values (no `if` on them). Arguments are strings, numbers, or `null` where a value is written
 * (an insert's column), never compared: an array, or anything else, is refused.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from "kysely";
import { runCompiled } from "./sqlite_dialect.ts";

/** An argument's place while the query is compiled. */
class Slot {
  constructor(readonly index: number) {}
}

/** `build` compiled on its first call; each call binds its own arguments. */
export function fixedQuery<DB, A extends (string | number | null)[], O>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<O>,
): (db: Kysely<DB>, ...args: A) => Promise<QueryResult<O>> {
  let compiled: { sql: string; parameters: readonly unknown[] } | undefined;
  return async (db, ...args) => {
    for (const arg of args) {
      if (arg !== null && typeof arg !== "string" && typeof arg !== "number") {
        throw new TypeError(`a fixed query takes strings, numbers and null, not ${typeof arg}`);
      }
    }
    if (!compiled) {
      const slots = args.map((_, i) => new Slot(i)) as unknown as A;
      const { sql, parameters } = build(db, ...slots).compile();
      const used = new Set(parameters.filter((p) => p instanceof Slot).map((p) => p.index));
      if (used.size !== args.length) throw new Error(`a fixed query left an argument out: ${sql}`);
      compiled = { sql, parameters };
    }
    const values = compiled.parameters.map((p) => p instanceof Slot ? args[p.index] : p);
    return await runCompiled<O, DB>(db, CompiledQuery.raw(compiled.sql, values));
  };
}
