import type { Command } from 'commander';

export function registerScanCommands(_program: Command): void {
  // filled in by its issue
}
