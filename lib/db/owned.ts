/**
 * The one access path to per-profile rows (SPEC §3: nobody reads another profile's data by id).
 * `owned(kysely, profileId)` is a scope whose builders are already filtered on the owner, so a
 * store written through it cannot forget the filter, and whose by-id methods answer the same 404
 * for "missing" and "someone else's", so ids cannot even be probed:
 *
 * ```ts
 * const memoNotFound = () => new HttpError(404, "memo_not_found", "No such memo.");
 * const mine = owned(db.kysely, profile.id, { memos: memoNotFound });
 * await mine.insertInto("memos", { id, text }).execute(); // profile_id stamped
 * const memo = await mine.get("memos", id); // 404 memo_not_found unless it is the profile's
 * const page = await mine.selectFrom("memos").selectAll().orderBy("id").execute();
 * ```
 *
 * It works the same on a transaction (`owned(tx, …)`) and costs no extra statement: the filter is
 * one more term of the same SQL. The one deliberate exception is full-text search
 * (`lib/search/mod.ts`): its index also holds household-wide rows, so it filters
 * `profile_id = ? OR profile_id IS NULL` in its own prepared SQL. Devices also name a profile but
 * are the household's, which the admin lists and revokes (`lib/auth/devices.ts`).
 * `tests/owned_routes_test.ts` makes every table with a `profile_id` column say which it is.
 */
import {
  type DeleteQueryBuilder,
  type DeleteResult,
  type ExpressionBuilder,
  type Insertable,
  type InsertQueryBuilder,
  type InsertResult,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type Transaction,
  type Updateable,
  type UpdateQueryBuilder,
  type UpdateResult,
} from "kysely";
import { HttpError } from "../http/errors.ts";

/** The tables of `DB` that belong to one profile: an `id` and a non-null `profile_id` column. */
export type OwnedTable<DB> = {
  [K in keyof DB & string]: DB[K] extends { id: string; profile_id: string } ? K : never;
}[keyof DB & string];

/** A new row as its owner writes it: everything but `profile_id`, which the scope stamps. */
export type NewOwnedRow<DB, T extends keyof DB> = Omit<Insertable<DB[T]>, "profile_id">;

/** A change to a row: neither its id nor its owner can change. */
export type OwnedChange<DB, T extends keyof DB> = Omit<Updateable<DB[T]>, "id" | "profile_id">;

/** Per table, the 404 a missing (or foreign) id answers; by default `record_not_found`. */
export type NotFound<DB> = { [T in OwnedTable<DB>]?: (id: string) => Error };

// Inside, a table is only known by its name; the public signatures keep the types.
// deno-lint-ignore no-explicit-any
type Loose = Kysely<Record<string, any>>;

function recordNotFound(id: string): HttpError {
  return new HttpError(404, "record_not_found", `There is nothing with the id ${id} here.`, {}, {
    id,
  });
}

/** One profile's view of the per-profile tables; see `owned`. */
export class Owned<DB> {
  readonly #db: Loose;
  readonly #notFound: NotFound<DB>;

  /** Prefer `owned(kysely, profileId, notFound)`. */
  constructor(kysely: Kysely<DB>, readonly profileId: string, notFound: NotFound<DB> = {}) {
    this.#db = kysely as unknown as Loose;
    this.#notFound = notFound;
  }

  /**
   * A select over the profile's rows of `table`; add columns, filters and order as usual. Given
   * the expression builder of an outer query, it is a correlated subquery that can refer to the
   * outer tables (`eb.exists(mine.selectFrom("messages", eb).whereRef(…))`): join a second owned
   * table this way, so both sides are filtered.
   */
  selectFrom<T extends OwnedTable<DB>, Outer extends keyof DB = never>(
    table: T,
    outer?: ExpressionBuilder<DB, Outer>,
    // deno-lint-ignore ban-types
  ): SelectQueryBuilder<DB, T | Outer, {}> {
    // deno-lint-ignore ban-types
    return this.#select(table, outer) as unknown as SelectQueryBuilder<DB, T | Outer, {}>;
  }

  /** Inserts rows owned by the profile (`profile_id` is stamped); call `execute()`. */
  insertInto<T extends OwnedTable<DB>>(
    table: T,
    values: NewOwnedRow<DB, T> | readonly NewOwnedRow<DB, T>[],
  ): InsertQueryBuilder<DB, T, InsertResult> {
    const stamp = (row: NewOwnedRow<DB, T>) => ({ ...row, profile_id: this.profileId });
    const rows = Array.isArray(values) ? values.map(stamp) : stamp(values as NewOwnedRow<DB, T>);
    const builder = this.#db.insertInto(table).values(rows);
    return builder as unknown as InsertQueryBuilder<DB, T, InsertResult>;
  }

  /** An update of the profile's rows of `table`; add filters, then `execute()`. */
  updateTable<T extends OwnedTable<DB>>(
    table: T,
    change: OwnedChange<DB, T>,
  ): UpdateQueryBuilder<DB, T, T, UpdateResult> {
    return this.#update(table, change) as unknown as UpdateQueryBuilder<DB, T, T, UpdateResult>;
  }

  /** A delete of the profile's rows of `table`; add filters, then `execute()`. */
  deleteFrom<T extends OwnedTable<DB>>(table: T): DeleteQueryBuilder<DB, T, DeleteResult> {
    return this.#delete(table) as unknown as DeleteQueryBuilder<DB, T, DeleteResult>;
  }

  /** The row of `table` with this id if the profile owns it; otherwise the table's 404. */
  async get<T extends OwnedTable<DB>>(table: T, id: string): Promise<Selectable<DB[T]>> {
    const row = await this.#select(table).selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw this.notFound(table, id);
    return row as Selectable<DB[T]>;
  }

  /** Changes the row of `table` with this id if the profile owns it; otherwise the table's 404. */
  async update<T extends OwnedTable<DB>>(
    table: T,
    id: string,
    change: OwnedChange<DB, T>,
  ): Promise<void> {
    const result = await this.#update(table, change).where("id", "=", id).executeTakeFirst();
    if (!result.numUpdatedRows) throw this.notFound(table, id);
  }

  /** Deletes the row of `table` with this id if the profile owns it; otherwise the table's 404. */
  async delete<T extends OwnedTable<DB>>(table: T, id: string): Promise<void> {
    const result = await this.#delete(table).where("id", "=", id).executeTakeFirst();
    if (!result.numDeletedRows) throw this.notFound(table, id);
  }

  /** The error a missing (or foreign) id of `table` answers. */
  notFound(table: OwnedTable<DB>, id: string): Error {
    return (this.#notFound[table] ?? recordNotFound)(id);
  }

  // The three filtered builders, untyped inside (Kysely cannot see that every `OwnedTable` has
  // `id` and `profile_id`). The filter is qualified, so it stays unambiguous in a join.
  #select(table: string, outer?: unknown) {
    // An outer query's expression builder starts a subquery just as the database starts a query.
    const from = (outer ?? this.#db) as Pick<Loose, "selectFrom">;
    return from.selectFrom(table).where(`${table}.profile_id`, "=", this.profileId);
  }

  #update(table: string, change: object) {
    // The types already forbid them; a value built at run time must not move a row either.
    const { id: _id, profile_id: _owner, ...rest } = change as Record<string, unknown>;
    return this.#db.updateTable(table).set(rest).where(`${table}.profile_id`, "=", this.profileId);
  }

  #delete(table: string) {
    return this.#db.deleteFrom(table).where(`${table}.profile_id`, "=", this.profileId);
  }
}

/**
 * `profileId`'s scope over the per-profile tables of `kysely` (a database or a transaction).
 * `notFound` names each table's 404, so a domain keeps its own codes.
 */
export function owned<DB>(
  // A transaction is named too, so `DB` is inferred from its type argument, not its shape.
  kysely: Kysely<DB> | Transaction<DB>,
  profileId: string,
  notFound: NotFound<DB> = {},
): Owned<DB> {
  return new Owned(kysely, profileId, notFound);
}
