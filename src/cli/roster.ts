import type { Command } from 'commander';

export function registerRosterCommands(_program: Command): void {
  // filled in by its issue
}
