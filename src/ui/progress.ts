/**
 * Progress on stderr: a bar redrawn in place on a terminal, a plain line every so often otherwise (a log file,
 * CI), nothing when quiet. Results go to stdout, so a piped summary stays clean.
 */
import { catalogueIn } from '../i18n/compose.js';
import { outputLang } from '../i18n/current.js';
import { formatNumber, type Lang } from '../i18n/lang.js';
import { pick, type Text } from '../i18n/text.js';

export interface ProgressOptions {
  readonly total: number;
  /** What is counted, e.g. "photos", in the output language or as a Text in every language. */
  readonly unit: string | Text;
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  readonly quiet?: boolean;
  /** Without a terminal, a line at least every this many items ... */
  readonly everyItems?: number;
  /** ... or after this many seconds, whichever comes first. */
  readonly everySeconds?: number;
  /** Injectable clock for tests, in milliseconds. */
  readonly now?: () => number;
  /** Language of the words around the numbers; the command's output language by default. */
  readonly lang?: Lang;
}

export interface Progress {
  /** `done` items finished so far; `phase` says what happens now (e.g. "detecting faces in IMG_1.jpg"). */
  update(done: number, phase?: string | Text): void;
  /** Clears the bar (terminal) or prints a last line (log). Safe to call twice. */
  finish(): void;
}

const SILENT: Progress = Object.freeze({ update() {}, finish() {} });

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet === true || options.total === 0) return SILENT;
  const now = options.now ?? Date.now;
  const lang = options.lang ?? outputLang();
  const unit = pick(options.unit, lang);
  const started = now();
  const tty = stream.isTTY === true;
  const everyItems = options.everyItems ?? 25;
  const everyMs = (options.everySeconds ?? 10) * 1000;
  let lastLineAt = started;
  let lastLineDone = 0;
  let done = 0;
  let phase = '';
  let finished = false;

  const render = (width: number): string => {
    const text = progressText({ done, total: options.total, unit, elapsedMs: now() - started, phase }, lang);
    return text.length > width ? text.slice(0, Math.max(0, width - 1)) : text;
  };

  return {
    update(nextDone, nextPhase) {
      if (finished) return;
      done = nextDone;
      if (nextPhase !== undefined) phase = pick(nextPhase, lang);
      if (tty) {
        stream.write(`\r${render((stream.columns ?? 80) - 1)}\x1b[K`);
        return;
      }
      const at = now();
      if (done === options.total || done - lastLineDone >= everyItems || (at - lastLineAt >= everyMs && done > lastLineDone)) {
        stream.write(`${progressText({ done, total: options.total, unit, elapsedMs: at - started, phase: '' }, lang)}\n`);
        lastLineAt = at;
        lastLineDone = done;
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (tty) stream.write('\r\x1b[K');
      else if (lastLineDone !== done) stream.write(`${progressText({ done, total: options.total, unit, elapsedMs: now() - started, phase: '' }, lang)}\n`);
    },
  };
}

export interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly unit: string;
  readonly elapsedMs: number;
  readonly phase: string;
}

/** "[#####.....] 12/40 photos 30% · 1.5/s · 19s left · detecting IMG_1.jpg": pure, so the tests can read it. */
export function progressText(state: ProgressState, lang: Lang = 'en'): string {
  const say = catalogueIn(lang).progress;
  const share = state.total > 0 ? Math.min(1, state.done / state.total) : 1;
  const width = 20;
  const filled = Math.round(share * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const seconds = state.elapsedMs / 1000;
  const rate = seconds > 0 ? state.done / seconds : 0;
  const parts = [`${bar} ${state.done}/${state.total} ${state.unit} ${Math.floor(share * 100)}%`];
  if (state.done > 0 && rate > 0) {
    parts.push(say.perSecond(formatNumber(rate, lang, { maximumFractionDigits: rate >= 10 ? 0 : 1, minimumFractionDigits: rate >= 10 ? 0 : 1, useGrouping: false })));
    parts.push(say.left(formatDuration((state.total - state.done) / rate, lang)));
  }
  if (state.phase !== '') parts.push(state.phase);
  return parts.join(' · ');
}

/** 75 → "1m15s"; 3700 → "1h02m". */
export function formatDuration(seconds: number, lang: Lang = 'en'): string {
  const say = catalogueIn(lang).progress;
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return say.seconds(s);
  if (s < 3600) return say.minutes(Math.floor(s / 60), String(s % 60).padStart(2, '0'));
  return say.hours(Math.floor(s / 3600), String(Math.floor((s % 3600) / 60)).padStart(2, '0'));
}
