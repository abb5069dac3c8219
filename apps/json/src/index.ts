/**
 * The JSON form of the notes model: what other programs consume, validated by the schema,
 * and convertible back to the very same Org text.
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { exportConfigFromOptions, isFileExported } from '@orgnotes/core';
import type { Converter } from '@orgnotes/cli';
import { jsonInfo } from './info.js';
import { toJson } from './write.js';

export { version, jsonInfo } from './info.js';
export { toJson } from './write.js';
export {
  graphOf,
  GRAPH_FILE,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type NodeOutputs,
} from './graph.js';

const require = createRequire(import.meta.url);
export const schema = require('@orgnotes/core/schema/notes.schema.json') as Record<string, unknown>;

export const graphSchema = require('../schema/graph.schema.json') as Record<string, unknown>;

let validator: ValidateFunction | undefined;
let graphValidator: ValidateFunction | undefined;

/** Validates a parsed graph.json against its schema; returns readable problems (empty when valid). */
export function validateGraph(value: unknown): string[] {
  graphValidator ??= new Ajv2020({ allErrors: false, strict: true }).compile(graphSchema);
  if (graphValidator(value)) return [];
  return (graphValidator.errors ?? []).map(describeError);
}

/** Validates a parsed JSON value against the notes schema; returns readable problems (empty when valid). */
export function validateDocument(value: unknown): string[] {
  validator ??= new Ajv2020({ allErrors: false, strict: true, discriminator: true }).compile(
    schema,
  );
  if (validator(value)) return [];
  return (validator.errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  return `${where}: ${error.message ?? 'is invalid'}${error.params && 'allowedValues' in error.params ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : ''}`;
}

export const org2json: Converter = {
  ...jsonInfo,
  convert(document, context) {
    // JSON is each file's whole model (excluded subtrees too: a round trip needs them), but a
    // private file is written only when asked: publishing the JSON must not publish it.
    const config = exportConfigFromOptions(context.options);
    if (context.options['private-files'] !== true && !isFileExported(document, config)) return [];
    return [
      {
        path: context.outputPath,
        content: toJson(document, context.options.pretty === true, context.notes, config),
      },
    ];
  },
};
