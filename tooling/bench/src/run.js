// `pnpm bench`: orgnotes against bare uniorg-parse and pandoc, side by side on the same files,
// in one run. Every measurement runs in a child process of its own, so that its wall time and
// peak RSS (`/usr/bin/time -f %M`) are its own; short ones are repeated and the median kept.
// Prints the table and rewrites docs/benchmarks.md with it and the machine it ran on.
// Then the complexity section (src/complexity.js): each stage's cost on adversarial shapes at
// several sizes, with the fitted exponent. A benchmark, not a test: nothing here asserts a timing.
//
//   node src/run.js [--sets 1,4,16] [--runs 3] [--no-pandoc] [--no-write] [--quick] [--no-complexity]
//   node src/run.js --complexity [--sizes 4] [--runs 3] [--no-write]   (the complexity section alone)
//   node src/run.js --against DIR [--rounds 6] [--sets 1]   (this checkout against another, at once)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compareCheckouts, renderComparison } from './against.js';
import { has, haveTaskset, haveTime, runOnce } from './processes.js';
import { describeSet, makeSet, withOneFileChanged } from './sets.js';
import {
  renderComplexityMarkdown,
  renderComplexityText,
  renderMarkdown,
  renderText,
} from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const { values: args } = parseArgs({
  options: {
    sets: { type: 'string', default: '1,4,16' },
    runs: { type: 'string', default: '3' },
    'no-pandoc': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    complexity: { type: 'boolean', default: false },
    'no-complexity': { type: 'boolean', default: false },
    sizes: { type: 'string', default: '4' },
    against: { type: 'string' },
    rounds: { type: 'string', default: '6' },
  },
});
const factors = (args.quick ? '1' : args.sets).split(',').map(Number);
const shortRuns = args.quick ? 1 : Number(args.runs);

const corpus = process.env.ORGNOTES_CORPUS ?? path.resolve(repoRoot, '../shared/corpus');
if (!args.complexity && !existsSync(corpus)) {
  console.error(`bench: no corpus at ${corpus} (set ORGNOTES_CORPUS); nothing to measure.`);
  process.exit(1);
}
const cacheDir = path.join(here, '../node_modules/.cache/orgnotes-bench');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'orgnotes-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/**
 * Clears a measured run's output directory by moving it aside; the moved directories go
 * with the scratch directory when the bench ends. Deleting thousands of files just before a
 * run makes that run's file creations slower: this disk's ext4 has no journal, and then it
 * skips, inode by inode, those deleted in the last seconds (`recently_deleted` in the kernel's
 * inode allocator took a tenth of a cold export's samples in `perf`). A CI run starts from a
 * fresh checkout, not from a mass deletion, so neither orgnotes nor pandoc pays that here.
 */
let setAsideCount = 0;
function setAside(dir) {
  if (!existsSync(dir)) return;
  const trash = path.join(scratch, 'set-aside');
  mkdirSync(trash, { recursive: true });
  renameSync(dir, path.join(trash, String(setAsideCount++)));
}

const pandoc =
  !args['no-pandoc'] && has('pandoc')
    ? spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]
    : null;
const cores = os.availableParallelism();

// `orgnotes export` (apps/orgnotes), measured end to end once it is built.
const cliBin = path.join(repoRoot, 'apps/orgnotes/bin/orgnotes.js');
const cli =
  existsSync(cliBin) && existsSync(path.join(repoRoot, 'apps/orgnotes/dist')) ? cliBin : null;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Repeats a measurement; keeps the run of median wall time, and the highest peak RSS of all. */
async function measure(label, command, commandArgs, options = {}) {
  const runs = [];
  for (let i = 0; i < (options.runs ?? shortRuns); i++) {
    options.before?.();
    const run = await runOnce(command, commandArgs, {
      cwd: scratch,
      ...options,
      core: options.oneCore ? 0 : undefined,
    });
    if (!(options.okCodes ?? [0]).includes(run.code)) {
      process.stderr.write(
        `bench: ${label} failed (exit ${run.code}):\n${run.stderr.slice(-2000)}\n`,
      );
      return { label, failed: true };
    }
    runs.push(run);
  }
  const wall = median(runs.map((r) => r.wall));
  const chosen = runs.find((r) => r.wall === wall);
  return {
    label,
    wall,
    cpu: chosen.cpu,
    rssKb: Math.max(...runs.map((r) => r.rssKb ?? 0)) || null,
    report: chosen.report,
    runs: runs.length,
  };
}

const node = process.execPath;
const measureJs = path.join(here, 'measure.js');
const inProcess = (kind, set, out, options) =>
  measure(kind, node, [measureJs, kind, set.dir, ...(out ? [out] : [])], {
    oneCore: true,
    ...options,
  });

/** The corpora of a set: its top-level directories (of its first copy), each a set of its own. */
function corpusParts(set) {
  const prefix = set.files[0]?.startsWith('copy-0/') ? 'copy-0/' : '';
  const names = [...new Set(set.files.map((f) => f.slice(prefix.length).split('/')[0]))].filter(
    (name) => set.files.some((f) => f.startsWith(`${prefix}${name}/`)),
  );
  return names.map((name) => {
    const files = set.files
      .filter((f) => f.startsWith(`${prefix}${name}/`))
      .map((f) => f.slice(prefix.length + name.length + 1));
    const dir = path.join(set.dir, prefix, name);
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
    return { factor: set.factor, name, dir, files, bytes };
  });
}

/** pandoc over every file of the set, `concurrency` processes at a time, for one output format. */
async function pandocSet(set, format, concurrency) {
  const files = [...set.files];
  const out = path.join(scratch, `pandoc-${format}`);
  setAside(out);
  mkdirSync(out, { recursive: true });
  let worst = { rssKb: 0, file: '' };
  let failures = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      const file = files[index];
      const run = await runOnce(
        'pandoc',
        [
          '-f',
          'org',
          '-t',
          format,
          path.join(set.dir, file),
          '-o',
          path.join(out, `${index}.${format}`),
        ],
        { cwd: scratch },
      );
      if (run.code !== 0) failures += 1;
      if ((run.rssKb ?? 0) > worst.rssKb) worst = { rssKb: run.rssKb, file };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wall = (performance.now() - start) / 1000;
  setAside(out);
  return {
    label: `pandoc ${format}`,
    wall,
    rssKb: worst.rssKb,
    worstFile: worst.file,
    failures,
    runs: 1,
  };
}

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const results = [];
function record(set, row) {
  const entry = { set: set.factor, files: set.files.length, bytes: set.bytes, ...row };
  results.push(entry);
  const rss = entry.rssKb ? `${(entry.rssKb / 1024).toFixed(0)} MB` : '-';
  log(
    `${entry.set}x ${entry.label}: ${entry.failed ? 'FAILED' : `${entry.wall.toFixed(2)} s, ${rss}`}`,
  );
  return entry;
}

/** Runs src/complexity.js in a process of its own, with garbage collection exposed. */
function measureComplexity() {
  log(`complexity: ${args.sizes} sizes per shape and stage, best of ${shortRuns}`);
  const child = spawnSync(
    node,
    [
      '--expose-gc',
      path.join(here, 'complexity.js'),
      '--sizes',
      args.sizes,
      '--runs',
      String(shortRuns),
    ],
    {
      cwd: here,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (child.status !== 0) {
    process.stderr.write(`bench: complexity failed (exit ${child.status})\n`);
    process.exit(1);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop());
}

if (args.against !== undefined) {
  await compareAgainst(args.against);
  process.exit(0);
}

/**
 * `--against DIR`: this checkout's `orgnotes export` and DIR's (another checkout, built) at
 * the same time, one core each (src/against.js); prints the comparison, writes no docs.
 */
async function compareAgainst(other) {
  const otherBin = path.join(path.resolve(other), 'apps/orgnotes/bin/orgnotes.js');
  const problems = [
    !cli && 'this checkout has no built apps/orgnotes (run the build first)',
    !existsSync(path.join(path.resolve(other), 'apps/orgnotes/dist')) &&
      `${other} has no built apps/orgnotes`,
    !haveTime && 'it needs /usr/bin/time',
    !haveTaskset && 'it needs taskset',
    cores < 2 && 'it needs two cores',
  ].filter(Boolean);
  if (problems.length) {
    console.error(`bench --against: ${problems.join('; ')}`);
    process.exit(1);
  }
  const rounds = Number(args.rounds);
  // The 1x set unless --sets says otherwise: each round exports the set six times.
  const chosen = process.argv.some((a) => a.startsWith('--sets')) ? factors : [1];
  for (const factor of chosen) {
    const set = { factor, ...describeSet(makeSet(corpus, cacheDir, factor)) };
    log(`${factor}x: this checkout against ${other}, ${rounds} rounds`);
    const rows = await compareCheckouts({
      sides: [
        { name: 'this checkout', bin: cliBin },
        { name: path.basename(path.resolve(other)), bin: otherBin },
      ],
      setDir: set.dir,
      files: set.files,
      rounds,
      workDir: mkdtempSync(path.join(scratch, `against-${factor}x-`)),
      log,
    });
    process.stdout.write(renderComparison(rows, { set: `${factor}x`, rounds }) + '\n');
  }
}

const loadBefore = os.loadavg();
const started = new Date();
if (!args.complexity) await measureSets();
// The complexity section is part of every full run (not of --quick), or runs alone.
const complexity =
  args.complexity || (!args.quick && !args['no-complexity']) ? measureComplexity() : null;

async function measureSets() {
  log(
    `corpus ${corpus}; sets ${factors.join(', ')}x; ${shortRuns} run(s) of short measurements; pandoc: ${pandoc ?? (args['no-pandoc'] ? 'skipped' : 'absent')}; orgnotes export: ${cli ? 'present' : 'absent'}`,
  );

  for (const factor of factors) {
    const set = { factor, ...describeSet(makeSet(corpus, cacheDir, factor)) };
    const big = factor >= 16;
    const runs = factor === 1 ? shortRuns : 1;
    const out = path.join(scratch, 'out');
    const clean = () => setAside(out);

    record(set, {
      ...(await inProcess('uniorg', set, null, { runs })),
      label: 'uniorg-parse (bare)',
      group: 'parse',
    });
    if (factor === 1) {
      record(set, {
        ...(await inProcess('uniorg-pos', set, null, { runs })),
        label: 'uniorg-parse (positions, our options)',
        group: 'parse',
      });
      record(set, {
        ...(await inProcess('read', set, null, { runs })),
        label: 'our reader (buildNoteSet)',
        group: 'parse',
      });
      for (const name of ['json', 'markdown', 'anki', 'man']) {
        record(set, {
          ...(await inProcess(`convert:${name}`, set, null, { runs })),
          label: `reader + ${name} exporter`,
          group: 'exporter',
          converter: name,
        });
      }
    }
    // The in-process reference (reader once, four converters, outputs written); with `orgnotes
    // export` present it is kept for the 1x set only.
    if (!cli || factor === 1)
      record(set, {
        ...(await inProcess('four', set, out, { runs, before: clean })),
        label: 'four formats, in-process, 1 core',
        group: 'four',
        mode: 'in-process',
      });

    if (cli) {
      // Run from the scratch directory, so that no orgnotes.config.json of this repository applies.
      // ORGNOTES_JOBS sets the worker threads (0: none, the one-core measurement). Exit 1 is
      // accepted: the corpus has real errors in it (duplicate IDs across its notes).
      const cacheRoot = path.join(scratch, 'cli-cache');
      const exportArgs = [cli, 'export', '-q', '-o', out, '--cache-dir', cacheRoot, set.dir];
      const cli1 = { okCodes: [0, 1], runs };
      const cold = () => {
        clean();
        setAside(cacheRoot);
      };
      record(set, {
        ...(await measure('cli-cold-1', node, exportArgs, {
          ...cli1,
          oneCore: true,
          env: { ORGNOTES_JOBS: '0' },
          before: cold,
        })),
        label: 'orgnotes export, cold, 1 core (ORGNOTES_JOBS=0)',
        group: 'four',
        mode: 'cold-1',
      });
      if (factor <= 4) {
        record(set, {
          ...(await measure('cli-cold-2', node, exportArgs, {
            ...cli1,
            env: { ORGNOTES_JOBS: '2' },
            before: cold,
          })),
          label: 'orgnotes export, cold, 2 worker threads (ORGNOTES_JOBS=2)',
          group: 'four',
          mode: 'cold-2',
        });
      }
      const all = record(set, {
        ...(await measure('cli-cold', node, exportArgs, { ...cli1, before: cold })),
        label: `orgnotes export, cold, default threads (${cores} cores)`,
        group: 'four',
        mode: 'cold',
      });
      if (!all.failed) {
        record(set, {
          ...(await measure('cli-warm', node, exportArgs, cli1)),
          label: 'orgnotes export, warm (nothing changed)',
          group: 'four',
          mode: 'warm',
        });
        const changed = await withOneFileChanged([set.dir], set.files, () =>
          measure('cli-one', node, exportArgs, { ...cli1, runs: 1 }),
        );
        record(set, {
          ...changed,
          label: 'orgnotes export, one file changed',
          group: 'four',
          mode: 'one-changed',
        });
      }
    }

    // Against pandoc, corpus by corpus (the Org manual, Worg, an org-roam knowledge base are
    // notes of different shapes): orgnotes exporting the corpus's directory in four formats,
    // cold, with all cores; pandoc, which has no multi-file mode, one process per file and
    // format, as many at a time as there are cores.
    if (factor === 1) {
      for (const part of corpusParts(set)) {
        if (cli) {
          const partOut = path.join(scratch, 'out-part');
          const partCache = path.join(scratch, 'cli-cache-part');
          record(part, {
            ...(await measure(
              `cli-cold-${part.name}`,
              node,
              // Worg's own index.org takes index.md, the name of the set's index (a usage
              // error, exit 2, as a user would be told): the set's index is named otherwise.
              [
                cli,
                'export',
                '-q',
                '-o',
                partOut,
                '--cache-dir',
                partCache,
                '--option',
                'markdown.index-page=orgnotes-index.md',
                part.dir,
              ],
              {
                okCodes: [0, 1],
                runs,
                before: () => {
                  setAside(partOut);
                  setAside(partCache);
                },
              },
            )),
            label: `orgnotes export, cold, default threads: ${part.name}`,
            group: 'four',
            mode: 'cold',
            part: part.name,
          });
          setAside(partOut);
        }
        if (pandoc)
          for (const format of ['gfm', 'man', 'json'])
            record(part, {
              ...(await pandocSet(part, format, Math.max(2, cores))),
              label: `pandoc ${format}: ${part.name}`,
              group: 'pandoc',
              format,
              part: part.name,
            });
      }
    }
    if (big) clean();
  }
}

const machine = {
  cpu:
    (readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) ?? [])[1] ??
    os.cpus()[0]?.model ??
    'unknown',
  cores,
  memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  free: spawnSync('free', ['-h'], { encoding: 'utf8' }).stdout?.trimEnd() ?? '',
  node: process.version,
  os: `${os.type()} ${os.release()}`,
  pandoc,
  cli: Boolean(cli),
  taskset: haveTaskset,
  loadBefore,
  loadAfter: os.loadavg(),
  started: started.toISOString(),
  minutes: (Date.now() - started.getTime()) / 60000,
  runs: shortRuns,
};
const summary = { machine, results, complexity };
mkdirSync(cacheDir, { recursive: true });
writeFileSync(
  path.join(cacheDir, args.complexity ? 'last-complexity-run.json' : 'last-run.json'),
  JSON.stringify(summary, null, 2),
);
if (!args.complexity) process.stdout.write(renderText(summary));
if (complexity) process.stdout.write(renderComplexityText(complexity));
if (!args['no-write'] && !args.quick) {
  const doc = path.join(repoRoot, 'docs/benchmarks.md');
  let text = existsSync(doc) ? readFileSync(doc, 'utf8') : '';
  if (!args.complexity) text = renderMarkdown(summary, text);
  if (complexity) text = renderComplexityMarkdown(complexity, machine, text);
  writeFileSync(doc, text);
  // Keep the page as `pnpm format:check` wants it (the generated tables get aligned).
  const prettier = path.join(repoRoot, 'node_modules/.bin/prettier');
  if (existsSync(prettier))
    spawnSync(prettier, ['--write', doc], { cwd: repoRoot, stdio: 'ignore' });
  log(`wrote ${path.relative(process.cwd(), doc)}`);
}
