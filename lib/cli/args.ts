/**
 * The command line's options, read the way `node:util`'s `parseArgs` reads them in strict mode
 * (`--name value`, `--name=value`, `-x`, grouped short flags `-yh`, `--` ending the options), so
 * Hearth's start does not load Deno's Node layer for it (lib/hash.ts says why that matters).
 */

/** One option: a string takes a value, a boolean does not. */
export interface OptionSpec {
  type: "string" | "boolean";
  /** A one-letter alias, used as `-x`. */
  short?: string;
}

/** What {@link parseArgs} read: options by name (the last one given wins), then the rest. */
export interface ParsedArgs<O extends Record<string, OptionSpec>> {
  values: { [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean };
  positionals: string[];
}

/** Thrown for an unknown option, a missing value, or a value given to a flag. */
export class ArgsError extends Error {
  override name = "ArgsError";
}

/** Reads `args` against `options`; throws {@link ArgsError} for anything it does not know. */
export function parseArgs<O extends Record<string, OptionSpec>>(
  args: string[],
  options: O,
): ParsedArgs<O> {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(options)) if (spec.short) byShort.set(spec.short, name);
  const take = (name: string, shown: string, inline: string | undefined, i: number): number => {
    if (options[name].type === "boolean") {
      if (inline !== undefined) throw new ArgsError(`Option '${shown}' does not take an argument`);
      values[name] = true;
      return i;
    }
    if (inline !== undefined) {
      values[name] = inline;
      return i;
    }
    const next = args[i + 1];
    if (next === undefined) throw new ArgsError(`Option '${shown} <value>' argument missing`);
    if (next.startsWith("-")) {
      throw new ArgsError(
        `Option '${shown}' argument is ambiguous: to give a value starting with a dash, ` +
          `write '${shown}=${next}'`,
      );
    }
    values[name] = next;
    return i + 1;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (!Object.hasOwn(options, name)) throw new ArgsError(`Unknown option '--${name}'`);
      i = take(name, `--${name}`, eq < 0 ? undefined : arg.slice(eq + 1), i);
    } else if (arg.startsWith("-") && arg.length > 1) {
      // `-yh` is `-y -h`; `-pVALUE` is not supported (no short string option exists).
      for (const letter of arg.slice(1)) {
        const name = byShort.get(letter);
        if (name === undefined) throw new ArgsError(`Unknown option '-${letter}'`);
        if (options[name].type !== "boolean") {
          if (arg.length !== 2) {
            throw new ArgsError(`Option '-${letter}' takes a value: write it on its own`);
          }
          i = take(name, `-${letter}`, undefined, i);
        } else values[name] = true;
      }
    } else positionals.push(arg);
  }
  return { values, positionals } as ParsedArgs<O>;
}
