/** `demo`: parses its options, runs the demo (src/demo/), and with --review opens the review page on its scan. */
import type { Command } from 'commander';
import { runDemo } from '../demo/demo.js';
import { openReviewSession } from '../review/session.js';
import { serve } from './review.js';
import { outputLang, tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(tr(msg.commands.demo.description))
    .option('--folder <folder>', tr(msg.commands.demo.folder), 'privacy-filter-demo')
    .option('--review', tr(msg.commands.demo.review))
    .option('--no-open', tr(msg.commands.demo.noOpen))
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
