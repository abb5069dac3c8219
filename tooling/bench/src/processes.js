// Running one measured command in a process of its own: its wall time from here, its CPU time
// and peak RSS from /usr/bin/time, optionally pinned to one core with taskset.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const has = (command) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
export const haveTime = existsSync('/usr/bin/time');
export const haveTaskset = has('taskset');

/**
 * Runs one command in its own process, from `cwd`, pinned to `core` when given (and taskset
 * exists); wall time from here, CPU time and peak RSS from /usr/bin/time (written into
 * `timeDir`), or the RSS from the child's own report when it prints one and time is missing.
 */
export function runOnce(command, commandArgs, { core, env = {}, cwd, timeDir = cwd }) {
  const timeFile = path.join(timeDir, `time-${process.hrtime.bigint()}`);
  let argv = [command, ...commandArgs];
  if (haveTime) argv = ['/usr/bin/time', '-f', '%M %U %S', '-o', timeFile, ...argv];
  if (core !== undefined && haveTaskset) argv = ['taskset', '-c', String(core), ...argv];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - start) / 1000;
      let rssKb = null;
      let cpu = null;
      if (haveTime && existsSync(timeFile)) {
        const fields = readFileSync(timeFile, 'utf8')
          .trim()
          .split('\n')
          .pop()
          .split(' ')
          .map(Number);
        rssKb = fields[0];
        cpu = fields[1] + fields[2];
      }
      let report = null;
      const last = stdout.trim().split('\n').pop();
      if (last?.startsWith('{')) {
        try {
          report = JSON.parse(last);
        } catch {
          report = null;
        }
      }
      rssKb ??= report?.maxRssKb ?? null;
      resolve({ code, wall, rssKb, cpu, report, stderr });
    });
  });
}
