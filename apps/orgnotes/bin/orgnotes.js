#!/usr/bin/env node
// The command-line entry point; the code lives in src/orgnotes.ts.
import '../dist/orgnotes.js';
