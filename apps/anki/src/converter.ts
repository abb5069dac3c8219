/** org2anki for `orgnotes export`: the card writer loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { ankiInfo } from './info.js';

export const converter = lazyConverter(ankiInfo, async () => (await import('./convert.js')).converter.convert);
