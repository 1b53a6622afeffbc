/**
 * The admin's health report (`GET /api/admin/health`, `/admin/health`): Ollama hosts and what
 * they hold in memory, the model queue, running tasks and their buffers, the database's size,
 * the last backup, the HTTPS certificate's end and recent errors. Every probe has a deadline and
 * fails alone: an unreachable host or an unreadable file shows as such, the rest still answers.
 */
import { adminQueueView } from "../ai/queue_view.ts";
import type { HealthReport, HostHealth, Section, TaskHealth } from "../health/types.ts";
import { requestJson } from "../ollama/http.ts";
import { RealOllamaService } from "../ollama/real.ts";
import { toRunning, type WireModelList } from "../ollama/wire.ts";
import type { AppServices } from "../services.ts";
import { certFacts } from "../tls/certs.ts";
import { lastBackup } from "./last_backup.ts";

export type { HealthReport, HostHealth, Section, TaskHealth };

/** Time each Ollama host has to answer `/api/version` and `/api/ps`. */
export const HOST_TIMEOUT_MS = 2_500;
/** Time any other section has before it is reported as timed out. */
const SECTION_TIMEOUT_MS = 3_000;
/** A certificate ending within this many days is flagged. */
export const CERT_WARN_DAYS = 30;
/** Recent errors shown. */
const RECENT_ERRORS = 20;
/** Running tasks listed (the counts cover all of them). */
const MAX_TASKS = 50;

/** `work` or, after `ms`, a rejection; the timer never outlives the race. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function section<T>(work: () => Promise<T>): Promise<Section<T>> {
  try {
    return await within(SECTION_TIMEOUT_MS, work());
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** What one host answers, within `timeoutMs`. */
export async function probeHost(url: string, timeoutMs = HOST_TIMEOUT_MS): Promise<HostHealth> {
  const limits = { timeoutMs, connectTimeoutMs: timeoutMs };
  const started = performance.now();
  try {
    const version = await within(
      timeoutMs + 100,
      requestJson<{ version?: string }>(url, "GET", "/api/version", undefined, limits),
    );
    const ms = Math.round(performance.now() - started);
    const host: HostHealth = { url, reachable: true, version: version?.version, ms, running: [] };
    try {
      const ps = await within(
        timeoutMs + 100,
        requestJson<WireModelList>(url, "GET", "/api/ps", undefined, limits),
      );
      host.running = (ps?.models ?? []).map(toRunning);
    } catch (err) {
      host.error = `/api/ps: ${err instanceof Error ? err.message : String(err)}`;
    }
    return host;
  } catch (err) {
    return {
      url,
      reachable: false,
      error: err instanceof Error ? err.message : String(err),
      running: [],
    };
  }
}

async function fileBytes(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).size;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return 0;
    throw err;
  }
}

async function certificate(services: AppServices, now: number) {
  const https = services.config.current.server.https;
  let facts = services.tls.material?.server.facts;
  if (!facts) {
    const pem = await Deno.readTextFile(`${services.tls.dir}/server.crt`).catch(() => null);
    if (pem) facts = await certFacts(pem);
  }
  if (!facts) return { https, notAfter: null, daysLeft: null, warn: https };
  const daysLeft = Math.floor((facts.notAfter - now) / 86_400_000);
  return {
    https,
    notAfter: new Date(facts.notAfter).toISOString(),
    daysLeft,
    warn: daysLeft < CERT_WARN_DAYS,
    fingerprint: facts.fingerprint,
  };
}

/** The configured hosts as the Ollama service uses them (in demo mode, the Fake Ollama). */
function hostsOf(services: AppServices): string[] {
  return services.ollama instanceof RealOllamaService
    ? [...services.ollama.hosts]
    : services.config.current.ollama.hosts;
}

/** Builds the report; never throws for a failing part. */
export async function healthReport(services: AppServices): Promise<HealthReport> {
  const now = services.now();
  const { dbFile, dataDir } = services.paths;
  const [ollama, queue, database, backup, cert] = await Promise.all([
    Promise.all(hostsOf(services).map((url) => probeHost(url))),
    section(() => adminQueueView(services)),
    section(async () => {
      const [bytes, walBytes] = await Promise.all([
        fileBytes(dbFile),
        fileBytes(`${dbFile}-wal`),
      ]);
      return { bytes, walBytes, totalBytes: bytes + walBytes };
    }),
    section(() => lastBackup(dataDir)),
    section(() => certificate(services, now)),
  ]);
  const running = services.tasks.active().slice(0, MAX_TASKS).map((t): TaskHealth => ({
    id: t.id,
    kind: t.kind,
    ...(typeof t.meta.model === "string" && { model: t.meta.model }),
    bytes: t.bytes,
    ageSeconds: Math.max(0, Math.round((now - t.createdAt) / 1000)),
  }));
  return {
    checkedAt: new Date(now).toISOString(),
    version: services.version,
    uptimeSeconds: Math.max(0, Math.round((now - services.startedAt.getTime()) / 1000)),
    ollama,
    queue,
    tasks: { stats: services.tasks.stats(), running },
    database,
    backup,
    certificate: cert,
    errors: services.log.entries().filter((e) => e.isError).slice(-RECENT_ERRORS),
  };
}
