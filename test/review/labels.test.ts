/**
 * The review page's words travel as templates (src/review/labels.ts): the page fills `{0}`, `{1}`… itself. That is
 * only right when a catalogue function does nothing but place its values; one that chose a word by its value (a
 * plural, say) would send the page a template that says the wrong thing. Checked for every word in both languages.
 */
import { describe, expect, it } from 'vitest';
import { dutchCatalogue, englishCatalogue } from '../../src/i18n/messages.js';
import { fillTemplate, pageTemplates, reviewLabels } from '../../src/review/labels.js';

const VALUES = ['1', 'sportdag 01.jpg', '{1}', 'Zoë', '3', '4', '0'];

describe('the review page words', () => {
  for (const [lang, page] of [['en', englishCatalogue.review.page], ['nl', dutchCatalogue.review.page]] as const) {
    it(`in ${lang}: every template, filled, says what the catalogue says`, () => {
      const templates = pageTemplates(page);
      for (const [key, word] of Object.entries(page)) {
        const template = templates[key as keyof typeof templates];
        if (typeof word === 'string') expect(template, key).toBe(word);
        else {
          const values = VALUES.slice(0, word.length);
          expect(fillTemplate(template, values), key).toBe((word as (...args: string[]) => string)(...values));
        }
      }
    });
  }

  it('a function that picks its words by value is caught', () => {
    const plural = { n: (count: string) => (count === '1' ? `${count} face` : `${count} faces`) };
    const templates = pageTemplates(plural as never) as unknown as { n: string };
    expect(fillTemplate(templates.n, ['1'])).not.toBe(plural.n('1'));
  });

  it('come in the language asked for, with its locale', () => {
    expect(reviewLabels('nl')).toMatchObject({ lang: 'nl', locale: 'nl-NL', words: { apply: 'Toepassen' }, status: { consented: { text: 'toestemming' } } });
    expect(reviewLabels('en')).toMatchObject({ lang: 'en', locale: 'en-GB', words: { apply: 'Apply' }, status: { consented: { text: 'consent' } } });
  });
});
