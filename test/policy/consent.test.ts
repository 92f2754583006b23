/** The one rule for "may this pupil be shown to this target", with the school's own purposes. */
import { describe, expect, it } from 'vitest';
import { mayShow, neededConsents, purposeTarget, targetLabel, type PupilConsent } from '../../src/policy/consent.js';
import { decidePhoto, POLICY_DEFAULTS } from '../../src/policy/decide.js';
import type { ConsentPurpose } from '../../src/policy/types.js';
import { faceReasonText } from '../../src/report/reasons.js';

const website: ConsentPurpose = { name: 'Website', key: 'website', scope: 'public' };
const social: ConsentPurpose = { name: 'Social media', key: 'socialmedia', scope: 'public' };
const parro: ConsentPurpose = { name: "Foto's in Parro", key: 'fotosinparro', scope: 'group' };

/** Yes to social media, no to the website: so no public consent as a whole (the roster ANDs a scope's purposes). */
const lotte: PupilConsent = {
  className: '5b',
  consent: { internal: true, group: true, public: false },
  purposes: { website: false, socialmedia: true, fotosinparro: true },
};
const pupils = new Map([['11', lotte]]);

describe('mayShow', () => {
  it('needs every purpose of a scope for --scope, exactly one purpose for --purpose', () => {
    expect(mayShow(pupils, '11', { scope: 'public', className: null })).toMatchObject({ shown: false, missing: ['public'] });
    expect(mayShow(pupils, '11', purposeTarget(social, null))).toEqual({ shown: true, needed: [{ purpose: social }] });
    expect(mayShow(pupils, '11', purposeTarget(website, null))).toMatchObject({ shown: false, why: 'no-consent', missing: [{ purpose: website }] });
  });

  it('has no consent for a pupil not on the roster, whatever the target', () => {
    for (const target of [{ scope: 'internal', className: null } as const, purposeTarget(social, null)]) {
      expect(mayShow(pupils, '99', target)).toEqual({ shown: false, why: 'not-on-roster' });
    }
  });

  it('reads a purpose the pupil has no answer for as no consent', () => {
    const noAnswers = new Map([['11', { className: '5b', consent: { internal: true, group: true, public: true } }]]);
    expect(mayShow(noAnswers, '11', purposeTarget(social, null)).shown).toBe(false);
  });

  it('under a group purpose, needs that purpose in the target class and internal consent from other classes', () => {
    expect(neededConsents({ className: '5B' }, purposeTarget(parro, '5b'))).toEqual([{ purpose: parro }]);
    expect(neededConsents({ className: '6a' }, purposeTarget(parro, '5b'))).toEqual(['internal']);
    expect(neededConsents({ className: '6a' }, purposeTarget(parro, null))).toEqual([{ purpose: parro }, 'internal']);
  });

  it('names targets as a teacher reads them', () => {
    expect(targetLabel(purposeTarget(social, null))).toBe('Social media');
    expect(targetLabel({ scope: 'group', className: '5b' })).toBe('group 5b');
    // A purpose of another scope brings no class with it.
    expect(purposeTarget(social, '5b').className).toBeNull();
  });
});

describe('decidePhoto for a purpose', () => {
  const face = [{ box: { x: 0, y: 0, width: 50, height: 50 }, recognition: { kind: 'identified', pupilId: '11', distance: 0.3 } as const }];
  const size = { width: 1000, height: 800 };

  it('keeps a pupil with yes for social media and no for the website under --purpose "social media", not under --scope public', () => {
    const forSocial = decidePhoto(face, size, pupils, { ...POLICY_DEFAULTS, scope: 'public', className: null, purpose: social });
    expect(forSocial.faces[0]).toMatchObject({ status: 'consented', action: 'kept' });
    const forPublic = decidePhoto(face, size, pupils, { ...POLICY_DEFAULTS, scope: 'public', className: null });
    expect(forPublic.faces[0]).toMatchObject({ status: 'not-consented', action: 'anonymised' });
    const forWebsite = decidePhoto(face, size, pupils, { ...POLICY_DEFAULTS, scope: 'public', className: null, purpose: website });
    expect(faceReasonText(forWebsite.faces[0]!.reason, new Map([['11', 'Lotte van Dijk']]))).toBe(
      'Lotte van Dijk (pupil 11) has no consent for Website — anonymised',
    );
  });
});
