import { runConverter } from '@orgnotes/cli';
import { converter } from './convert.js';
import { packagesAfterRun } from './packages.js';

const argv = process.argv.slice(2);
await runConverter(converter, argv);
await packagesAfterRun(argv);
