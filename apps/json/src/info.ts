/**
 * What org2json is, without its writer or the schema validator: enough for a command line or
 * a configuration (`converter.ts` loads the writer lazily).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { EXPORT_TAG_FLAGS } from '@orgnotes/core';
import type { Converter, SetContext } from '@orgnotes/cli';
import { graphOutputs, graphText } from './graph.js';

const require = createRequire(import.meta.url);
export const { version } = require('../package.json') as { version: string };

export const jsonInfo = {
  name: 'org2json',
  format: 'json',
  summary: 'write Org notes as JSON that validates against the orgnotes schema',
  version,
  extension: '.json',
  flags: {
    pretty: {
      type: 'boolean',
      description: 'indent the JSON by two spaces (larger, easier to read and diff)',
    },
    'private-files': {
      type: 'boolean',
      description:
        'also write private notes (an exclude tag in their #+FILETAGS), which are left out by default',
    },
    'exclude-tags': EXPORT_TAG_FLAGS['exclude-tags'],
    graph: {
      type: 'boolean',
      description:
        'with -o DIR: also write DIR/graph.json, the link graph of the exported notes (orgnotes export writes it unless the json option graph is false)',
    },
  },
  // JSON is the lossless model: includes and macros stay as written.
  lossless: true,
  module: import.meta.url,
  /** graph.json, the link graph of the exported notes (graph.ts), with --graph. */
  async setOutputs(set: SetContext) {
    return set.options['graph'] === true ? graphOutputs(set) : [];
  },
  /** graph.json is made from the link index alone, cheaply: its text is what its key hashes. */
  setOutputsKey(set: SetContext) {
    return set.options['graph'] === true
      ? createHash('sha256').update(graphText(set)).digest('hex')
      : 'no graph';
  },
  entry: { module: new URL('./converter.js', import.meta.url).href, name: 'converter' },
} satisfies Omit<Converter, 'convert'>;
