#!/usr/bin/env node
// The command-line entry point; the code lives in src/org2man.ts.
import '../dist/org2man.js';
