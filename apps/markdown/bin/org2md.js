#!/usr/bin/env node
// The command-line entry point; the code lives in src/org2md.ts.
import '../dist/org2md.js';
