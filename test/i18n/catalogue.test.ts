/**
 * Every message exists in both languages with the same placeholders. The compiler already refuses a key missing in
 * Dutch; this also catches a Dutch text that drops a placeholder (a file name or line number the teacher needs) or
 * was left in English by mistake.
 */
import { describe, expect, it } from 'vitest';
import { bilingual, type Section } from '../../src/i18n/catalogue.js';
import { dutchCatalogue, englishCatalogue } from '../../src/i18n/messages.js';

/** Each entry's path with sample arguments that show up in the text if the message uses them. */
function entries(section: Section, path = ''): Array<{ path: string; en: unknown; nl: unknown }> {
  const dutch = path.split('.').filter(Boolean).reduce<Record<string, unknown>>((node, key) => node[key] as Record<string, unknown>, dutchCatalogue as unknown as Record<string, unknown>);
  return Object.entries(section).flatMap(([key, value]) => {
    const where = path === '' ? key : `${path}.${key}`;
    if (typeof value === 'object') return entries(value, where);
    return [{ path: where, en: value, nl: dutch[key] }];
  });
}

const SAMPLES = ['\u2460', '\u2461', '\u2462', '\u2463', '\u2464', '\u2465'];
/** Calls a message with marker arguments (strings; numbers where the text needs one to be a number). */
function render(entry: unknown): string {
  if (typeof entry === 'string') return entry;
  const fn = entry as (...args: unknown[]) => string;
  return fn(...SAMPLES.slice(0, fn.length));
}

describe('the message catalogue', () => {
  const all = entries(englishCatalogue as unknown as Section);

  it('has messages', () => {
    expect(all.length).toBeGreaterThan(5);
  });

  it.each(all.map((entry) => [entry.path, entry] as const))('%s is in both languages with the same placeholders', (_path, entry) => {
    expect(typeof entry.nl).toBe(typeof entry.en);
    if (typeof entry.en === 'function') expect((entry.nl as () => string).length).toBe((entry.en as () => string).length);
    const en = render(entry.en);
    const nl = render(entry.nl);
    expect(nl.trim()).not.toBe('');
    for (const marker of SAMPLES) expect(nl.includes(marker), `${marker} in Dutch`).toBe(en.includes(marker));
  });

  it('refuses a Dutch catalogue of another shape', () => {
    expect(() => bilingual({ a: 'x', b: { c: 'y' } }, { a: 'x', b: 'y' } as never)).toThrow(/b has a different shape/u);
  });
});
