#!/usr/bin/env node
// The thin entry: everything lives in the compiled CLI.
import { main } from '../dist/src/cli/index.js';

process.exitCode = await main(process.argv);
