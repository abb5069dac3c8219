#!/usr/bin/env node
// The command-line entry point; the code lives in src/org2anki.ts.
import '../dist/org2anki.js';
