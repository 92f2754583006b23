/** `demo`: parses its options, runs the demo (src/demo/), and with --review opens the review page on its scan. */
import type { Command } from 'commander';
import { runDemo } from '../demo/demo.js';
import { outputLang } from '../i18n/current.js';
import { openReviewSession } from '../review/session.js';
import { serve } from './review.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the whole flow on the shipped demo photos, in a folder of its own: roster check, enrolment, a scan and its report.')
    .option('--folder <folder>', 'where the demo goes', 'privacy-filter-demo')
    .option('--review', 'then open the review page on the scan')
    .option('--no-open', 'with --review: only print the address')
    .action(async (options: { folder: string; review?: boolean; open: boolean }) => {
      process.exitCode = await demo(process.cwd(), options.folder, options.review === true, options.open);
    });
}

async function demo(cwd: string, folder: string, review: boolean, open: boolean): Promise<number> {
  const result = await runDemo(cwd, folder, outputLang());
  if (result.kind === 'failed') return result.code;
  if (!review) return 0;
  process.stdout.write('\n');
  const session = await openReviewSession(result.report, result.dir);
  await serve(session, open);
  return 0;
}
