/**
 * The terminal side of `hearth setup`: printing, a progress line that rewrites itself, and
 * questions answered on the keyboard (passwords without echo) or line by line from a pipe, so
 * the same steps run interactively and scripted.
 */

/** What `hearth setup` needs from a terminal; tests pass their own. */
export interface Terminal {
  /** Whether a person is typing (stdin is a terminal). */
  readonly interactive: boolean;
  /** Whether output goes to a terminal, where a progress line can rewrite itself. */
  readonly live: boolean;
  print(line: string): void;
  /** Shows a progress line, replacing the previous one (a terminal) or printing it (a pipe). */
  status(text: string): void;
  /** Asks a question; null at the end of input. */
  ask(question: string): Promise<string | null>;
  /** Asks without echoing what is typed (on a terminal). */
  askSecret(question: string): Promise<string | null>;
}

/** Thrown when the person pressed Ctrl-C or Ctrl-D at a question. */
export class InputClosed extends Error {}

const encoder = new TextEncoder();

/** Reads stdin as lines (cooked mode or a pipe) or as raw keys (secrets). */
class StdinReader {
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #decoder = new TextDecoder();
  #buffer = "";

  async #more(): Promise<boolean> {
    this.#reader ??= Deno.stdin.readable.getReader();
    const { value, done } = await this.#reader.read();
    if (done) return false;
    this.#buffer += this.#decoder.decode(value, { stream: true });
    return true;
  }

  async line(): Promise<string | null> {
    while (!this.#buffer.includes("\n")) {
      if (!(await this.#more())) {
        const rest = this.#buffer;
        this.#buffer = "";
        return rest ? rest : null;
      }
    }
    const at = this.#buffer.indexOf("\n");
    const line = this.#buffer.slice(0, at).replace(/\r$/, "");
    this.#buffer = this.#buffer.slice(at + 1);
    return line;
  }

  /**
   * One line typed in raw mode, echoing nothing; Backspace works, Ctrl-C and Ctrl-D stop. Echo is
   * off before `prompt` shows the question, so keys typed the moment it appears never show.
   */
  async secret(prompt: () => void): Promise<string | null> {
    Deno.stdin.setRaw(true);
    try {
      prompt();
      let typed = "";
      while (true) {
        if (!this.#buffer && !(await this.#more())) return typed || null;
        const char = this.#buffer[0];
        this.#buffer = this.#buffer.slice(1);
        if (char === "\r" || char === "\n") return typed;
        if (char === "\u0003") throw new InputClosed("interrupted");
        if (char === "\u0004") {
          if (!typed) return null;
        } else if (char === "\u007f" || char === "\b") typed = [...typed].slice(0, -1).join("");
        else if (char >= " ") typed += char;
      }
    } finally {
      Deno.stdin.setRaw(false);
    }
  }
}

/** The process's own terminal (or pipes). */
export function denoTerminal(): Terminal {
  const input = new StdinReader();
  const interactive = Deno.stdin.isTerminal();
  const tty = Deno.stdout.isTerminal();
  let statusShown = false;
  const write = (text: string) => Deno.stdout.writeSync(encoder.encode(text));
  const endStatus = () => {
    if (statusShown) write("\n");
    statusShown = false;
  };
  return {
    interactive,
    live: tty,
    print(line) {
      endStatus();
      write(line + "\n");
    },
    status(text) {
      if (!tty) {
        write(text + "\n");
        return;
      }
      write(`\r\x1b[2K${text}`);
      statusShown = true;
    },
    async ask(question) {
      endStatus();
      write(`${question} `);
      const answer = await input.line();
      // A piped answer is not echoed: end the question's line so the output stays readable.
      if (!interactive) write("\n");
      return answer;
    },
    async askSecret(question) {
      endStatus();
      const prompt = () => write(`${question} `);
      try {
        if (interactive) return await input.secret(prompt);
        prompt();
        return await input.line();
      } finally {
        write("\n"); // also after Ctrl-C, so what follows starts on its own line
      }
    },
  };
}
