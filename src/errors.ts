/**
 * Errors a user can fix: a bad roster cell, a missing folder, a wrong option.
 * The CLI prints these without a stack trace; anything else is a bug and shows one.
 */
import type { Lang } from './i18n/lang.js';
import { msg } from './i18n/messages.js';
import { pick, type Text } from './i18n/text.js';

export interface ErrorPlace {
  /** File the problem is in, as the user named it. */
  readonly file?: string;
  /** 1-based line number in that file. */
  readonly line?: number;
  /** Column name (CSV header) or 1-based column number. */
  readonly column?: string | number;
}

export class UserError extends Error {
  override readonly name = 'UserError';
  readonly place: ErrorPlace;
  /** The message in every language; `message` is its English text, for logs and stack traces. */
  readonly text: Text | string;
  /** What the user should do about it, in one sentence. */
  readonly hintText: Text | string | undefined;

  constructor(message: Text | string, options: { place?: ErrorPlace; hint?: Text | string; cause?: unknown } = {}) {
    super(pick(message, 'en'), options.cause === undefined ? undefined : { cause: options.cause });
    this.text = message;
    this.place = options.place ?? {};
    this.hintText = options.hint;
  }

  /** The hint in English (what older callers and tests read). */
  get hint(): string | undefined {
    return this.hintText === undefined ? undefined : pick(this.hintText, 'en');
  }

  /** "file:line, column X: message\n  hint" — the one shape every user-facing error is printed in. */
  format(lang: Lang = 'en'): string {
    const where: string[] = [];
    if (this.place.file != null) where.push(this.place.line != null ? `${this.place.file}:${this.place.line}` : this.place.file);
    if (this.place.column != null) {
      const column = typeof this.place.column === 'number' ? msg.common.columnNumber(this.place.column) : msg.common.column(this.place.column);
      where.push(column[lang]);
    }
    const message = pick(this.text, lang);
    const head = where.length > 0 ? `${where.join(', ')}: ${message}` : message;
    return this.hintText != null ? `${head}\n  ${pick(this.hintText, lang)}` : head;
  }
}

/** Caught values are not always Errors; every catch passes them through here. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
