/** Match → correct → decide for one analysed photo, and the records it gives: pure. */
import type { PhotoAnalysis } from '../faces/engine-types.js';
import { matchFaces } from '../faces/match.js';
import type { ShownFaces } from '../history/ledger.js';
import { correctFaces, type CorrectedPhoto } from '../policy/correct.js';
import { decidePhoto, type PhotoVerdict } from '../policy/decide.js';
import type { FoundCorrections } from '../policy/same-photo.js';
import type { FaceRecord } from '../report/types.js';
import type { ScanPlan } from './plan.js';

export function decideAnalysis(
  analysis: PhotoAnalysis,
  plan: Pick<ScanPlan, 'templates' | 'pupils' | 'policy' | 'match'>,
  found: FoundCorrections = { kind: 'none' },
): { corrected: CorrectedPhoto; verdict: PhotoVerdict } {
  const corrections = found.kind === 'exact' || found.kind === 'copy' ? found.corrections : null;
  const recognitions = matchFaces(analysis.descriptors, plan.templates, plan.match);
  if (recognitions.length !== analysis.faces.length) {
    throw new Error(`the matcher returned ${recognitions.length} results for ${analysis.faces.length} faces`);
  }
  const corrected = correctFaces(analysis.faces, recognitions, analysis.imageSize, corrections);
  const verdict = decidePhoto(corrected.faces, analysis.imageSize, plan.pupils, plan.policy, {
    dropped: corrected.dropped,
    unsure: found.kind === 'unsure' ? found.why : null,
  });
  return { corrected, verdict };
}

export function faceRecords(corrected: CorrectedPhoto, verdict: PhotoVerdict): FaceRecord[] {
  if (verdict.faces.length !== corrected.faces.length) {
    throw new Error(`the consent rules returned ${verdict.faces.length} verdicts for ${corrected.faces.length} faces`);
  }
  return verdict.faces.map((face, i) => ({
    box: corrected.faces[i]!.box,
    pupil: face.pupil,
    distance: face.distance,
    status: face.status,
    action: face.action,
    reason: face.reason,
    correction: face.reason.correction === undefined || face.reason.correction.overruled ? null : face.reason.correction.said,
  }));
}

/** Who a placed file shows: the pupils whose faces are kept (a pupil the teacher named counts like any other), and how many faces it hides. */
export function shownFaces(faces: readonly FaceRecord[]): ShownFaces {
  const pupils = [...new Set(faces.flatMap((face) => (face.action === 'kept' && face.pupil !== null ? [face.pupil] : [])))].sort();
  return { pupils, hidden: faces.filter((face) => face.action === 'anonymised').length };
}
