/**
 * The consent rules with the teacher's corrections: every correction × recognition × consent × scope × option, against
 * the one promise that matters (no correction shows a pupil without consent), then the cases by name.
 */
import { describe, expect, it } from 'vitest';
import { POLICY_DEFAULTS, decidePhoto, type PolicyOptions, type PupilConsent } from '../../src/policy/decide.js';
import { faceReasonText, photoReasonText } from '../../src/report/reasons.js';
import { SCOPES, type AppliedCorrection, type Consent, type Recognition, type Scope, type StrangerPolicy } from '../../src/policy/types.js';

const IMAGE = { width: 1000, height: 800 } as const;
const BOX = { x: 100, y: 100, width: 60, height: 60 } as const;
const yes: Consent = { internal: true, group: true, public: true };
const no: Consent = { internal: false, group: false, public: false };
const pupils = new Map<string, PupilConsent>([
  ['with', { className: '5b', consent: yes }],
  ['without', { className: '5b', consent: no }],
  ['public-only', { className: '5b', consent: { internal: false, group: false, public: true } }],
]);

function options(scope: Scope, overrides: Partial<PolicyOptions> = {}): PolicyOptions {
  return { ...POLICY_DEFAULTS, scope, className: scope === 'group' ? '5b' : null, ...overrides };
}

const RECOGNITIONS: Recognition[] = [
  { kind: 'identified', pupilId: 'with', distance: 0.3 },
  { kind: 'identified', pupilId: 'without', distance: 0.3 },
  { kind: 'identified', pupilId: 'left-school', distance: 0.3 },
  { kind: 'uncertain', pupilId: 'without', distance: 0.5 },
  { kind: 'unknown', distance: 0.8 },
  { kind: 'too-small' },
];
const CORRECTIONS: AppliedCorrection[] = [
  { kind: 'pupil', pupilId: 'with' },
  { kind: 'pupil', pupilId: 'without' },
  { kind: 'pupil', pupilId: 'public-only' },
  { kind: 'pupil', pupilId: 'not-on-roster' },
  { kind: 'not-a-pupil' },
  { kind: 'blur' },
  { kind: 'not-a-face' },
  { kind: 'added' },
];
const STRANGERS: StrangerPolicy[] = ['blur', 'drop', 'keep', 'review'];

function one(recognition: Recognition, correction: AppliedCorrection | null, opts: PolicyOptions) {
  const verdict = decidePhoto([{ box: BOX, recognition, correction }], IMAGE, pupils, opts);
  return { verdict, face: verdict.faces[0]! };
}

/** Whether `id` may be shown in `scope` (class 5b is the target group). */
function hasConsent(id: string, scope: Scope): boolean {
  const consent = pupils.get(id)?.consent;
  return consent !== undefined && consent[scope];
}

describe('the consent rules with corrections', () => {
  it('never show a pupil without consent: not one the recogniser identified, nor one the teacher named', () => {
    let cases = 0;
    for (const scope of SCOPES) {
      for (const unknown of STRANGERS) {
        for (const small of STRANGERS) {
          for (const action of ['blur', 'drop'] as const) {
            const opts = options(scope, { unknown, small, action });
            for (const recognition of RECOGNITIONS) {
              for (const correction of CORRECTIONS) {
                const { face } = one(recognition, correction, opts);
                cases++;
                const recognisedWithout = recognition.kind === 'identified' && !hasConsent(recognition.pupilId, scope);
                const namedWithout = correction.kind === 'pupil' && !hasConsent(correction.pupilId, scope);
                if (recognisedWithout || namedWithout) expect(face.action, JSON.stringify({ scope, recognition, correction })).toBe('anonymised');
                // Always blur and a drawn box are anonymised whoever it is.
                if (correction.kind === 'blur' || correction.kind === 'added') expect(face.action).toBe('anonymised');
                // Not a pupil is an unknown face: shown only where --unknown keep says so.
                if (correction.kind === 'not-a-pupil' && unknown !== 'keep') expect(face.action).toBe('anonymised');
              }
            }
          }
        }
      }
    }
    expect(cases).toBe(3 * 4 * 4 * 2 * RECOGNITIONS.length * CORRECTIONS.length);
  });

  it('keep a face the teacher named as a pupil with consent, wherever the recogniser was unsure', () => {
    for (const recognition of RECOGNITIONS.filter((r) => r.kind !== 'identified')) {
      const { face, verdict } = one(recognition, { kind: 'pupil', pupilId: 'with' }, options('public'));
      expect(face).toMatchObject({ status: 'consented', action: 'kept', pupil: 'with' });
      expect(verdict.decision).toBe('publish');
      expect(faceReasonText(face.reason, new Map([['with', 'Noor el Amrani']]))).toBe('named by you: Noor el Amrani (pupil with) has consent for public — kept');
    }
  });

  it('judge a named pupil by the consent of this scope: public consent does not show them internally', () => {
    expect(one({ kind: 'unknown', distance: 0.8 }, { kind: 'pupil', pupilId: 'public-only' }, options('public')).face.action).toBe('kept');
    const internal = one({ kind: 'unknown', distance: 0.8 }, { kind: 'pupil', pupilId: 'public-only' }, options('internal')).face;
    expect(internal).toMatchObject({ status: 'not-consented', action: 'anonymised' });
  });

  it('do not let "not a face" or another name show a face the recogniser identified as a pupil without consent', () => {
    for (const correction of [{ kind: 'not-a-face' }, { kind: 'pupil', pupilId: 'with' }] as const) {
      const { face } = one({ kind: 'identified', pupilId: 'without', distance: 0.3 }, correction, options('public'));
      expect(face).toMatchObject({ status: 'not-consented', action: 'anonymised', pupil: 'without' });
      expect(face.reason.correction).toEqual({ said: correction.kind, overruled: true });
      expect(faceReasonText(face.reason)).toMatch(/but the recogniser is sure this is a pupil without consent here, so it stays anonymised/);
    }
  });

  it('let "not a pupil" follow --unknown: anonymised by default, kept with keep, to review with review', () => {
    const stranger = { kind: 'uncertain', pupilId: 'without', distance: 0.5 } as const;
    expect(one(stranger, { kind: 'not-a-pupil' }, options('public')).face).toMatchObject({ status: 'unknown', action: 'anonymised' });
    expect(one(stranger, { kind: 'not-a-pupil' }, options('public', { unknown: 'keep' })).face.action).toBe('kept');
    expect(one(stranger, { kind: 'not-a-pupil' }, options('public', { unknown: 'review' })).verdict.decision).toBe('review');
  });

  it('anonymise an always-blur face even of a pupil with consent, and keep a face marked not a face', () => {
    const withConsent = { kind: 'identified', pupilId: 'with', distance: 0.3 } as const;
    expect(one(withConsent, { kind: 'blur' }, options('public')).face).toMatchObject({ status: 'consented', action: 'anonymised' });
    const poster = one({ kind: 'unknown', distance: 0.9 }, { kind: 'not-a-face' }, options('public'));
    expect(poster.face.action).toBe('kept');
    expect(poster.verdict.decision).toBe('publish');
  });

  it('anonymise a drawn box, and drop the photo for it under --action drop', () => {
    const drawn = one({ kind: 'unknown', distance: null }, { kind: 'added' }, options('public'));
    expect(drawn.face).toMatchObject({ action: 'anonymised', status: 'unknown' });
    expect(drawn.verdict.decision).toBe('anonymised');
    expect(faceReasonText(drawn.face.reason)).toBe('a face you drew (the scan had missed it) — anonymised');
    expect(one({ kind: 'unknown', distance: null }, { kind: 'added' }, options('public', { action: 'drop' })).verdict.decision).toBe('dropped');
  });

  it('drop a photo the teacher dropped, whatever its faces', () => {
    const verdict = decidePhoto([{ box: BOX, recognition: { kind: 'identified', pupilId: 'with', distance: 0.3 } }], IMAGE, pupils, options('public'), { dropped: true });
    expect(verdict.decision).toBe('dropped');
    expect(photoReasonText(verdict.reason)).toBe('dropped: you left this photo out');
  });

  it('leave a face without correction exactly as before', () => {
    const recognition = { kind: 'uncertain', pupilId: 'without', distance: 0.5 } as const;
    const plain = decidePhoto([{ box: BOX, recognition }], IMAGE, pupils, options('public'));
    expect(decidePhoto([{ box: BOX, recognition, correction: null }], IMAGE, pupils, options('public'))).toEqual(plain);
    expect(plain.faces[0]!.reason).not.toHaveProperty('correction');
  });
});
