/** `review`: the review page of a scan, served on 127.0.0.1 until the teacher presses Done (src/review/). */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { runScanAgain } from '../review/rerun.js';
import { startReviewServer } from '../review/server.js';
import { latestReport, openReviewSession, type ReviewSession } from '../review/session.js';
import { tr } from '../i18n/current.js';
import { msg } from '../i18n/messages.js';

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description(tr(msg.commands.review.description))
    .argument('[report-folder]', tr(msg.commands.review.folderArgument))
    .option('--no-open', tr(msg.commands.review.noOpen))
    .action(async (folder: string | undefined, options: { open: boolean }) => {
      process.exitCode = await runReview(process.cwd(), folder ?? null, options.open);
    });
}

export async function runReview(cwd: string, folder: string | null, open: boolean): Promise<number> {
  const reportDir = folder ?? (await latestReport(cwd));
  const session = await openReviewSession(reportDir, cwd);
  await serve(session, open);
  return 0;
}

/** Serves the review page of `session` until Done or Ctrl-C; `demo --review` ends with it too. */
export async function serve(session: ReviewSession, open: boolean): Promise<void> {
  const server = await startReviewServer(session, () => runScanAgain(session.report(), session.reportDir, session.store.root));
  // The address first, alone on its line: scripts and tests read it from there.
  process.stdout.write(`${server.url}\n`);
  const photos = session.report().photos.length;
  process.stdout.write(`${tr(msg.correct.reviewing(session.reportDir, photos, open))}\n`);
  if (open) openBrowser(server.url);
  const stop = (): void => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server.close();
  }
  process.stdout.write(`${tr(msg.correct.reviewFinished)}\n`);
}

/** The system's own opener; a failure only means the teacher opens the printed address by hand. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Printed above already.
  }
}
