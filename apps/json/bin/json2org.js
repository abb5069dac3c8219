#!/usr/bin/env node
// The command-line entry point; the code lives in src/json2org.ts.
import '../dist/json2org.js';
