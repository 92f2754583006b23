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
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  const lines = checks.flatMap((c) => [`${mark[c.status]}  ${c.name}: ${c.detail}`, ...(c.fix != null && c.status !== 'ok' ? [`        → ${c.fix}`] : [])]);
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push('', failed === 0 ? 'privacy-filter can run on this computer.' : `${failed} essential part${failed === 1 ? ' is' : 's are'} broken: fix ${failed === 1 ? 'it' : 'them'} as shown above.`);
  return lines;
}
