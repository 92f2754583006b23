/**
 * Turns the per-language catalogues into one object whose entries give a {@link Text}. The English catalogue sets the
 * shape; every other language is typed as `Messages`, so a message missing in one of them fails to compile, and
 * test/i18n/catalogue.test.ts checks at run time that both have the same keys and use the same placeholders.
 */
import type { Text } from './text.js';

/** A catalogue entry: a fixed string or a function of its placeholders. */
export type Entry = string | ((...args: never[]) => string);
export interface Section {
  readonly [key: string]: Entry | Section;
}

/** The same shape with strings kept as strings (not literal types), so a translation may say something else. */
export type Shape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Shape<T[K]>;
};

export type Bilingual<T> = {
  readonly [K in keyof T]: T[K] extends string ? Text : T[K] extends (...args: infer A) => string ? (...args: A) => Text : Bilingual<T[K]>;
};

export function bilingual<T extends Section>(en: T, nl: Shape<T>): Bilingual<T> {
  const walk = (a: Section, b: Section, path: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(a)) {
      const left = a[key];
      const right = b[key];
      const where = path === '' ? key : `${path}.${key}`;
      if (typeof left === 'string' && typeof right === 'string') out[key] = { en: left, nl: right };
      else if (typeof left === 'function' && typeof right === 'function') {
        const l = left as (...args: unknown[]) => string;
        const r = right as (...args: unknown[]) => string;
        out[key] = (...args: unknown[]) => ({ en: l(...args), nl: r(...args) });
      } else if (typeof left === 'object' && typeof right === 'object') out[key] = walk(left, right, where);
      else throw new Error(`message ${where} has a different shape in Dutch than in English`);
    }
    return out;
  };
  return walk(en, nl as unknown as Section, '') as Bilingual<T>;
}
