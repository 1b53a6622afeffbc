/**
 * One tool registry: each tool declares a name, a description, a zod input schema (sent to the
 * model as JSON Schema through `z.toJSONSchema`), its risk and whether it needs a workspace. The
 * assistant's tools (todos, events, memos, lists, search, briefing) live here now; the agent
 * (issue 16, `lib/tools/`) adds its file tools to a registry of the same shape.
 */
import { z } from "zod";
import type { ToolSpec } from "../ai/types.ts";

/** What running a tool may do: read data, change it, reach the network, run a program. */
export type ToolRisk = "read" | "write" | "network" | "exec";

/** A tool the model may call; `C` is what running it needs, `R` what it answers. */
export interface Tool<C, R, I extends z.ZodType = z.ZodType> {
  /** `[a-z0-9_]{1,64}`, which every provider accepts. */
  name: string;
  /** For the model: when to call it. */
  description: string;
  /** The arguments; checked before `run`, so `run` sees only valid ones. */
  input: I;
  risk: ToolRisk;
  /** Needs the conversation's workspace (the agent's file tools). */
  workspace?: boolean;
  run(ctx: C, args: z.output<I>): Promise<R>;
}

/** Declares a tool with its argument type inferred from `input`. */
export function defineTool<C, R, I extends z.ZodType>(tool: Tool<C, R, I>): Tool<C, R, I> {
  if (!/^[a-z0-9_]{1,64}$/.test(tool.name)) throw new Error(`bad tool name ${tool.name}`);
  return tool;
}

/** The tool as the model is offered it. */
export function toolSpec(tool: Tool<unknown, unknown>): ToolSpec {
  const { $schema: _, ...parameters } = z.toJSONSchema(tool.input, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return { name: tool.name, description: tool.description, parameters };
}

/** A set of tools by name. */
export class ToolRegistry<C, R> {
  readonly #tools = new Map<string, Tool<C, R>>();

  constructor(tools: Tool<C, R>[] = []) {
    for (const t of tools) this.add(t);
  }

  add(tool: Tool<C, R>): this {
    if (this.#tools.has(tool.name)) throw new Error(`tool ${tool.name} twice`);
    this.#tools.set(tool.name, tool);
    return this;
  }

  get(name: string): Tool<C, R> | undefined {
    return this.#tools.get(name);
  }

  list(): Tool<C, R>[] {
    return [...this.#tools.values()];
  }

  /** Every tool as the model is offered them. */
  specs(): ToolSpec[] {
    return this.list().map((t) => toolSpec(t as Tool<unknown, unknown>));
  }
}
