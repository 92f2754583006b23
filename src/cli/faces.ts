import type { Command } from 'commander';

export function registerFaceCommands(_program: Command): void {
  // filled in by its issue
}
