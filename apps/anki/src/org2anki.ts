import { runConverter } from '@orgnotes/cli';
import { converter } from './convert.js';

await runConverter(converter);
