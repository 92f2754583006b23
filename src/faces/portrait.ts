/**
 * Which face in a portrait is the pupil's, and its descriptor: the one place that decides it, for enrolment in this
 * thread and on the worker pool alike.
 */
import { toError } from '../errors.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import { boxArea, intersectionArea, type Size } from '../geometry.js';
import { PhotoReadError, loadPhoto } from '../images/load.js';
import { detectPortraitFaces } from './detector.js';
import type { FaceDescriber, FaceDetector } from './engine-types.js';
import type { Descriptor, Detection } from './types.js';

/** How the face a portrait is of is told apart from background faces and from things that only look like a face. */
export const MAIN_FACE_RULES = Object.freeze({
  /**
   * Detector confidence a portrait's face must reach. Far above the scan's threshold, because the errors cost the other
   * way round: a missed portrait only asks for another one, an enrolled non-face or stranger becomes someone's template.
   * Measured with yunet_n on the 209 identity photos of ../shared/faces: the best face scores 0.85–0.96 (1 % below 0.90,
   * median 0.95); 203 photos give a main face, 2 are refused as unclear (0.85, 0.88), 4 as ambiguous (a second person).
   * Tight 150 × 150 crops of the 203: 200 pass, 3 unclear (0.85–0.89). The dogs of crowds/davisking_dogs.jpg: 0.87.
   */
  minScore: 0.9,
  /** Other detections below this are left out: in the 209 photos (yunet_s) those were patterns or the face found twice. */
  otherMinScore: 0.7,
  /** The main face must cover at least this many times the area of any other: a parent behind the child is smaller… */
  dominance: 2,
  /** …and near the middle, unless it is this many times larger than any other (a full-length photo has the face on top). */
  overwhelming: 6,
  /** Its centre must lie within this share of the width/height around the middle: a portrait is framed on its subject. */
  centralBand: 0.6,
  /** A box lying this much (of its own area) inside the main face's box is the same face found twice, not another person. */
  sameFace: 0.5,
});

export type MainFace =
  | { readonly kind: 'found'; readonly face: Detection }
  | { readonly kind: 'none' }
  /** Only face-like shapes below `minScore`: a blurred, turned or covered face, or an animal or a pattern. */
  | { readonly kind: 'unclear'; readonly score: number }
  | { readonly kind: 'ambiguous' };

/**
 * The face the portrait is of: the largest confident face, when it is clearly larger than every other face and near
 * the middle (or alone). Anything else is refused: enrolling the wrong face would let someone else pass as this pupil.
 */
export function chooseMainFace(faces: readonly Detection[], imageSize: Size, rules = MAIN_FACE_RULES): MainFace {
  if (faces.length === 0) return { kind: 'none' };
  const [main] = faces.filter((f) => f.score >= rules.minScore).sort((a, b) => boxArea(b.box) - boxArea(a.box));
  if (main === undefined) return { kind: 'unclear', score: Math.max(...faces.map((f) => f.score)) };
  // Others need not be confident: a real second person the detector is only fairly sure of still makes it ambiguous.
  const others = faces.filter((f) => f !== main && f.score >= rules.otherMinScore && intersectionArea(f.box, main.box) / boxArea(f.box) < rules.sameFace);
  if (others.length === 0) return { kind: 'found', face: main };
  const cx = (main.box.x + main.box.width / 2) / imageSize.width;
  const cy = (main.box.y + main.box.height / 2) / imageSize.height;
  const half = rules.centralBand / 2;
  const central = Math.abs(cx - 0.5) <= half && Math.abs(cy - 0.5) <= half;
  const ratio = Math.min(...others.map((f) => boxArea(main.box) / Math.max(boxArea(f.box), 1)));
  return ratio >= rules.overwhelming || (ratio >= rules.dominance && central) ? { kind: 'found', face: main } : { kind: 'ambiguous' };
}

/** Why a portrait gives no descriptor is said in words for the teacher, in every language; a Text crosses thread boundaries as plain data. */
export type PortraitOutcome = { readonly kind: 'ok'; readonly descriptor: Descriptor } | { readonly kind: 'skip'; readonly reason: Text };

/** Loads a portrait, picks the pupil's face and describes it. Only an unreadable file is a skip; a failing engine throws. */
export async function describePortrait(file: string, engines: { readonly detector: FaceDetector; readonly describer: FaceDescriber }): Promise<PortraitOutcome> {
  let rgb;
  try {
    rgb = (await loadPhoto(file)).rgb;
  } catch (caught) {
    // Only reading is forgiven per file; a failing engine is a bug and stops the run.
    return { kind: 'skip', reason: caught instanceof PhotoReadError ? caught.text : msg.enrol.skip.cannotRead(toError(caught).message) };
  }
  const faces = await detectPortraitFaces(engines.detector, rgb);
  const main = chooseMainFace(faces, rgb);
  switch (main.kind) {
    case 'none':
      return { kind: 'skip', reason: msg.enrol.skip.noFace };
    case 'unclear':
      return { kind: 'skip', reason: msg.enrol.skip.unclear(Math.round(main.score * 100)) };
    case 'ambiguous':
      return { kind: 'skip', reason: msg.enrol.skip.ambiguous };
    case 'found': {
      const [descriptor] = await engines.describer.describe(rgb, [main.face]);
      if (descriptor == null) {
        const side = Math.round(Math.min(main.face.box.width, main.face.box.height));
        return { kind: 'skip', reason: msg.enrol.skip.tooSmall(side) };
      }
      return { kind: 'ok', descriptor };
    }
  }
}
