// The bench's results as a table (terminal) and as docs/benchmarks.md, with each target of the
// performance issue computed as a ratio of two measurements of the same run.
const MB = 1e6;

const fmt = (x, digits = 2) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);
const mb = (kb) => (kb ? `${(kb / 1024).toFixed(0)}` : '-');

function find(results, set, predicate) {
  return results.find((r) => r.set === set && !r.failed && predicate(r));
}

/** The run's own time of a converter (its convert phase, without reading) in seconds. */
function ownTime(row) {
  const phases = row.report?.phases;
  if (!phases) return null;
  const own = Object.entries(phases).filter(([k]) => k.startsWith('convert:'));
  return own.length ? own.reduce((a, [, v]) => a + v, 0) / 1000 : null;
}

/** Our four-format export as the targets want it: `orgnotes export` when present, else in-process. */
function fourFormats(results, set, mode) {
  return (
    find(results, set, (r) => r.group === 'four' && r.mode === mode) ??
    (mode === 'cold-1' || mode === 'cold'
      ? find(results, set, (r) => r.group === 'four' && r.mode === 'in-process')
      : undefined)
  );
}

export function targets({ results }) {
  const rows = [];
  const add = (target, measured, value, limit, ok, note = '') =>
    rows.push({ target, measured, value, limit, ok, note });
  // SPEC (the developers' guide): at least 10 times faster than pandoc's three formats on
  // every corpus, and a peak memory no higher than pandoc's.
  const parts = [
    ...new Set(results.filter((r) => r.group === 'pandoc' && r.part).map((r) => r.part)),
  ];
  for (const part of parts) {
    const pandocRows = results.filter((r) => r.group === 'pandoc' && r.part === part);
    const ours = find(
      results,
      1,
      (r) => r.group === 'four' && r.mode === 'cold' && r.part === part,
    );
    if (pandocRows.length !== 3 || pandocRows.some((r) => r.failed) || !ours) {
      add(`≥ 10 × faster than pandoc gfm+man+json: ${part}`, 'not measured', '-', '≥ 10×', null);
      continue;
    }
    const pandocWall = pandocRows.reduce((a, r) => a + r.wall, 0);
    const ratio = pandocWall / ours.wall;
    add(
      `≥ 10 × faster than pandoc gfm+man+json: ${part} (all cores for both)`,
      `${fmt(pandocWall, 1)} s / ${fmt(ours.wall)} s`,
      `${fmt(ratio, 1)}×`,
      '≥ 10×',
      ratio >= 10,
    );
    const pandocPeak = Math.max(...pandocRows.map((r) => r.rssKb ?? 0));
    add(
      `peak memory ≤ pandoc’s peak: ${part}`,
      `${mb(ours.rssKb)} MB vs ${mb(pandocPeak)} MB`,
      `${fmt(ours.rssKb / pandocPeak)}×`,
      '≤ 1.00×',
      ours.rssKb <= pandocPeak,
    );
  }
  if (parts.length === 0)
    add('≥ 10 × faster than pandoc', 'pandoc not installed: not measured', '-', '≥ 10×', null);
  // A run that reuses the last one's work, as a share of a cold run of the same set.
  const shareOfCold = (target, set, mode, limit) => {
    const cold = fourFormats(results, set, 'cold');
    const run = find(results, set, (r) => r.mode === mode);
    if (cold && run && cold.mode !== 'in-process')
      add(
        target,
        `${fmt(run.wall)} s / ${fmt(cold.wall)} s`,
        `${fmt((100 * run.wall) / cold.wall, 1)} %`,
        `< ${100 * limit} %`,
        run.wall / cold.wall < limit,
      );
    else add(target, 'needs `orgnotes export` (absent)', '-', `< ${100 * limit} %`, null);
  };
  for (const set of [1, 16])
    shareOfCold(`warm, nothing changed < 5 % of cold (${set}x)`, set, 'warm', 0.05);
  shareOfCold('one file changed < 10 % of cold (16x)', 16, 'one-changed', 0.1);
  {
    const one = find(results, 4, (r) => r.mode === 'cold-1');
    const two = find(results, 4, (r) => r.mode === 'cold-2');
    if (one && two)
      add(
        '2 cores ≥ 1.6 × 1 core (4x, cold)',
        `${fmt(one.wall)} s / ${fmt(two.wall)} s`,
        `${fmt(one.wall / two.wall)}×`,
        '≥ 1.60×',
        one.wall / two.wall >= 1.6,
      );
    else
      add(
        '2 cores ≥ 1.6 × 1 core (4x, cold)',
        'needs `orgnotes export` with worker threads (absent)',
        '-',
        '≥ 1.60×',
        null,
      );
  }
  for (const [name, pick] of [
    ['four formats', (set) => fourFormats(results, set, 'cold-1')],
    [
      'bare uniorg-parse',
      (set) => find(results, set, (r) => r.label.startsWith('uniorg-parse (bare')),
    ],
  ]) {
    const a = pick(1);
    const b = pick(16);
    if (a && b)
      add(
        `${name}: 16x set ≤ 17 × the 1x set (time)`,
        `${fmt(b.wall, 1)} s / ${fmt(a.wall)} s`,
        `${fmt(b.wall / a.wall, 1)}×`,
        '≤ 17×',
        b.wall / a.wall <= 17,
      );
  }
  {
    const a = fourFormats(results, 1, 'cold-1');
    const b = fourFormats(results, 16, 'cold-1');
    if (a && b)
      add(
        'peak memory bounded by the largest file: 16x peak ≈ 1x peak',
        `${mb(b.rssKb)} MB / ${mb(a.rssKb)} MB`,
        `${fmt(b.rssKb / a.rssKb, 1)}×`,
        '≤ 1.5×',
        b.rssKb / a.rssKb <= 1.5,
        'a set 16 times larger should not need much more memory',
      );
  }
  return rows;
}

function measurementRows({ results }) {
  const bareOf = (set) => find(results, set, (r) => r.label.startsWith('uniorg-parse (bare'));
  return results.map((r) => {
    const bare = bareOf(r.set);
    const own = r.group === 'exporter' ? ownTime(r) : null;
    return [
      `${r.set}x`,
      r.label +
        (r.worstFile ? ` (peak on ${r.worstFile.replace(/^copy-\d+\//, '')})` : '') +
        (r.failures ? `, ${r.failures} file(s) failed` : ''),
      String(r.files),
      fmt(r.bytes / MB, 1),
      r.failed ? 'failed' : fmt(r.wall),
      r.failed ? '-' : fmt(r.bytes / MB / r.wall),
      fmt(r.cpu),
      mb(r.rssKb),
      own === null ? '' : fmt(own),
      bare && !r.failed && !r.part ? `${fmt(r.wall / bare.wall)}×` : '',
    ];
  });
}

const HEAD = [
  'set',
  'measurement',
  'files',
  'MB',
  'wall s',
  'MB/s',
  'CPU s',
  'peak RSS MB',
  'exporter own s',
  'vs bare uniorg',
];

function table(head, rows) {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function verdict(ok) {
  return ok === null ? 'not measured' : ok ? 'met' : '**missed**';
}

export function renderText(summary) {
  const lines = [
    '',
    HEAD.join(' | '),
    ...measurementRows(summary).map((r) => r.join(' | ')),
    '',
    'targets:',
  ];
  for (const t of targets(summary))
    lines.push(
      `  ${verdict(t.ok).replace(/\*/g, '').padEnd(12)} ${t.target}: ${t.value} (${t.measured}; target ${t.limit})`,
    );
  return lines.join('\n') + '\n';
}

const BEGIN = '<!-- bench:begin (generated by `pnpm bench`; edit outside these markers) -->';
const END = '<!-- bench:end -->';

export function renderMarkdown(summary, previous) {
  const { machine } = summary;
  const generated = [
    BEGIN,
    '',
    `Last run: ${machine.started.slice(0, 10)}, ${fmt(machine.minutes, 0)} minutes. Machine: ${machine.cpu}, ${machine.cores} cores (\`nproc\`), ${machine.memory} RAM, Node ${machine.node}, ${machine.os}; ` +
      `load average ${machine.loadBefore.map((x) => fmt(x)).join(' ')} before, ${machine.loadAfter.map((x) => fmt(x)).join(' ')} after. ` +
      `pandoc: ${machine.pandoc ?? 'not installed (its rows and the ratios against it are missing)'}. ` +
      `\`orgnotes export\`: ${machine.cli ? 'measured end to end' : 'not built yet, so the four formats are measured in-process (reader once, four converters, outputs written) and the warm, incremental and two-core rows are missing'}. ` +
      `One-core rows run under ${machine.taskset ? '`taskset -c 0`' : 'no CPU pinning (taskset missing)'}; short measurements are the median of ${machine.runs} runs, peak RSS the highest of them.`,
    '',
    '```',
    machine.free,
    '```',
    '',
    '### Targets',
    '',
    table(
      ['target', 'measured', 'ratio', 'target', 'verdict'],
      targets(summary).map((t) => [t.target, t.measured, t.value, t.limit, verdict(t.ok)]),
    ),
    '',
    '### Measurements',
    '',
    table(HEAD, measurementRows(summary)),
    '',
    END,
  ].join('\n');
  const start = previous.indexOf(BEGIN.slice(0, 16));
  const end = previous.indexOf(END);
  if (start >= 0 && end > start)
    return previous.slice(0, start) + generated + previous.slice(end + END.length);
  return `# Benchmarks\n\n${generated}\n`;
}

// The complexity section (`pnpm bench --complexity`): its own markers, so that a run of it
// alone rewrites it and leaves the measurements above alone.
const COMPLEXITY_BEGIN =
  '<!-- complexity:begin (generated by `pnpm bench` or `pnpm bench -- --complexity`; edit outside these markers) -->';
const COMPLEXITY_END = '<!-- complexity:end -->';

/** Stages known to cost more than linear time on a shape, with the exponent and why. */
export const KNOWN_SUPERLINEAR = {
  'deeply nested lists': {
    'convert: markdown': {
      exponent: 1.5,
      why: 'mdast-util-to-markdown indents a nested list by re-indenting the text of each level below it: depth d costs d passes over its text, and d grows as the square root of the bytes; its output stays linear',
    },
  },
};

/** Below this (at the largest size) a fitted exponent is mostly timer and cache noise. */
const NEGLIGIBLE_MS = 2;
/** Exponents up to this count as linear: garbage collection and caches bend small sizes. */
const LINEAR_UP_TO = 1.2;

function complexityVerdict(row) {
  const known = KNOWN_SUPERLINEAR[row.shape]?.[row.stage];
  const largest = row.points[row.points.length - 1].ms;
  if (largest < NEGLIGIBLE_MS) return `negligible (< ${NEGLIGIBLE_MS} ms)`;
  if (row.exponent <= LINEAR_UP_TO) return 'linear';
  if (known && row.exponent <= known.exponent + 0.2)
    return `known: about bytes^${known.exponent} (${known.why})`;
  return '**superlinear**';
}

function complexityRows({ rows }) {
  return rows.map((row) => [
    row.shape,
    row.stage,
    row.points.map((p) => fmt(p.bytes / 1000, 0)).join(' → '),
    row.points.map((p) => fmt(p.ms, 1)).join(' → '),
    fmt(row.exponent),
    row.outExponent === undefined ? '' : fmt(row.outExponent),
    complexityVerdict(row),
  ]);
}

const COMPLEXITY_HEAD = [
  'shape',
  'stage',
  'input kB',
  'CPU ms',
  'exponent',
  'output exponent',
  'verdict',
];

export function renderComplexityText(complexity) {
  return [
    '',
    'complexity (exponent of CPU time in input bytes, least squares on log-log):',
    COMPLEXITY_HEAD.join(' | '),
    ...complexityRows(complexity).map((r) => r.join(' | ').replace(/\*/g, '')),
    '',
  ].join('\n');
}

export function renderComplexityMarkdown(complexity, machine, previous) {
  const generated = [
    COMPLEXITY_BEGIN,
    '',
    '### Complexity',
    '',
    `How each stage's cost grows with its input on the adversarial shapes of the robustness tests ` +
      `(\`packages/robustness/src/shapes.js\`), each at ${complexity.sizes} sizes about twice the bytes apart: ` +
      `CPU time of the measuring process (best of ${complexity.runs}, garbage collected before each), ` +
      `and the exponent of time in input bytes fitted by least squares on log-log (1: linear, 2: quadratic); ` +
      `for converters also the exponent of their output bytes. Exponents up to ${LINEAR_UP_TO} count as linear; ` +
      `a stage under ${NEGLIGIBLE_MS} ms at the largest size is not judged. ` +
      `The test suite checks the same shapes with exact counts instead of times (\`packages/robustness/test/growth.test.ts\`).`,
    '',
    `Last run: ${machine.started.slice(0, 10)}, ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}; ` +
      `load average ${machine.loadBefore.map((x) => fmt(x)).join(' ')} before.`,
    '',
    table(COMPLEXITY_HEAD, complexityRows(complexity)),
    '',
    COMPLEXITY_END,
  ].join('\n');
  const start = previous.indexOf(COMPLEXITY_BEGIN.slice(0, 21));
  const end = previous.indexOf(COMPLEXITY_END);
  if (start >= 0 && end > start)
    return previous.slice(0, start) + generated + previous.slice(end + COMPLEXITY_END.length);
  // First run: right after the main generated section, or at the end.
  const mainEnd = previous.indexOf(END);
  if (mainEnd >= 0) {
    const at = mainEnd + END.length;
    return `${previous.slice(0, at)}\n\n${generated}${previous.slice(at)}`;
  }
  return `${previous || '# Benchmarks\n'}\n${generated}\n`;
}
