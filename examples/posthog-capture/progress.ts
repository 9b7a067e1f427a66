/**
 * The demo's progress display: on a terminal one status line rewritten in place, with
 * phase notes printed above it; elsewhere (CI logs, a pipe) plain lines, at most one status
 * line a second, so the output stays readable.
 */

/** Writes phase notes and a status line to a stream. */
export class Progress {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #lastPlain = 0;
  #lastLine = "";

  /**
   * @param out - Where to write. @defaultValue `process.stdout`
   */
  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.#tty = out.isTTY === true;
  }

  /**
   * Shows the current status.
   *
   * @param line - One line of status.
   */
  status(line: string): void {
    this.#lastLine = line;
    if (this.#tty) {
      this.#out.write(`\r\x1b[2K${line}`);
      return;
    }
    const now = Date.now();
    if (now - this.#lastPlain >= 1_000) {
      this.#lastPlain = now;
      this.#out.write(`${line}\n`);
    }
  }

  /**
   * Prints a note (a phase change) above the status line.
   *
   * @param message - The note.
   */
  note(message: string): void {
    if (this.#tty) this.#out.write(`\r\x1b[2K${message}\n${this.#lastLine}`);
    else this.#out.write(`${message}\n`);
  }

  /** Ends the status line, leaving the last status on screen. */
  end(): void {
    if (this.#tty) this.#out.write(`\r\x1b[2K${this.#lastLine}\n`);
    else if (this.#lastLine !== "") this.#out.write(`${this.#lastLine}\n`);
  }
}
