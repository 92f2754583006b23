import { describe, expect, it } from 'vitest';
import { formatDateTime, formatNumber, langOfLocale, parseLangOption, systemLang } from '../../src/i18n/lang.js';
import { takeLangOption } from '../../src/cli/index.js';

describe('the language the tool speaks', () => {
  it.each([
    ['nl_NL.UTF-8', 'nl'],
    ['nl_BE.UTF-8', 'nl'],
    ['nl-NL', 'nl'],
    ['nl', 'nl'],
    ['Dutch_Netherlands.1252', 'nl'],
    ['nl_NL@rg=nlzzzz', 'nl'],
    ['en_US.UTF-8', 'en'],
    ['de_DE.UTF-8', 'en'],
    ['fy_NL.UTF-8', 'en'],
    ['C.UTF-8', undefined],
    ['POSIX', undefined],
    ['', undefined],
  ])('reads the locale %j as %j', (locale, lang) => {
    expect(langOfLocale(locale)).toBe(lang);
  });

  it('follows POSIX order: LC_ALL over LC_MESSAGES over LANG', () => {
    expect(systemLang({ env: { LANG: 'nl_NL.UTF-8' } })).toBe('nl');
    expect(systemLang({ env: { LANG: 'nl_NL.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' } })).toBe('en');
    expect(systemLang({ env: { LANG: 'en_GB.UTF-8', LC_MESSAGES: 'nl_NL.UTF-8' } })).toBe('nl');
    expect(systemLang({ env: { LANG: 'nl_NL.UTF-8', LC_ALL: 'C.UTF-8' } })).toBe('en');
    expect(systemLang({ env: { LC_ALL: 'nl_NL.UTF-8', LANG: 'en_US.UTF-8' } })).toBe('nl');
  });

  it('puts GNU LANGUAGE first unless the locale is C', () => {
    expect(systemLang({ env: { LANG: 'en_US.UTF-8', LANGUAGE: 'nl:en' } })).toBe('nl');
    expect(systemLang({ env: { LANG: 'C', LANGUAGE: 'nl' } })).toBe('en');
  });

  it('asks the operating system when no variable is set (Windows, macOS Terminal)', () => {
    expect(systemLang({ env: {}, intlLocale: 'nl-NL' })).toBe('nl');
    expect(systemLang({ env: {}, intlLocale: 'en-US', appleLocale: 'nl_NL' })).toBe('nl');
    expect(systemLang({ env: {}, intlLocale: 'en-US' })).toBe('en');
    expect(systemLang({ env: {} })).toBe('en');
  });

  it('takes --lang out of the arguments wherever it stands', () => {
    expect(takeLangOption(['node', 'pf', 'scan', '--lang', 'nl', './x'])).toEqual({ argv: ['node', 'pf', 'scan', './x'], lang: 'nl' });
    expect(takeLangOption(['node', 'pf', '--lang=en', 'scan'])).toEqual({ argv: ['node', 'pf', 'scan'], lang: 'en' });
    expect(takeLangOption(['node', 'pf', 'scan', '--', '--lang', 'nl'])).toEqual({ argv: ['node', 'pf', 'scan', '--', '--lang', 'nl'] });
    expect(takeLangOption(['node', 'pf', '--lang', 'fr']).error).toBe('fr');
    expect(parseLangOption('Nederlands')).toBe('nl');
  });

  it('writes dates and numbers in the language of the text around them', () => {
    const date = new Date(Date.UTC(2026, 11, 6, 15, 5));
    expect(formatDateTime(date, 'nl', 'UTC')).toBe('6 december 2026 om 15:05');
    expect(formatDateTime(date, 'en', 'UTC')).toBe('6 December 2026 at 15:05');
    expect(formatNumber(1234.5, 'nl')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});
