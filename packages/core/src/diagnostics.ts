/** `info`: something left out on purpose that a user may want to know about (a link to a private note, a card of nothing but tags); never fails a run, even with --strict. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding about the notes, printed as `path:line:col: severity: message (rule)`,
 * the format compilers use so that editors and CI annotate the right line.
 */
export interface Diagnostic {
  severity: Severity;
  /** Stable identifier of the check, e.g. `broken-link`. */
  rule: string;
  message: string;
  /** Path as the user gave it (or `<stdin>`). */
  path: string;
  line: number;
  column: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}:${d.column}: ${d.severity}: ${d.message} (${d.rule})`;
}

/**
 * Strings by UTF-16 code units, never by locale: paths, rules and messages sort the same on
 * every machine, so outputs and reports are deterministic.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.path, b.path) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

/** The index of the first element of ascending `sorted` that is at least `value` (its length when none is). */
export function firstAtLeast(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Maps string offsets to 1-based line and column numbers. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.starts.push(i + 1);
    }
  }
  /** The offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    return (this.starts[line - 1] ?? 0) + column - 1;
  }

  /** The offset where a line (1-based) starts. */
  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 1), this.starts.length) - 1]!;
  }
  locate(offset: number): { line: number; column: number; offset: number } {
    // The last line start at or before the offset (the first line's, 0, for any offset).
    const line = Math.max(firstAtLeast(this.starts, offset + 1) - 1, 0);
    return { line: line + 1, column: offset - this.starts[line]! + 1, offset };
  }
}
