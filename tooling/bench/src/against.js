// `pnpm bench -- --against DIR`: this checkout's `orgnotes export` against another built
// checkout's (DIR: a git worktree of the commit before a change, say), on the same set.
//
// Two runs minutes apart do not compare on a shared host: its speed moves by tens of percent
// within minutes. So the two commands run at the same time, each pinned to a core of its own
// (`taskset`), on copies of the same set, and swap cores every round: both meet the same load,
// and a core slower than the other (they differ too) counts against each in turn. Each round
// measures a cold export on one core (ORGNOTES_JOBS=0, empty cache), a warm one (nothing
// changed) and one after a heading is appended to one file; then a cold export with two
// worker threads each (ORGNOTES_JOBS=2), both at once across both cores: what the workers
// cost in CPU, since wall time with workers cannot be compared while the other side runs.
// Reported: the median CPU time (user + system) and peak RSS of each side, and the ratio of
// this checkout to DIR, estimated without the cores' difference: the geometric mean of the
// median ratios with this checkout on each core (for the unpinned worker runs, the median
// ratio of the rounds).
import { cpSync, existsSync, renameSync } from 'node:fs';
import path from 'node:path';
import { runOnce } from './processes.js';
import { withOneFileChanged } from './sets.js';

const PHASES = ['cold', 'warm', 'one-changed', 'cold, 2 workers'];

/**
 * One `orgnotes export` of the side's copy of the set, pinned to `core` (undefined: not
 * pinned) with `jobs` worker threads, into `out` with the cache `cache`: CPU seconds and peak RSS.
 */
async function exportOnCore(bin, core, dir, { jobs = 0, out = 'out', cache = 'cache' } = {}) {
  const run = await runOnce(
    process.execPath,
    [bin, 'export', '-q', '-o', out, '--cache-dir', cache, 'set'],
    // From the side's own directory, so that no orgnotes.config.json applies.
    { core, cwd: dir, env: { ORGNOTES_JOBS: String(jobs) } },
  );
  // Exit 1 is the corpus's own errors (duplicate IDs); anything else is a failure.
  if (run.code !== 0 && run.code !== 1)
    throw new Error(`${bin} exited ${run.code}:\n${run.stderr.slice(-2000)}`);
  return { cpu: run.cpu, rssKb: run.rssKb };
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/**
 * Runs `rounds` rounds on the set at `setDir`; `sides` are `{ name, bin }`, this checkout first.
 * `workDir` gets a directory per side (its own copy of the set, cache and outputs).
 */
export async function compareCheckouts({ sides, setDir, files, rounds, workDir, log }) {
  const dirs = sides.map((side, i) => {
    const dir = path.join(workDir, `side-${i}`);
    cpSync(setDir, path.join(dir, 'set'), { recursive: true });
    return dir;
  });
  const samples = sides.map(() => Object.fromEntries(PHASES.map((p) => [p, []])));
  for (let round = 0; round < rounds; round++) {
    const cores = round % 2 === 0 ? [0, 1] : [1, 0];
    // Pinned: one core each (this round's); not pinned: both sides share both cores.
    const both = (phase, { pinned = true, ...run } = {}) =>
      Promise.all(
        sides.map((side, i) => {
          const core = pinned ? cores[i] : undefined;
          return exportOnCore(side.bin, core, dirs[i], run).then((result) =>
            samples[i][phase].push({ ...result, core }),
          );
        }),
      );
    // A fresh cache and output directory for each cold run: the last ones are renamed aside,
    // not deleted (see setAside in run.js: deleting thousands of files slows the next creations).
    for (const dir of dirs)
      for (const name of ['out', 'cache', 'out-workers', 'cache-workers'])
        if (existsSync(path.join(dir, name)))
          renameSync(path.join(dir, name), path.join(dir, `${name}-aside-${round}`));
    await both('cold');
    await both('warm');
    await withOneFileChanged(
      dirs.map((dir) => path.join(dir, 'set')),
      files,
      () => both('one-changed'),
    );
    await both('cold, 2 workers', {
      pinned: false,
      jobs: 2,
      out: 'out-workers',
      cache: 'cache-workers',
    });
    log(
      `round ${round + 1}/${rounds}: ` +
        PHASES.map(
          (phase) =>
            `${phase} ${samples
              .map((s, i) => `${sides[i].name} ${s[phase].at(-1).cpu.toFixed(2)} s`)
              .join(' / ')}`,
        ).join('; '),
    );
  }
  return PHASES.map((phase) => {
    const [mine, theirs] = samples.map((s) => s[phase]);
    // Per round, this checkout's CPU over DIR's; the median of the rounds with this checkout
    // on core 0, and of those on core 1; their geometric mean cancels the cores' difference.
    const ratiosOn = (core) =>
      mine.flatMap((m, r) => (m.core === core ? [m.cpu / theirs[r].cpu] : []));
    const onEach = [0, 1, undefined]
      .map(ratiosOn)
      .filter((r) => r.length > 0)
      .map(median);
    const ratio = Math.exp(onEach.reduce((sum, r) => sum + Math.log(r), 0) / onEach.length);
    return {
      phase,
      sides: samples.map((s, i) => ({
        name: sides[i].name,
        cpu: median(s[phase].map((x) => x.cpu)),
        rssMb: Math.max(...s[phase].map((x) => x.rssKb)) / 1024,
      })),
      ratio,
      rounds: mine.length,
    };
  });
}

/** The comparison as a Markdown table (for a change's note or issue). */
export function renderComparison(rows, { set, rounds }) {
  const [a, b] = rows[0].sides.map((s) => s.name);
  const lines = [
    `orgnotes export on the ${set} set, ${rounds} rounds, both at once: one core each, swapped every round (with 2 workers: both sides on both cores):`,
    '',
    `| measurement | ${a}: median CPU s | ${b}: median CPU s | ${a} / ${b} (cores' difference cancelled) | ${a}: peak RSS MB | ${b}: peak RSS MB |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.phase} | ${row.sides[0].cpu.toFixed(2)} | ${row.sides[1].cpu.toFixed(2)} | ${row.ratio.toFixed(3)} | ${row.sides[0].rssMb.toFixed(0)} | ${row.sides[1].rssMb.toFixed(0)} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}
