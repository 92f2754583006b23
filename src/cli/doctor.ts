import type { Command } from 'commander';
import { runDoctor, type Check } from '../doctor/checks.js';
import { EXIT } from '../exit.js';
import { tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';

/** `doctor`: checks that everything privacy-filter needs runs here, one part at a time, and prints what to fix. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(tr(msg.commands.doctor.description))
    .action(async () => {
      const checks = await runDoctor(process.cwd());
      process.stdout.write(formatChecks(checks).join('\n') + '\n');
      if (checks.some((c) => c.status === 'fail')) process.exitCode = EXIT.userError;
    });
}

export function formatChecks(checks: readonly Check[]): string[] {
  const say = msg.doctor;
  const marks = { ok: tr(say.ok), warn: tr(say.warn), fail: tr(say.fail) };
  const width = Math.max(...Object.values(marks).map((mark) => mark.length));
  const indent = ' '.repeat(width + 4);
  const lines = checks.flatMap((c) => [
    `${marks[c.status].padEnd(width)}  ${tr(c.name)}: ${tr(c.detail)}`,
    ...(c.fix != null && c.status !== 'ok' ? [`${indent}→ ${tr(c.fix)}`] : []),
  ]);
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push('', tr(failed === 0 ? say.canRun : say.broken(failed)));
  return lines;
}
