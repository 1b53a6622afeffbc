import { useSignal } from "@preact/signals";
import { apiJson } from "../../lib/client/api.ts";
import type { SetupFinished } from "../../lib/setup/types.ts";
import { failureText } from "./api.ts";
import { StepActions, StepHeading } from "./StepHeading.tsx";
import type { StepProps } from "./types.ts";

interface Props extends StepProps {
  /** Called when the admin exists and Hearth has left setup mode. */
  finished(result: { model: string | null }): void;
}

const MIN_PASSWORD = 8;

/** Step 5: the admin's name, password and optional household PIN; finishing ends setup. */
export function StepAdmin({ t, go, finished }: Props) {
  const error = useSignal("");
  const busy = useSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? "");
    const password = text("password");
    const pin = text("pin").trim();
    error.value = "";
    // The server checks all of this too; saying it here saves a round trip.
    if ([...password].length < MIN_PASSWORD) error.value = t("setup.admin.passwordHint");
    else if (password !== text("confirm")) error.value = t("setup.admin.mismatch");
    else if (pin && !/^\d{4,8}$/.test(pin)) error.value = t("setup.admin.pinInvalid");
    if (error.value) return;
    busy.value = true;
    try {
      const name = text("name").trim();
      const result = await apiJson<SetupFinished>("/api/setup/finish", "POST", {
        password,
        ...(pin ? { pin } : {}),
        ...(name ? { name } : {}),
      });
      finished(result);
    } catch (err) {
      error.value = failureText(err, t);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="setup-step setup-form" data-step="admin" onSubmit={submit}>
      <StepHeading text={t("setup.admin.title")} />
      <p>{t("setup.admin.intro")}</p>
      <label for="setup-name">{t("setup.admin.name")}</label>
      <input
        id="setup-name"
        name="name"
        autoComplete="name"
        maxLength={40}
        value={t("setup.admin.defaultName")}
      />
      <label for="setup-password">{t("setup.admin.password")}</label>
      <input
        id="setup-password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        aria-describedby="setup-password-hint"
      />
      <p id="setup-password-hint" class="muted">{t("setup.admin.passwordHint")}</p>
      <label for="setup-confirm">{t("setup.admin.confirm")}</label>
      <input
        id="setup-confirm"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
      />
      <label for="setup-pin">{t("setup.admin.pin")}</label>
      <input
        id="setup-pin"
        name="pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4,8}"
        maxLength={8}
        aria-describedby="setup-pin-hint"
      />
      <p id="setup-pin-hint" class="muted">{t("setup.admin.pinHint")}</p>
      {error.value && <p class="setup-error" role="alert">{error.value}</p>}
      <StepActions back={{ label: t("setup.back"), onClick: () => go("model") }}>
        <button type="submit" class="button" disabled={busy.value}>
          {busy.value ? t("setup.admin.finishing") : t("setup.admin.finish")}
        </button>
      </StepActions>
    </form>
  );
}

/** Step 6: Hearth is ready; the app opens without a restart. */
export function StepDone({ t, model }: { t: StepProps["t"]; model: string | null }) {
  return (
    <section class="setup-step setup-done" data-step="done">
      <StepHeading text={t("setup.done.title")} />
      <p>{t("setup.done.text")}</p>
      <p class="muted">
        {model ? t("setup.done.model", { model }) : t("setup.done.noModel")}
      </p>
      <StepActions>
        <a href="/" class="button">{t("setup.done.open")}</a>
      </StepActions>
    </section>
  );
}
