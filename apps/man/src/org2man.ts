import { runConverter } from '@orgnotes/cli';
import { converter } from './index.js';

await runConverter(converter);
