/**
 * Gives `Object.prototype.__proto__` back, in the extraction worker only, before mammoth loads:
 * mammoth 1.13 makes its promises with `promise.__proto__ = …`, which Deno turns into a no-op
 * (short of `--unsafe-proto`). The worker reads one file and is terminated, so the accessor never reaches
 * the server's own realm; docx.ts imports this first, and only the worker imports docx.ts.
 */
import { isMainThread } from "node:worker_threads";

// Deno keeps an accessor whose setter does nothing but warn: replace it (never on the main thread).
if (!isMainThread) {
  Object.defineProperty(Object.prototype, "__proto__", {
    get(this: object) {
      return Object.getPrototypeOf(this);
    },
    set(this: object, proto: object | null) {
      if (typeof proto === "object" || typeof proto === "function") {
        Object.setPrototypeOf(this, proto);
      }
    },
    configurable: true,
  });
}
