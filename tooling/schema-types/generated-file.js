// What both generators do with their output: format it as the repository does, then write it,
// or with --check fail (exit 1) when the committed file differs.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import prettier from 'prettier';

/**
 * `text` (TypeScript) into `outArg`, relative to the package's directory; `what` names it in
 * the message when it is up to date ("generated types are"), `name` is the package's (the
 * stale message says what to run).
 */
export async function writeOrCheck(outArg, text, what, name) {
  const formatted = await prettier.format(text, {
    parser: 'typescript',
    singleQuote: true,
    printWidth: 100,
  });
  const outPath = path.resolve(outArg);
  if (process.argv.includes('--check')) {
    const current = await readFile(outPath, 'utf8').catch(() => '');
    if (current !== formatted) {
      console.error(
        `${outArg} is stale: run \`pnpm --filter ${name} generate\` and commit the result.`,
      );
      process.exit(1);
    }
    console.log(`${what} up to date`);
  } else {
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(outPath, formatted);
    console.log(`wrote ${outArg}`);
  }
}

/** The name of the package run from (for the generated file's banner). */
export async function packageName() {
  return JSON.parse(await readFile('package.json', 'utf8')).name;
}
