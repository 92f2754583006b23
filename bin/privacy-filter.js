#!/usr/bin/env node
// The thin entry: everything lives in the compiled CLI.
import { main } from '../dist/src/cli/index.js';

// `privacy-filter roster check x.csv | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv);
