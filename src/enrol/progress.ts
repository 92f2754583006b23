import { msg } from '../i18n/messages.js';
import { createProgress, type Progress } from '../ui/progress.js';

/** The one progress bar of every enrolment, created at the first report because only enrolment knows how many portraits it found. */
export function portraitProgress(quiet: boolean): { readonly onProgress: (done: number, total: number) => void; finish(): void } {
  let bar: Progress | null = null;
  return {
    onProgress(done, total) {
      bar ??= createProgress({ total, unit: msg.progress.portraits, quiet });
      bar.update(done, msg.progress.enrolling);
    },
    finish: () => bar?.finish(),
  };
}
