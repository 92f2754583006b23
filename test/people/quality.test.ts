import { describe, expect, it } from 'vitest';
import { MAIN_FACE_RULES } from '../../src/faces/portrait.js';
import { QUALITY_DEFAULTS, trackScore, trustedFace } from '../../src/people/quality.js';

describe('trustedFace', () => {
  it('trusts the faces a portrait would be accepted with, and nothing below or unscored', () => {
    expect(QUALITY_DEFAULTS.minScore).toBe(MAIN_FACE_RULES.minScore);
    expect(trustedFace(0.9)).toBe(true);
    expect(trustedFace(0.97)).toBe(true);
    // The scan keeps boxes from 0.5 to anonymise them; arms, ears and dogs scored 0.50–0.87 on ../shared/faces.
    expect(trustedFace(0.87)).toBe(false);
    expect(trustedFace(0.5)).toBe(false);
    expect(trustedFace(Number.NaN)).toBe(false);
    expect(trustedFace(0.85, { minScore: 0.8 })).toBe(true);
  });
});

describe('trackScore', () => {
  const view = (score: number): { detection: { score: number } } => ({ detection: { score } });

  it('is the poorest described view of a track, so one poor view keeps the whole track out of groups', () => {
    expect(trackScore([view(0.95), view(0.6), view(0.93)])).toBe(0.6);
    expect(trustedFace(trackScore([view(0.95), view(0.6)]))).toBe(false);
    expect(trustedFace(trackScore([view(0.95), view(0.91)]))).toBe(true);
  });

  it('never trusts a track that was never described', () => {
    expect(trustedFace(trackScore([]))).toBe(false);
  });
});
