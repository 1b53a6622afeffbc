/**
 * Real Chromium for browser tests, through playwright-core. Chromium comes from the system
 * (`apt-get install chromium`, as `.ci/run` does); `HEARTH_CHROMIUM` points elsewhere.
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/** Path of the Chromium binary, or a clear error saying how to get one. */
export function chromiumPath(): string {
  const fromEnv = Deno.env.get("HEARTH_CHROMIUM");
  for (const path of fromEnv ? [fromEnv] : CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // Try the next one.
    }
  }
  throw new Error(
    "Browser tests need Chromium: run `apt-get install -y chromium` or set HEARTH_CHROMIUM.",
  );
}

/**
 * Launches headless Chromium with a fresh profile and no background network chatter; `args`
 * adds switches (a fake microphone, say).
 */
export async function launchBrowser(args: string[] = []): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      ...args,
    ],
  });
}

/** Collects console errors and page errors, so a test can assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  return errors;
}

/**
 * Picks a profile on the picker as a person would (the admin `startServer` creates has no PIN),
 * and waits until the app has sent the browser on to `next`.
 */
export async function pickProfile(
  page: Page,
  baseUrl: string,
  name = "Admin",
  next = "/",
): Promise<void> {
  await page.goto(`${baseUrl}/profiles?next=${encodeURIComponent(next)}`);
  await page.locator(".profile-tile", { hasText: name }).first().click();
  await page.waitForURL(`${baseUrl}${next}`);
}

/**
 * Chromium with a profile on disk in `dir` (removed by the caller), for what an incognito
 * context cannot do: only such a profile can install a web app (`in-incognito` otherwise).
 */
export async function launchPersistent(
  dir: string,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<BrowserContext> {
  return await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    ...options,
  });
}
