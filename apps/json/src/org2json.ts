import { runConverter } from '@orgnotes/cli';
import { org2json } from './index.js';

await runConverter(org2json);
