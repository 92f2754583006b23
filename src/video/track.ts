/**
 * Faces through time, pure: detections on scheduled frames are linked into tracks by position, motion and descriptor,
 * and each track then yields a box on every frame of its span, so that no frame between, before or after the
 * detections shows a face that should be hidden. The tracker only ever ADDS boxes: every detection is in some track,
 * and a track's box on a detection frame contains that detection.
 */
import type { Box, Size } from '../geometry.js';
import { assignMinCost } from '../faces/assign.js';
import { descriptorDistance, meanDescriptor } from '../faces/match.js';
import type { Descriptor, Detection } from '../faces/types.js';

export const TRACK_DEFAULTS = Object.freeze({
  /** Detect on every k-th frame (and on scene cuts): at 30 fps, six times a second. */
  detectEvery: 5,
  /**
   * A track's span reaches this many frames beyond its first and last detection, on top of the detection interval:
   * a face may come into view just after one detection and be first detected at the next, so the span runs back by
   * `detectEvery` plus these frames (and forward the same).
   */
  extendFrames: 4,
  /** A track missed by the detector for up to this many seconds is bridged when it is detected again (gap filling). */
  maxGapSeconds: 1,
  /**
   * Motion gate: a detection continues a track when its centre lies within this many face widths of where the track
   * was heading (plus a quarter width per frame since the track was last seen) ...
   */
  gateWidths: 0.6,
  gateWidthsPerFrame: 0.05,
  /** ... and its size within this factor of the track's. */
  maxSizeRatio: 1.6,
  /**
   * When a second candidate comes within this of the best pairing's cost, the pairing is ambiguous (two faces
   * crossing): the track ends and the detection starts a new one. Recognition is per track, so a track must never
   * carry two people; two shorter tracks only cost recognition some frames.
   */
  ambiguity: 0.35,
  /** A described detection this far from its track's descriptors is someone else: the track ends there. */
  splitDistance: 0.6,
  /** Boxes grow by this share of their size on every frame they are interpolated or held... */
  padShare: 0.12,
  /**
   * ... plus this share of the distance the face moved between the two detections around the frame (a face that
   * moved 5 widths between two detections may have swerved by more than a width on the way).
   */
  padMotion: 0.3,
  /** A held box (before the first or after the last detection) grows by this share of its width per frame... */
  padPerHeldFrame: 0.03,
  /** ... or by this much when the face's motion is unknown (seen once, no bridge): it may be moving either way. */
  padPerHeldFrameStill: 0.06,
  /**
   * Bridges (for hiding only): a track that ends and one that starts up to `maxGapSeconds` later in the same scene, at
   * most this many face widths per frame apart, are joined by boxes along the way. Faster than the tracker's gate (a
   * child running past the camera moves almost a face width a frame), but never used to say two tracks are one
   * person: recognition stays per track.
   */
  bridgeWidthsPerFrame: 1.2,
  /**
   * Edge holds: a track whose end box is at the picture's edge and moving towards it (or whose start box came in
   * through it) is held, moved on at its speed, until the box has left the picture, for at most this many seconds.
   * A face cut by the edge is what the detector loses first, so the fixed reach would end while part of it shows.
   */
  edgeHoldSeconds: 4,
  /** The held box grows by `padPerHeldFrame` a frame up to this share of its size on each side, then no more. */
  edgeHoldMaxPad: 0.5,
  /** Descriptors kept per track, from its best (sharp, frontal, large) detections. */
  bestKept: 3,
  /** A new detection is described only when its quality beats the worst kept one by this factor. */
  describeGain: 1.15,
});

export type TrackOptions = { readonly [K in keyof typeof TRACK_DEFAULTS]: number };

/** A detection on a frame, as the tracker keeps it. */
export interface Sighting {
  readonly frame: number;
  readonly box: Box;
  readonly score: number;
}

/** One of the track's best detections, described. */
export interface BestView {
  readonly frame: number;
  readonly detection: Detection;
  readonly quality: number;
  readonly descriptor: Descriptor;
}

/** A face's motion in pixels per frame. */
export interface Motion {
  readonly vx: number;
  readonly vy: number;
}

export interface Track {
  readonly id: number;
  /** The first frame of the track's scene, and its last: the span never crosses a cut. */
  readonly sceneStart: number;
  readonly sceneEnd: number;
  /** Detections, by frame. */
  readonly sightings: readonly Sighting[];
  /** The frames the track hides, inclusive: its detections plus the extension, within the scene. */
  readonly first: number;
  readonly last: number;
  /** Best described views, best first; empty when the face was never large enough to describe. */
  readonly best: readonly BestView[];
  /** The best detection of all (for a thumbnail), described or not. */
  readonly thumbnail: { readonly frame: number; readonly box: Box; readonly quality: number };
  /**
   * Bridges: the last detection of a track that ended just before this one began nearby, and the first of one that
   * began just after this one ended. The track's boxes run along them (a face too fast for the tracker).
   */
  readonly bridgedFrom?: Sighting;
  readonly bridgedTo?: Sighting;
  /**
   * Edge holds: the track's last detection was at the picture's edge moving out (`leaving`), or its first came in
   * through it (`entering`), at this motion (its own, or the scene's when it was seen once). The span reaches until
   * that box, moved on, has left the picture; `boxAt` draws it along the way.
   */
  readonly leaving?: Motion;
  readonly entering?: Motion;
}

interface Building {
  id: number;
  sceneStart: number;
  sightings: Sighting[];
  best: BestView[];
  thumbnail: { frame: number; box: Box; quality: number };
  ended: boolean;
}

/** A detection offered to the tracker, with how good a view of the face it is (see faceQuality). */
export interface Observation {
  readonly detection: Detection;
  readonly quality: number;
}

/**
 * Links detections into tracks as the frames go by (detection frames only; frames must come in order).
 * For each detection frame: `match` says which track each detection continues (or null: a new one), the caller
 * describes the detections `wantsDescriptor` asks for, then `commit` records them.
 */
export class Tracker {
  private readonly tracks: Building[] = [];
  private active: Building[] = [];
  private sceneStart = 0;
  private nextId = 1;
  private readonly maxGapFrames: number;
  private readonly maxHoldFrames: number;
  /** Tracks whose pairing on the frame being matched was ambiguous: they end at `commit`. */
  private ambiguous = new Set<number>();

  constructor(
    fps: number,
    private readonly options: TrackOptions = TRACK_DEFAULTS,
  ) {
    this.maxGapFrames = Math.max(options.detectEvery, Math.round(options.maxGapSeconds * (fps > 0 ? fps : 30)));
    this.maxHoldFrames = Math.round(options.edgeHoldSeconds * (fps > 0 ? fps : 30));
  }

  /** A scene cut before `frame`: every track ends. */
  cut(frame: number): void {
    for (const t of this.active) t.ended = true;
    this.active = [];
    this.sceneStart = frame;
  }

  /** Which active track each detection continues (null = a new track), by motion-predicted position and size. */
  match(frame: number, observations: readonly Observation[]): (number | null)[] {
    this.active = this.active.filter((t) => {
      const keep = frame - t.sightings[t.sightings.length - 1]!.frame <= this.maxGapFrames;
      if (!keep) t.ended = true;
      return keep;
    });
    const cost = observations.map((o) => this.active.map((t) => this.cost(t, frame, o.detection.box)));
    const assigned = assignMinCost(cost);
    this.ambiguous = new Set();
    return observations.map((_, i) => {
      const column = assigned[i];
      if (column == null) return null;
      const best = cost[i]![column]!;
      // Ambiguous: another track wants this detection, or this track another detection, almost as much.
      const rivals = [...cost[i]!.filter((_, c) => c !== column), ...cost.filter((_, r) => r !== i).map((row) => row[column]!)];
      if (rivals.some((c) => Number.isFinite(c) && c - best < this.options.ambiguity)) {
        this.ambiguous.add(this.active[column]!.id);
        return null;
      }
      return this.active[column]!.id;
    });
  }

  /** Whether a detection of this quality for this track (null = new) is worth describing. */
  wantsDescriptor(trackId: number | null, quality: number): boolean {
    if (trackId === null) return true;
    const t = this.active.find((a) => a.id === trackId);
    if (t === undefined) return true;
    if (t.best.length < this.options.bestKept) return true;
    return quality > t.best[t.best.length - 1]!.quality * this.options.describeGain;
  }

  /**
   * Records a detection frame. `matched` is what `match` returned (a track whose pairing was ambiguous has already
   * been answered with null); `descriptors` holds a descriptor for each detection described, null otherwise.
   */
  commit(frame: number, observations: readonly Observation[], matched: readonly (number | null)[], descriptors: readonly (Descriptor | null)[]): number[] {
    const continued = new Set<number>();
    for (const t of this.active) if (this.ambiguous.has(t.id)) t.ended = true;
    const ids = observations.map((o, i) => {
      let track = matched[i] == null ? undefined : this.active.find((t) => t.id === matched[i]);
      const descriptor = descriptors[i] ?? null;
      if (track !== undefined && descriptor !== null && track.best.length > 0) {
        const mean = meanDescriptor(track.best.map((b) => b.descriptor));
        // Someone else in the same place: end the track rather than let it carry two people.
        if (descriptorDistance(descriptor, mean) > this.options.splitDistance) {
          track.ended = true;
          track = undefined;
        }
      }
      if (track === undefined || continued.has(track.id)) {
        if (track !== undefined) track.ended = true;
        track = this.start();
      }
      continued.add(track.id);
      track.sightings.push({ frame, box: o.detection.box, score: o.detection.score });
      if (o.quality > track.thumbnail.quality) track.thumbnail = { frame, box: o.detection.box, quality: o.quality };
      if (descriptor !== null) {
        track.best.push({ frame, detection: o.detection, quality: o.quality, descriptor });
        track.best.sort((a, b) => b.quality - a.quality);
        track.best.length = Math.min(track.best.length, this.options.bestKept);
      }
      return track.id;
    });
    // A track whose detection was taken as ambiguous or another person ended above; the others carry on.
    this.active = this.active.filter((t) => !t.ended);
    return ids;
  }

  /**
   * Every track, with its span. `lastFrame` is the clip's last frame index; `cuts` the first frames of its scenes.
   * With `imageSize`, a track that begins or ends at the picture's edge reaches twice as far that way: a face half out
   * of view is what the detector loses first, so one leaving the picture shows a sliver after its last detection.
   * One moving out through the edge reaches further, until it has left (`leaving`, `entering`: see edgeHold).
   */
  finish(lastFrame: number, cuts: readonly number[], imageSize?: Size): Track[] {
    const sceneEndOf = (start: number): number => {
      const next = cuts.find((c) => c > start);
      return next === undefined ? lastFrame : next - 1;
    };
    const reach = this.options.detectEvery + this.options.extendFrames;
    const built = this.tracks.filter((t) => t.sightings.length > 0);
    const { from, to } = this.bridges(built);
    const atEdge = (b: Box): boolean =>
      imageSize !== undefined && (b.x < 0.25 * b.width || b.y < 0.25 * b.height || b.x + 1.25 * b.width > imageSize.width || b.y + 1.25 * b.height > imageSize.height);
    return built.map((t): Track => {
      const sceneEnd = sceneEndOf(t.sceneStart);
      const s = t.sightings;
      const firstReach = atEdge(s[0]!.box) ? 2 * reach : reach;
      const lastReach = atEdge(s[s.length - 1]!.box) ? 2 * reach : reach;
      const bridgedFrom = from.get(t.id);
      const bridgedTo = to.get(t.id);
      const firstSeen = bridgedFrom?.frame ?? s[0]!.frame;
      const lastSeen = bridgedTo?.frame ?? s[s.length - 1]!.frame;
      // Seen once: its own motion is unknown, but in a pan every face moves with the camera.
      const sceneMotion = s.length === 1 && imageSize !== undefined ? this.sceneMotion(built, t, imageSize) : undefined;
      const out = imageSize === undefined ? undefined : this.edgeHold(s, 'leaving', imageSize, sceneMotion);
      const into = imageSize === undefined ? undefined : this.edgeHold(s, 'entering', imageSize, sceneMotion);
      return {
        id: t.id,
        sceneStart: t.sceneStart,
        sceneEnd,
        sightings: s,
        // Reach beyond the bridges too: this face may have come into view before the other one left.
        first: Math.max(t.sceneStart, Math.min(firstSeen, s[0]!.frame - firstReach, s[0]!.frame - (into?.frames ?? 0))),
        last: Math.min(sceneEnd, Math.max(lastSeen, s[s.length - 1]!.frame + lastReach, s[s.length - 1]!.frame + (out?.frames ?? 0))),
        best: t.best,
        thumbnail: t.thumbnail,
        ...(bridgedFrom === undefined ? {} : { bridgedFrom }),
        ...(bridgedTo === undefined ? {} : { bridgedTo }),
        ...(out === undefined ? {} : { leaving: out.motion }),
        ...(into === undefined ? {} : { entering: into.motion }),
      };
    });
  }

  /**
   * The edge hold at one end of a track: its motion there (its own from its two end detections, else `fallback`),
   * and how many frames the end box, moved on that way and padded as `boxAt` pads it, takes to leave the picture
   * through an edge it is near and moving towards. Undefined when it is not leaving (or, backwards, not entering).
   */
  private edgeHold(s: readonly Sighting[], end: 'leaving' | 'entering', size: Size, fallback: Motion | undefined): { motion: Motion; frames: number } | undefined {
    const last = end === 'leaving';
    const at = last ? s[s.length - 1]! : s[0]!;
    const other = last ? s[s.length - 2] : s[1];
    const motion = other === undefined ? fallback : edgeMotion(last ? other : at, last ? at : other, size);
    if (motion === undefined) return undefined;
    // Backwards in time, the face came from where it was heading away from.
    const vx = last ? motion.vx : -motion.vx;
    const vy = last ? motion.vy : -motion.vy;
    const b = pad(at.box, (this.options.padShare + this.options.edgeHoldMaxPad) * at.box.width, (this.options.padShare + this.options.edgeHoldMaxPad) * at.box.height);
    const nearX = 0.25 * at.box.width;
    const nearY = 0.25 * at.box.height;
    const exits: number[] = [];
    if (vx < 0 && at.box.x < nearX) exits.push((b.x + b.width) / -vx);
    if (vx > 0 && at.box.x + at.box.width > size.width - nearX) exits.push((size.width - b.x) / vx);
    if (vy < 0 && at.box.y < nearY) exits.push((b.y + b.height) / -vy);
    if (vy > 0 && at.box.y + at.box.height > size.height - nearY) exits.push((size.height - b.y) / vy);
    if (exits.length === 0) return undefined;
    return { motion, frames: Math.min(this.maxHoldFrames, Math.ceil(Math.min(...exits))) };
  }

  /**
   * The camera's motion around a track's only detection: the median motion of the other tracks of its scene seen
   * twice within the detection gap around it. Undefined when there are none.
   */
  private sceneMotion(tracks: readonly Building[], t: Building, size: Size): Motion | undefined {
    const frame = t.sightings[0]!.frame;
    const motions: Motion[] = [];
    for (const o of tracks) {
      if (o === t || o.sceneStart !== t.sceneStart || o.sightings.length < 2) continue;
      // The pair of its detections closest to the frame, if it was seen near it.
      let k = o.sightings.findIndex((x) => x.frame >= frame);
      if (k === -1) k = o.sightings.length - 1;
      k = Math.max(1, k);
      const a = o.sightings[k - 1]!;
      const b = o.sightings[k]!;
      if (a.frame > frame + this.maxGapFrames || b.frame < frame - this.maxGapFrames) continue;
      motions.push(edgeMotion(a, b, size));
    }
    if (motions.length === 0) return undefined;
    return { vx: median(motions.map((m) => m.vx)), vy: median(motions.map((m) => m.vy)) };
  }

  /**
   * Pairs track ends with track starts shortly after (at most two detection intervals) in the same scene, one to one,
   * closest in time first, then slowest: a fast face that the tracker's gate lost between two detection frames.
   */
  private bridges(tracks: readonly Building[]): { from: Map<number, Sighting>; to: Map<number, Sighting> } {
    const maxGap = 2 * this.options.detectEvery;
    const pairs: { earlier: Building; later: Building; gap: number; speed: number }[] = [];
    for (const later of tracks) {
      const start = later.sightings[0]!;
      for (const earlier of tracks) {
        if (earlier === later || earlier.sceneStart !== later.sceneStart) continue;
        const end = earlier.sightings[earlier.sightings.length - 1]!;
        const gap = start.frame - end.frame;
        if (gap <= 0 || gap > maxGap) continue;
        const size = Math.max(end.box.width, end.box.height, 1);
        const ratio = Math.max(start.box.width, start.box.height) / size;
        if (ratio > this.options.maxSizeRatio || ratio < 1 / this.options.maxSizeRatio) continue;
        const speed = Math.hypot(centreX(start.box) - centreX(end.box), centreY(start.box) - centreY(end.box)) / size / gap;
        if (speed <= this.options.bridgeWidthsPerFrame) pairs.push({ earlier, later, gap, speed });
      }
    }
    pairs.sort((a, b) => a.gap - b.gap || a.speed - b.speed);
    const from = new Map<number, Sighting>();
    const to = new Map<number, Sighting>();
    for (const { earlier, later } of pairs) {
      if (to.has(earlier.id) || from.has(later.id)) continue;
      to.set(earlier.id, later.sightings[0]!);
      from.set(later.id, earlier.sightings[earlier.sightings.length - 1]!);
    }
    return { from, to };
  }

  private start(): Building {
    const t: Building = { id: this.nextId++, sceneStart: this.sceneStart, sightings: [], best: [], thumbnail: { frame: -1, box: { x: 0, y: 0, width: 0, height: 0 }, quality: -1 }, ended: false };
    this.tracks.push(t);
    this.active.push(t);
    return t;
  }

  /** Normalised distance from where the track is heading plus the size change; Infinity outside the gate. */
  private cost(t: Building, frame: number, box: Box): number {
    const predicted = predict(t.sightings, frame);
    const size = Math.max(predicted.width, predicted.height, 1);
    const dx = centreX(box) - centreX(predicted);
    const dy = centreY(box) - centreY(predicted);
    const distance = Math.hypot(dx, dy) / size;
    const since = frame - t.sightings[t.sightings.length - 1]!.frame;
    const ratio = Math.max(box.width, box.height) / size;
    if (distance > this.options.gateWidths + this.options.gateWidthsPerFrame * since) return Infinity;
    if (ratio > this.options.maxSizeRatio || ratio < 1 / this.options.maxSizeRatio) return Infinity;
    return distance + Math.abs(Math.log(ratio));
  }
}

/** Where the face is expected on `frame`: the last box moved on at the speed between the last two detections. */
function predict(sightings: readonly Sighting[], frame: number): Box {
  const last = sightings[sightings.length - 1]!;
  const before = sightings[sightings.length - 2];
  if (before === undefined) return last.box;
  const dt = last.frame - before.frame;
  const ahead = Math.min(frame - last.frame, 2 * dt);
  return lerpBox(before.box, last.box, 1 + ahead / dt);
}

/**
 * How a face moved between two detections, in pixels per frame. Along an axis where the box is cut by the picture's
 * edge its centre moves at half the face's speed (the box is the visible part), so the far side's motion is taken.
 */
function edgeMotion(a: Sighting, b: Sighting, size: Size): Motion {
  const dt = b.frame - a.frame;
  const axis = (a0: number, a1: number, b0: number, b1: number, limit: number): number => {
    const cutLow = a0 <= 1 && b0 <= 1;
    const cutHigh = a1 >= limit - 1 && b1 >= limit - 1;
    if (cutLow && !cutHigh) return (b1 - a1) / dt;
    if (cutHigh && !cutLow) return (b0 - a0) / dt;
    return (b0 + b1 - a0 - a1) / 2 / dt;
  };
  return {
    vx: axis(a.box.x, a.box.x + a.box.width, b.box.x, b.box.x + b.box.width, size.width),
    vy: axis(a.box.y, a.box.y + a.box.height, b.box.y, b.box.y + b.box.height, size.height),
  };
}

function median(values: readonly number[]): number {
  const v = [...values].sort((p, q) => p - q);
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

function centreX(b: Box): number {
  return b.x + b.width / 2;
}
function centreY(b: Box): number {
  return b.y + b.height / 2;
}

function lerpBox(a: Box, b: Box, t: number): Box {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, width: a.width + (b.width - a.width) * t, height: a.height + (b.height - a.height) * t };
}

function union(a: Box, b: Box): Box {
  const x0 = Math.min(a.x, b.x);
  const y0 = Math.min(a.y, b.y);
  return { x: x0, y: y0, width: Math.max(a.x + a.width, b.x + b.width) - x0, height: Math.max(a.y + a.height, b.y + b.height) - y0 };
}

function pad(b: Box, px: number, py: number): Box {
  return { x: b.x - px, y: b.y - py, width: b.width + 2 * px, height: b.height + 2 * py };
}

/**
 * The box that hides the track's face on `frame`, or null outside its span.
 * - On a detection frame: the detection itself.
 * - Between two detections: the linear path, padded by `padShare` of the size, `padMotion` of the way moved (faces
 *   do not move in straight lines) and half the change in size.
 * - Before the first or after the last detection: the end box, moved on at the track's speed while it stays on
 *   screen, and growing by `padPerHeldFrame` per frame.
 * - With an edge hold, also the end box moved on at the hold's motion until it has left the picture (edgeHeldBox).
 */
export function boxAt(track: Track, frame: number, imageSize: Size, options: TrackOptions = TRACK_DEFAULTS): Box | null {
  if (frame < track.first || frame > track.last) return null;
  const reach = 2 * (options.detectEvery + options.extendFrames);
  const s = track.sightings;
  let own = frame >= s[0]!.frame - reach && frame <= s[s.length - 1]!.frame + reach ? pathBox(s, frame, imageSize, options) : null;
  const held = edgeHeldBox(track, frame, options);
  if (held !== null) own = own === null ? held : union(own, held);
  if (track.bridgedFrom === undefined && track.bridgedTo === undefined) return own === null ? null : throughEdges(own, imageSize);
  // Along a bridge the two tracks may not be one face after all: cover both the bridge and this face's own reach.
  const bridged = pathBox([...(track.bridgedFrom === undefined ? [] : [track.bridgedFrom]), ...s, ...(track.bridgedTo === undefined ? [] : [track.bridgedTo])], frame, imageSize, options);
  const box = own === null ? bridged : bridged === null ? own : union(own, bridged);
  return box === null ? null : throughEdges(box, imageSize);
}

/**
 * The edge hold's box: the end detection moved on at the track's motion there, padded a little more every frame up
 * to `edgeHoldMaxPad` (the motion is known, so it does not grow without end and cover the faces nearby).
 */
function edgeHeldBox(track: Track, frame: number, options: TrackOptions): Box | null {
  const s = track.sightings;
  const after = frame > s[s.length - 1]!.frame;
  const motion = after ? track.leaving : frame < s[0]!.frame ? track.entering : undefined;
  if (motion === undefined) return null;
  const end = after ? s[s.length - 1]! : s[0]!;
  const dt = frame - end.frame;
  const grow = options.padShare + Math.min(options.padPerHeldFrame * Math.abs(dt), options.edgeHoldMaxPad);
  const moved = { ...end.box, x: end.box.x + motion.vx * dt, y: end.box.y + motion.vy * dt };
  return pad(moved, grow * end.box.width, grow * end.box.height);
}

function pathBox(s: readonly Sighting[], frame: number, imageSize: Size, options: TrackOptions): Box | null {
  let hi = s.findIndex((x) => x.frame >= frame);
  if (hi === -1) hi = s.length;
  const exact = s[hi];
  if (exact !== undefined && exact.frame === frame) return exact.box;
  const after = s[hi];
  const before = s[hi - 1];
  if (before !== undefined && after !== undefined) {
    const t = (frame - before.frame) / (after.frame - before.frame);
    const path = lerpBox(before.box, after.box, t);
    const moved = Math.hypot(centreX(after.box) - centreX(before.box), centreY(after.box) - centreY(before.box));
    const grow = Math.abs(after.box.width - before.box.width) / 2;
    const px = options.padShare * path.width + options.padMotion * moved + grow;
    const py = options.padShare * path.height + options.padMotion * moved + grow;
    return clampLoosely(pad(path, px, py), imageSize);
  }
  // Held beyond an end: moved on at the end's speed, growing with every frame away from the detection.
  const end = before ?? after!;
  const neighbour = before !== undefined ? s[hi - 2] : s[hi + 1];
  const away = Math.abs(frame - end.frame);
  let held = end.box;
  if (neighbour !== undefined) {
    const per = 1 / Math.abs(end.frame - neighbour.frame);
    const vx = (centreX(end.box) - centreX(neighbour.box)) * per;
    const vy = (centreY(end.box) - centreY(neighbour.box)) * per;
    const moved = { ...end.box, x: end.box.x + vx * away, y: end.box.y + vy * away };
    // The face may also have stopped: cover both where it was and where it was heading.
    held = union(end.box, moved);
  }
  const grow = (neighbour === undefined ? options.padPerHeldFrameStill : options.padPerHeldFrame) * away + options.padShare;
  return clampLoosely(pad(held, grow * end.box.width, grow * end.box.height), imageSize);
}

/**
 * A face at the picture's edge is partly out of view: the detector's box is its visible part, and its true centre
 * (and where it is heading) lies beyond the edge. The box is pushed out through every edge it nearly touches, so the
 * rounded cover reaches into the corner and the visible sliver of a face leaving the picture stays covered.
 */
export function throughEdges(b: Box, size: Size): Box {
  const near = 0.25;
  const out = 0.5;
  let { x, y, width, height } = b;
  if (x < near * b.width) {
    x -= out * b.width;
    width += out * b.width;
  }
  if (y < near * b.height) {
    y -= out * b.height;
    height += out * b.height;
  }
  if (x + width > size.width - near * b.width) width += out * b.width;
  if (y + height > size.height - near * b.height) height += out * b.height;
  return { x, y, width, height };
}

/** Keeps a box overlapping the image (a face half out of frame still has its visible half hidden). */
function clampLoosely(b: Box, size: Size): Box {
  const x0 = Math.max(-b.width, Math.min(b.x, size.width));
  const y0 = Math.max(-b.height, Math.min(b.y, size.height));
  return { x: x0, y: y0, width: b.width, height: b.height };
}

/** Which detection frames a schedule picks: every k-th frame of each scene, counted from the scene's first frame. */
export function isScheduled(frame: number, sceneStart: number, detectEvery: number): boolean {
  return (frame - sceneStart) % detectEvery === 0;
}
