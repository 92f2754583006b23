import { describe, expect, it } from 'vitest';
import { nameTokens, portraitNameMatcher, type NamedPupil } from '../../src/roster/names.js';

const pupils: NamedPupil[] = [
  { id: '1001', name: 'Barack van Dijk', className: '8a' },
  { id: '1002', name: 'Joe de Vries', className: '8a' },
  { id: '1003', name: 'Emma de Jong', className: '5a' },
  { id: '1004', name: 'Emma de Jong', className: '7b' },
  { id: '1005', name: 'Noor el Amrani', className: '8b' },
  { id: '1006', name: 'Chloë van der Berg', className: 'groep 6' },
  { id: '1007', name: "Jan-Willem van 't Hof", className: '4c' },
  { id: '1008', name: 'Daan Visser', className: '8a' },
  { id: '1009', name: 'Klas Jansen', className: '3a' },
  { id: '1010', name: 'Lotte van Dijk', className: '8a' },
];
const match = portraitNameMatcher(pupils);
const pupilOf = (stem: string): string | null => {
  const found = match(stem);
  return found.kind === 'name' || found.kind === 'id' ? found.pupil : null;
};

describe('portrait names', () => {
  it.each([
    ['Barack van Dijk', '1001'],
    ['van Dijk, Barack', '1001'],
    ['Dijk_Barack_8a', '1001'],
    ['Dijk, Barack van', '1001'],
    ['BARACK-VAN-DIJK', '1001'],
    ['barack.van.dijk (2)', '1001'],
    ['Barack van Dijk groep 8a', '1001'],
  ])('reads %j as pupil %s (the three forms a photographer uses, and their cousins)', (stem, id) => {
    expect(match(stem)).toEqual({ kind: 'name', pupil: id });
  });

  it('forgives accents and case both ways, and keeps tussenvoegsels like "van der" and "\'t"', () => {
    expect(pupilOf('Chloe van der Berg')).toBe('1006');
    expect(pupilOf('berg, chloë van der')).toBe('1006');
    expect(pupilOf('Berg_Chloe_groep 6')).toBe('1006');
    expect(pupilOf("Hof, Jan-Willem van 't")).toBe('1007');
    expect(pupilOf('Jan Willem Hof')).toBe('1007');
    expect(pupilOf('Amrani Noor')).toBe('1005');
    expect(pupilOf('Joe de Vries')).toBe('1002');
    expect(nameTokens("Chloë van 't Hof-Ağaoğlu")).toEqual(['chloe', 'van', 't', 'hof', 'agaoglu']);
  });

  it('wants the whole name and nothing else: no first name alone, no other tussenvoegsel, no other class', () => {
    expect(match('Barack')).toEqual({ kind: 'none' });
    expect(match('Dijk')).toEqual({ kind: 'none' });
    expect(match('Barack de Dijk')).toEqual({ kind: 'none' });
    expect(match('Barack van Dijk 8b')).toEqual({ kind: 'none' });
    expect(match('Barack van Dijk zomer')).toEqual({ kind: 'none' });
    // "Klas" is a first name here, not the word before a class.
    expect(pupilOf('Klas Jansen')).toBe('1009');
  });

  it('skips a name two pupils share, naming both, unless the class tells them apart', () => {
    expect(match('Emma de Jong')).toEqual({ kind: 'ambiguous', pupils: ['1003', '1004'] });
    expect(match('Jong, Emma')).toEqual({ kind: 'ambiguous', pupils: ['1003', '1004'] });
    expect(match('Emma de Jong 7b')).toEqual({ kind: 'name', pupil: '1004' });
    // Siblings share a last name, not a first name: each is their own.
    expect(pupilOf('Lotte van Dijk')).toBe('1010');
  });

  it('takes the pupil\'s own number beside the name, but not another pupil\'s', () => {
    expect(pupilOf('1001 Barack van Dijk')).toBe('1001');
    expect(match('1002 Barack van Dijk')).toEqual({ kind: 'none' });
  });

  it('still takes a pupil number first', () => {
    expect(match('1008')).toEqual({ kind: 'id', pupil: '1008' });
    expect(match(' 1008 ')).toEqual({ kind: 'id', pupil: '1008' });
  });
});
