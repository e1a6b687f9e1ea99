#!/usr/bin/env node
// Entry point of the operations CLI: `npm run ops -- <command>` (tsx cli/main.ts).
import { processIo } from './io';
import { runCli } from './program';

runCli(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
