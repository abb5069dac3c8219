export * from './types.js';
export { readOrg, type ReadOptions, type ReadResult } from './reader.js';
export { printOrg, printInlines } from './printer.js';
export { signature } from './signature.js';
export { scanSettings, parseOptions, type FileSettings } from './settings.js';
export { formatDiagnostic, compareDiagnostics, LineIndex, type Diagnostic, type Severity } from './diagnostics.js';
