/** Two enrolled pupils and a stranger whose faces cannot be confused, for scan tests that stand in for the face engines. */
import type { Template } from '../../src/faces/engine-types.js';

/** A descriptor pointing along one axis: pupils on different axes are √2 apart, far beyond any threshold. */
export function axis(i: number): Float32Array {
  const d = new Float32Array(128);
  d[i] = 1;
  return d;
}

export const ANNA = axis(0);
export const BRAM = axis(1);
export const STRANGER = axis(2);
/** Anna and Bram enrolled; the stranger is not. */
export const templates: Template[] = [
  { pupilId: 'anna', descriptors: [ANNA] },
  { pupilId: 'bram', descriptors: [BRAM] },
];
