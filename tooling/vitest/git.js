// git in a test's temporary repository, as a fixed author, with commit dates the test gives:
// what a test of dates taken from git needs so that nothing depends on the clock or on the
// machine's git configuration.
import { execFileSync } from 'node:child_process';

export function gitIn(cwd) {
  return (args, date) =>
    execFileSync('git', args, {
      cwd,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.org',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.org',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
      },
    });
}
