/**
 * `run_command` (risk exec, offered only when the admin allows the profile commands): one shell
 * command in the conversation's workspace (`shell.ts`: own environment, own process group killed
 * whole at the end, output capped), inside the workspace's lock, so no snapshot or other change
 * sees it half done; the workspace is recounted after.
 *
 * Confinement: in the sandbox where the machine allows it (`sandbox.ts`: no network, Hearth's
 * data and home hidden, own PID namespace, private /tmp). Without it a command runs as Hearth's
 * user with what that user may do: it can read (and write) any file the Hearth user can, reach
 * the network, and read Hearth's environment through /proc. `run_command` is therefore the
 * admin's choice per profile, never the profile's own; the result says when no sandbox was used.
 */
import { z } from "zod";
import { defineTool } from "../assistant/registry.ts";
import { withWorkspaceLock } from "../workspace/lock.ts";
import { WORKSPACE_LIMITS } from "../workspace/types.ts";
import { bounded, MAX_OUTPUT, requireAllowed } from "./guard.ts";
import { hiddenFolders, SANDBOX_FAILED, sandboxAvailable } from "./sandbox.ts";
import { runShell, type ShellResult } from "./shell.ts";
import type { AgentTool, AgentToolContext, ToolResult } from "./types.ts";

/** Output kept from one command. */
export const COMMAND_OUTPUT_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_S = 30;
const MAX_TIMEOUT_S = 120;

const input = z.object({
  command: z.string().min(1).max(8000).describe("A POSIX shell command (run with sh -c)"),
  timeout_seconds: z.number().int().min(1).max(MAX_TIMEOUT_S).optional().describe(
    `Stop it after this many seconds (default ${DEFAULT_TIMEOUT_S}, at most ${MAX_TIMEOUT_S})`,
  ),
});

/** How commands run (tests change them). */
export interface CommandToolOptions {
  /** "auto" uses the sandbox when the machine allows it; "off" never. */
  sandbox?: "auto" | "off";
  /** The largest file a command may write (default: a workspace file's limit). */
  fileBytes?: number;
}

function describe(res: ShellResult, timeoutS: number, sandboxed: boolean): string {
  const end = res.timedOut
    ? `[stopped after ${timeoutS} s: timed out; everything it started was killed]`
    : res.code === null
    ? "[killed by a signal]"
    : `[exit code ${res.code}]`;
  const dropped = res.dropped ? `\n[${res.dropped} more bytes of output not kept]` : "";
  const where = sandboxed ? "" : "\n[run without a sandbox, as Hearth's user]";
  const tail = `${end}${dropped}${where}`;
  const output = bounded(res.output, MAX_OUTPUT - tail.length - 1);
  return output && !output.endsWith("\n") ? `${output}\n${tail}` : output + tail;
}

/** The tool with its options; `COMMAND_TOOL` uses the defaults. */
export function commandTool(options: CommandToolOptions = {}): AgentTool {
  return defineTool({
    name: "run_command",
    description:
      "Run a shell command (sh -c) in the workspace folder, e.g. to convert, count or process " +
      "files. No input; output is cut at 64 KB; stopped after the timeout. The network is not " +
      "reachable when the sandbox is on.",
    input,
    risk: "exec",
    workspace: true,
    async run(ctx: AgentToolContext, args): Promise<ToolResult> {
      requireAllowed(ctx, "exec");
      const timeoutS = args.timeout_seconds ?? DEFAULT_TIMEOUT_S;
      const root = ctx.workspace.root;
      const sandboxed = options.sandbox !== "off" && await sandboxAvailable();
      if (!sandboxed) {
        ctx.log.warn("run_command without a sandbox", { profile: ctx.profileId });
      }
      let res: ShellResult;
      try {
        res = await withWorkspaceLock(ctx.conversationId, () =>
          runShell(args.command, {
            root,
            timeoutMs: timeoutS * 1000,
            signal: ctx.signal,
            maxOutput: COMMAND_OUTPUT_BYTES,
            sandbox: sandboxed ? { hide: hiddenFolders(root) } : null,
            fileBytes: options.fileBytes ?? WORKSPACE_LIMITS.fileBytes,
          }));
      } finally {
        // The command may have changed anything in the workspace. Recounted after the lock is
        // released: nested in it, a rescan that took the lock itself would wait forever.
        await ctx.workspace.rescan().catch((err) =>
          ctx.log.warn("run_command: recounting the workspace failed", {
            profile: ctx.profileId,
            error: String(err),
          })
        );
      }
      if (sandboxed && res.code === SANDBOX_FAILED && !res.timedOut) {
        ctx.log.warn("run_command: the sandbox could not be set up", {
          profile: ctx.profileId,
          output: res.output.slice(0, 500),
        });
      }
      const { t } = ctx.assistant;
      const short = args.command.length > 60 ? `${args.command.slice(0, 57)}…` : args.command;
      return {
        content: describe(res, timeoutS, sandboxed),
        summary: res.timedOut
          ? t("net.command_timed_out", { command: short, seconds: timeoutS })
          : t("net.command_ran", { command: short, code: res.code ?? "–" }),
      };
    },
  }) as AgentTool;
}

/** `run_command` for the agent's registry (lib/tools/mod.ts, when the profile may run commands). */
export const COMMAND_TOOL: AgentTool = commandTool();
