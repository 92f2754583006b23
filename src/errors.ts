/**
 * Errors a user can fix: a bad roster cell, a missing folder, a wrong option.
 * The CLI prints these without a stack trace; anything else is a bug and shows one.
 */
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
  /** What the user should do about it, in one sentence. */
  readonly hint: string | undefined;

  constructor(message: string, options: { place?: ErrorPlace; hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.place = options.place ?? {};
    this.hint = options.hint;
  }

  /** "file:line, column X: message\n  hint" — the one shape every user-facing error is printed in. */
  format(): string {
    const where: string[] = [];
    if (this.place.file != null) where.push(this.place.line != null ? `${this.place.file}:${this.place.line}` : this.place.file);
    if (this.place.column != null) where.push(`column ${typeof this.place.column === 'number' ? this.place.column : `"${this.place.column}"`}`);
    const head = where.length > 0 ? `${where.join(', ')}: ${this.message}` : this.message;
    return this.hint != null ? `${head}\n  ${this.hint}` : head;
  }
}

/** Caught values are not always Errors; every catch passes them through here. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}
