#!/usr/bin/env node
// The thin entry: everything lives in the compiled CLI.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// glibc gives every thread that decodes images its own malloc arena and keeps their freed memory: measured on a scan
// of 24 photos of 12 MP, peak memory 1.7 GB by default and 1.4 GB with two arenas. The setting is read when the
// process starts, so on Linux the CLI starts itself once more with it (about 40 ms).
if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    // The fourth channel is the child's lifeline: it closes when this process ends in any way, kill -9 included.
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    // Its own process group, so that a Ctrl-C in the terminal reaches it once (from here), not twice: a second
    // Ctrl-C means "stop now" to the scan.
    detached: true,
  });
  // Pass every stop request on exactly once, and let the child decide how to stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal === 'SIGINT' ? 130 : 1);
  });
} else {
  if (process.channel !== undefined) {
    // Started by the launcher above (or by any program that talks to us over IPC): when that process is gone, the
    // user stopped the command — a batch job's timeout, kill -9, Ctrl-\ — so all work stops now, as it would had the
    // kill reached this process. Files are written under a temporary name and renamed when whole; a rerun removes the
    // leftovers.
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  const { main } = await import('../dist/src/cli/index.js');
  // `privacy-filter roster check x.csv | head` closes the pipe early: that is not an error worth a stack trace.
  process.stdout.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  process.exitCode = await main(process.argv);
}
