import { describe, expect, it } from 'vitest';
import {
  POLICY_DEFAULTS,
  decidePhoto,
  faceStatus,
  sameClass,
  type FaceInput,
  type PhotoVerdict,
  type PolicyOptions,
  type PupilConsent,
} from '../../src/policy/decide.js';
import type { Box } from '../../src/geometry.js';
import { faceReasonText, photoReasonLines } from '../../src/report/reasons.js';
import {
  SCOPES,
  type ActionPolicy,
  type Consent,
  type FaceAction,
  type FaceStatus,
  type PhotoDecision,
  type Recognition,
  type Scope,
  type StrangerPolicy,
} from '../../src/policy/types.js';

const IMAGE = { width: 1000, height: 800 } as const; // short side 800: a main subject is at least 200 px high
const BIG = { x: 100, y: 100, width: 300, height: 300 } as const;
const SMALL = { x: 600, y: 100, width: 40, height: 40 } as const;
const TARGET_CLASS = '5b';

/** The verdict as the report words it: the decision's line, then one per face. */
const words = (verdict: PhotoVerdict): string[] => photoReasonLines({ why: verdict.reason, faces: verdict.faces });

const ACTIONS: readonly ActionPolicy[] = ['blur', 'drop'];
const STRANGER: readonly StrangerPolicy[] = ['blur', 'drop', 'keep', 'review'];
const KINDS = ['identified', 'left-school', 'uncertain', 'unknown', 'too-small'] as const;
type Kind = (typeof KINDS)[number];
/** Every yes/no combination over the three purposes. */
const CONSENTS: readonly Consent[] = [0, 1, 2, 3, 4, 5, 6, 7].map((bits) => ({
  internal: (bits & 1) !== 0,
  group: (bits & 2) !== 0,
  public: (bits & 4) !== 0,
}));

function options(overrides: Partial<PolicyOptions> & Pick<PolicyOptions, 'scope'>): PolicyOptions {
  return { className: overrides.scope === 'group' ? TARGET_CLASS : null, ...POLICY_DEFAULTS, ...overrides };
}

function recognitionOf(kind: Kind): Recognition {
  switch (kind) {
    case 'identified':
      return { kind: 'identified', pupilId: 'p1', distance: 0.31 };
    case 'left-school':
      return { kind: 'identified', pupilId: 'gone', distance: 0.33 };
    case 'uncertain':
      return { kind: 'uncertain', pupilId: 'p1', distance: 0.47 };
    case 'unknown':
      return { kind: 'unknown', distance: 0.72 };
    case 'too-small':
      return { kind: 'too-small' };
  }
}

interface Expected {
  readonly status: FaceStatus;
  readonly action: FaceAction;
  readonly decision: Exclude<PhotoDecision, 'error'>;
}

/**
 * The oracle, written from domain.md and the task's rules without looking at the implementation's structure:
 * first who may be shown, then what each policy does with a face that may not.
 */
function oracle(c: {
  scope: Scope;
  kind: Kind;
  consent: Consent;
  pupilInTarget: boolean;
  opts: PolicyOptions;
  main: boolean;
}): Expected {
  const hidden: Expected = c.opts.action === 'drop' || (c.opts.dropMainSubject && c.main)
    ? { status: 'not-consented', action: 'anonymised', decision: 'dropped' }
    : { status: 'not-consented', action: 'anonymised', decision: 'anonymised' };
  const byStranger = (policy: StrangerPolicy, status: FaceStatus): Expected => {
    if (policy === 'keep') return { status, action: 'kept', decision: 'publish' };
    if (policy === 'drop') return { status, action: 'anonymised', decision: 'dropped' };
    if (policy === 'review') return { status, action: 'anonymised', decision: 'review' };
    return { ...hidden, status };
  };

  if (c.kind === 'left-school') return hidden;
  if (c.kind === 'uncertain') {
    return c.opts.unknown === 'review' ? { status: 'uncertain', action: 'anonymised', decision: 'review' } : { ...hidden, status: 'uncertain' };
  }
  if (c.kind === 'unknown') return byStranger(c.opts.unknown, 'unknown');
  if (c.kind === 'too-small') return byStranger(c.opts.small, 'too-small');

  let allowed: boolean;
  if (c.scope === 'public') allowed = c.consent.public;
  else if (c.scope === 'internal') allowed = c.consent.internal;
  else allowed = c.pupilInTarget ? c.consent.group : c.consent.internal;
  return allowed ? { status: 'consented', action: 'kept', decision: 'publish' } : hidden;
}

describe('decidePhoto — truth table over one face', () => {
  it('matches the oracle for every scope × recognition × consent × class × option × face size', () => {
    let checked = 0;
    const mismatches: string[] = [];
    for (const scope of SCOPES)
      for (const kind of KINDS)
        for (const consent of CONSENTS)
          for (const pupilInTarget of [true, false])
            for (const action of ACTIONS)
              for (const unknown of STRANGER)
                for (const small of STRANGER)
                  for (const dropMainSubject of [false, true])
                    for (const main of [false, true]) {
                      // The pupil's class is written differently from the target on purpose: case and spaces do not count.
                      const pupils = new Map<string, PupilConsent>([['p1', { className: pupilInTarget ? ' 5B' : '6a', consent }]]);
                      const opts = options({ scope, action, unknown, small, dropMainSubject });
                      const face: FaceInput = { recognition: recognitionOf(kind), box: main ? BIG : SMALL };
                      const verdict = decidePhoto([face], IMAGE, pupils, opts);
                      const want = oracle({ scope, kind, consent, pupilInTarget, opts, main });
                      const got = { status: verdict.faces[0]?.status, action: verdict.faces[0]?.action, decision: verdict.decision };
                      checked++;
                      if (got.status !== want.status || got.action !== want.action || got.decision !== want.decision) {
                        mismatches.push(`${JSON.stringify({ scope, kind, consent, pupilInTarget, action, unknown, small, dropMainSubject, main })}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
                      }
                    }
    expect(checked).toBe(3 * 5 * 8 * 2 * 2 * 4 * 4 * 2 * 2);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('faceStatus agrees with decidePhoto and needs exactly the purpose of the scope', () => {
    for (const scope of SCOPES)
      for (const consent of CONSENTS)
        for (const pupilInTarget of [true, false]) {
          const pupils = new Map<string, PupilConsent>([['p1', { className: pupilInTarget ? '5b' : '6a', consent }]]);
          const className = scope === 'group' ? TARGET_CLASS : null;
          const status = faceStatus(recognitionOf('identified'), pupils, scope, className);
          const needed: Scope = scope === 'group' && !pupilInTarget ? 'internal' : scope;
          expect(status, `${scope} ${JSON.stringify(consent)} inTarget=${pupilInTarget}`).toBe(consent[needed] ? 'consented' : 'not-consented');
        }
  });
});

describe('decidePhoto — hand-written rows', () => {
  const yes = (...scopes: Scope[]): Consent => ({ internal: scopes.includes('internal'), group: scopes.includes('group'), public: scopes.includes('public') });
  const one = (kind: Recognition, pupils: Map<string, PupilConsent>, opts: PolicyOptions, box: Box = SMALL) =>
    decidePhoto([{ recognition: kind, box }], IMAGE, pupils, opts);
  const sem = (consent: Consent, className = '5b') => new Map<string, PupilConsent>([['1234', { className, consent }]]);
  const semFace: Recognition = { kind: 'identified', pupilId: '1234', distance: 0.3 };

  it.each([
    // scope, pupil's class, consent, status — public does not imply internal, nor internal public, nor group either
    ['public', '5b', yes('internal', 'group'), 'not-consented'],
    ['public', '5b', yes('public'), 'consented'],
    ['internal', '5b', yes('public', 'group'), 'not-consented'],
    ['internal', '5b', yes('internal'), 'consented'],
    ['group', '5b', yes('internal', 'public'), 'not-consented'],
    ['group', '5b', yes('group'), 'consented'],
    ['group', ' 5 B ', yes('group'), 'consented'],
    // a pupil of another group shown to this group's parents is shared beyond their own group
    ['group', '6a', yes('group'), 'not-consented'],
    ['group', '6a', yes('internal'), 'consented'],
  ] as const)('%s, pupil in %j with %j → %s', (scope, className, consent, status) => {
    const verdict = one(semFace, sem(consent, className), options({ scope }));
    expect(verdict.faces[0]?.status).toBe(status);
    expect(verdict.decision).toBe(status === 'consented' ? 'publish' : 'anonymised');
  });

  it('says in plain words which consent is missing, keeping the pupil id for the report', () => {
    const verdict = one(semFace, sem(yes('internal')), options({ scope: 'public' }));
    expect(verdict.faces[0]?.reason).toEqual({ finding: { kind: 'no-consent', pupil: '1234', missing: ['public'], group: null }, outcome: { kind: 'anonymised' } });
    expect(words(verdict)).toEqual(['published with faces anonymised', 'face 1: pupil 1234 has no consent for public — anonymised']);
    const other = one(semFace, sem(yes('group'), '6a'), options({ scope: 'group' }));
    expect(other.faces[0]?.reason.finding).toEqual({ kind: 'no-consent', pupil: '1234', missing: ['internal'], group: { pupilClass: '6a', targetClass: '5b', inTarget: false } });
    expect(faceReasonText(other.faces[0]!.reason)).toBe('pupil 1234 (class 6a, not 5b) has no consent for internal — anonymised');
  });

  it('treats an identified pupil who is no longer in the roster as without consent', () => {
    const verdict = one({ kind: 'identified', pupilId: '999', distance: 0.2 }, sem(yes('internal', 'group', 'public')), options({ scope: 'internal' }));
    expect(verdict.faces[0]).toMatchObject({ status: 'not-consented', action: 'anonymised', pupil: '999', distance: 0.2 });
    expect(verdict.faces[0]?.reason.finding).toEqual({ kind: 'not-on-roster', pupil: '999' });
    expect(faceReasonText(verdict.faces[0]!.reason)).toContain('not in the roster');
  });

  it('needs both group and internal consent under group when no target class is known', () => {
    const pupils = sem(yes('group'));
    expect(faceStatus(semFace, pupils, 'group', null)).toBe('not-consented');
    expect(faceStatus(semFace, sem(yes('group', 'internal')), 'group', null)).toBe('consented');
  });

  it('never keeps an uncertain face, even when unknown faces are kept', () => {
    const verdict = one({ kind: 'uncertain', pupilId: '1234', distance: 0.5 }, sem(yes('public')), options({ scope: 'public', unknown: 'keep' }));
    expect(verdict.faces[0]).toMatchObject({ status: 'uncertain', action: 'anonymised', pupil: '1234', distance: 0.5 });
    expect(verdict.decision).toBe('anonymised');
  });

  it('sends an uncertain face to review when unknown faces go to review', () => {
    const verdict = one({ kind: 'uncertain', pupilId: '1234', distance: 0.5 }, sem(yes()), options({ scope: 'public', unknown: 'review' }));
    expect(verdict.decision).toBe('review');
    expect(verdict.faces[0]?.action).toBe('anonymised');
  });

  it('keeps a too-small face only when asked to, and records no distance for it', () => {
    const kept = one({ kind: 'too-small' }, new Map(), options({ scope: 'public', small: 'keep' }));
    expect(kept.decision).toBe('publish');
    expect(kept.faces[0]).toMatchObject({ status: 'too-small', action: 'kept', pupil: null, distance: null });
    expect(one({ kind: 'too-small' }, new Map(), options({ scope: 'public' })).decision).toBe('anonymised');
  });

  it('publishes a photo with no faces', () => {
    const verdict = decidePhoto([], IMAGE, new Map(), options({ scope: 'public' }));
    expect(verdict).toEqual({ decision: 'publish', faces: [], reason: { kind: 'publish', faces: 0 } });
    expect(words(verdict)).toEqual(['published: no faces found']);
  });

  it('drops a photo whose main subject must be anonymised only with dropMainSubject, from a quarter of the short side up', () => {
    const pupils = sem(yes());
    const at = (height: number) => ({ x: 0, y: 0, width: height, height });
    const opts = options({ scope: 'public', dropMainSubject: true });
    expect(one(semFace, pupils, opts, at(200)).decision).toBe('dropped'); // exactly 0.25 × 800
    expect(one(semFace, pupils, opts, at(199)).decision).toBe('anonymised');
    expect(one(semFace, pupils, options({ scope: 'public' }), at(400)).decision).toBe('anonymised');
    // a consented main subject is no reason to drop
    expect(one(semFace, sem(yes('public')), opts, at(400)).decision).toBe('publish');
    expect(one(semFace, pupils, opts, at(200)).reason).toEqual({ kind: 'dropped', faces: [1] });
    expect(words(one(semFace, pupils, opts, at(200)))[1]).toContain('this face is the main subject');
  });
});

describe('decidePhoto — photo precedence over several faces', () => {
  const pupils = new Map<string, PupilConsent>([
    ['yes', { className: '5b', consent: { internal: true, group: true, public: true } }],
    ['no', { className: '5b', consent: { internal: false, group: false, public: false } }],
  ]);
  // With unknown → review and small → drop, each face kind asks for a different photo decision.
  const opts = options({ scope: 'public', unknown: 'review', small: 'drop' });
  const FACES: Record<'publish' | 'anonymised' | 'dropped' | 'review', FaceInput> = {
    publish: { recognition: { kind: 'identified', pupilId: 'yes', distance: 0.3 }, box: SMALL },
    anonymised: { recognition: { kind: 'identified', pupilId: 'no', distance: 0.3 }, box: SMALL },
    dropped: { recognition: { kind: 'too-small' }, box: SMALL },
    review: { recognition: { kind: 'unknown', distance: 0.8 }, box: SMALL },
  };
  const ORDER = ['review', 'dropped', 'anonymised', 'publish'] as const;

  it('takes the most cautious decision any face asks for, whatever the order of the faces', () => {
    for (const a of ORDER)
      for (const b of ORDER)
        for (const c of ORDER) {
          const verdict = decidePhoto([FACES[a], FACES[b], FACES[c]], IMAGE, pupils, opts);
          const want = ORDER.find((d) => [a, b, c].includes(d));
          expect(verdict.decision, `${a}, ${b}, ${c}`).toBe(want);
          // each face's own verdict does not depend on its neighbours
          const alone = [a, b, c].map((k) => decidePhoto([FACES[k]], IMAGE, pupils, opts).faces[0]);
          expect(verdict.faces).toEqual(alone);
        }
  });

  it('records in a dropped or review photo what would have happened to each face', () => {
    const verdict = decidePhoto([FACES.publish, FACES.anonymised, FACES.dropped, FACES.review], IMAGE, pupils, opts);
    expect(verdict.decision).toBe('review');
    expect(verdict.faces.map((f) => f.action)).toEqual(['kept', 'anonymised', 'anonymised', 'anonymised']);
    expect(verdict.reason).toEqual({ kind: 'review', faces: [4] });
    expect(words(verdict)).toEqual([
      'to review: a person must look at face 4',
      'face 1: pupil yes has consent for public — kept',
      'face 2: pupil no has no consent for public — anonymised',
      'face 3: face too small to recognise — photo dropped (photos with small faces are dropped)',
      'face 4: unknown person (not an enrolled pupil) — photo to review (unknown faces go to review)',
    ]);
  });
});

describe('POLICY_DEFAULTS and sameClass', () => {
  it('fails safe by default and cannot be changed at run time', () => {
    expect(POLICY_DEFAULTS).toEqual({ action: 'blur', unknown: 'blur', small: 'blur', dropMainSubject: false, mainSubjectShare: 0.25 });
    expect(Object.isFrozen(POLICY_DEFAULTS)).toBe(true);
  });

  it.each([
    ['5b', '5B', true],
    ['groep 5b', 'Groep5B', true],
    ['5b', '5a', false],
    ['5b', '5', false],
  ] as const)('%j and %j are the same class: %s', (a, b, same) => {
    expect(sameClass(a, b)).toBe(same);
  });
});
