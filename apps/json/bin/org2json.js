#!/usr/bin/env node
// The command-line entry point; the code lives in src/org2json.ts.
import '../dist/org2json.js';
