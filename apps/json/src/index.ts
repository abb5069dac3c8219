/**
 * The JSON form of the notes model: what other programs consume, validated by the schema,
 * and convertible back to the very same Org text.
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Converter } from '@orgnotes/cli';
import { jsonInfo } from './info.js';
import { convertToJson } from './write.js';

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

export const org2json: Converter = { ...jsonInfo, convert: convertToJson };
