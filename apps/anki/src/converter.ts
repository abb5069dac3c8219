/** org2anki for `orgnotes export`: the card writer loads with the first document converted. */
import { lazyConverter } from '@orgnotes/cli';
import { ankiInfo } from './info.js';

export const converter = lazyConverter(ankiInfo, async () => {
  const { converter: writer } = await import('./convert.js');
  await writer.prepare?.();
  return writer.convert;
});
