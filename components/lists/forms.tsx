/**
 * The Lists pages' plain forms, rendered on the server and posted without JavaScript: making a
 * list (`POST /lists`) and, for its owner, renaming, sharing or unsharing and deleting it
 * (`POST /lists/{id}` with an `intent`). Deleting asks first: the button that deletes is inside
 * a `<details>` that says what goes.
 */
import type { Translate } from "../../lib/i18n/mod.ts";
import { LIST_KINDS, LIST_LIMITS, type ListWithItems } from "../../lib/lists/types.ts";

/** The form that makes a list, with the values and error of a refused try. */
export function NewListForm(
  { t, error, name, kind, shared }: {
    t: Translate;
    error: string;
    name: string;
    kind: string;
    shared: boolean;
  },
) {
  return (
    <form method="post" action="/lists" class="panel lists-new" aria-labelledby="lists-new">
      <h2 id="lists-new">{t("lists.page.new")}</h2>
      <div class="lists-new-row">
        <label class="lists-field lists-field-name">
          <span>{t("lists.page.name")}</span>
          <input
            type="text"
            name="name"
            required
            maxLength={LIST_LIMITS.name}
            value={name}
            placeholder={t("lists.page.namePlaceholder")}
          />
        </label>
        <label class="lists-field">
          <span>{t("lists.page.kind")}</span>
          <select name="kind">
            {LIST_KINDS.map((k) => (
              <option key={k} value={k} selected={k === kind}>{t(`lists.kind.${k}`)}</option>
            ))}
          </select>
        </label>
      </div>
      <label class="lists-check">
        <input type="checkbox" name="shared" checked={shared} />
        <span>
          {t("lists.page.shareWith")}
          <span class="muted lists-hint">{t("lists.page.shareHint")}</span>
        </span>
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="button">{t("lists.page.create")}</button>
    </form>
  );
}

/**
 * A list's settings: its owner renames, shares or unshares and deletes it; anyone else is told
 * what they may do.
 */
export function ListSettings(
  { list, t, error }: { list: ListWithItems; t: Translate; error: string },
) {
  const action = `/lists/${list.id}`;
  if (!list.mine) {
    return (
      <section class="lists-settings">
        {error && <p class="error" role="alert">{error}</p>}
        <p class="muted">{t("lists.page.notOwner")}</p>
      </section>
    );
  }
  return (
    <section class="panel lists-settings" aria-labelledby="lists-settings">
      <h2 id="lists-settings">{t("lists.page.settings")}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      <form method="post" action={action} class="lists-rename">
        <input type="hidden" name="intent" value="rename" />
        <label class="lists-field lists-field-name">
          <span>{t("lists.page.name")}</span>
          <input type="text" name="name" required maxLength={LIST_LIMITS.name} value={list.name} />
        </label>
        <button type="submit" class="button">{t("lists.page.rename")}</button>
      </form>
      <form method="post" action={action} class="lists-share">
        <input type="hidden" name="intent" value={list.shared ? "unshare" : "share"} />
        <p class="muted">
          {list.shared ? t("lists.page.sharedNote") : t("lists.page.privateNote")}
        </p>
        <button type="submit" class="button lists-quiet">
          {list.shared ? t("lists.page.unshare") : t("lists.page.share")}
        </button>
      </form>
      <details class="lists-delete">
        <summary>{t("lists.page.delete")}</summary>
        <form method="post" action={action}>
          <input type="hidden" name="intent" value="delete" />
          <p>{t("lists.page.deleteConfirm", { name: list.name, count: list.total })}</p>
          <button type="submit" class="button lists-danger">{t("lists.page.deleteButton")}</button>
        </form>
      </details>
    </section>
  );
}
