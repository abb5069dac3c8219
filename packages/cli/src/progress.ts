/**
 * The progress line: `[120/380] markdown notes/emacs.org`, redrawn in place on standard error.
 * Shown only on a terminal, for sets of at least PROGRESS_MIN_FILES files, never in CI (the
 * `CI` variable every CI service sets) and never with --quiet or a machine reporter: logs get
 * the diagnostics and the summary, nothing else.
 */
export const PROGRESS_MIN_FILES = 50;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export class Progress {
  private done = 0;
  private last = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly total: number,
  ) {}

  /** A progress line for `files` files and `phases` passes over them, or null when none should be shown. */
  static create(
    files: number,
    phases: number,
    show: boolean,
    stream: ProgressStream = process.stderr,
    env: NodeJS.ProcessEnv = process.env,
  ): Progress | null {
    if (
      !show ||
      !stream.isTTY ||
      (env.CI !== undefined && env.CI !== '' && env.CI !== 'false') ||
      files < PROGRESS_MIN_FILES
    )
      return null;
    return new Progress(stream, files * phases);
  }

  tick(phase: string, file: string): void {
    this.done++;
    const now = Date.now();
    // Redrawing at most 20 times a second keeps a fast run from spending its time on the terminal.
    if (now - this.last < 50 && this.done < this.total) return;
    this.last = now;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const line = `[${this.done}/${this.total}] ${phase} ${file}`;
    this.stream.write(`\r\x1b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.drawn = true;
  }

  /** Erases the line, so that what follows starts on a clean one. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}
