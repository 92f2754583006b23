import { describe, expect, it } from 'vitest';
import type { Box } from '../../src/geometry.js';
import type { Detection } from '../../src/faces/types.js';
import { boxAt, isScheduled, TRACK_DEFAULTS, Tracker, type Track } from '../../src/video/track.js';

const size = { width: 640, height: 360 };

function detection(box: Box): Detection {
  const p = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  return { box, score: 0.9, landmarks: [p, p, p, p, p] };
}

function descriptor(seed: number): Float32Array {
  const d = new Float32Array(128);
  d[seed % 128] = 1;
  return d;
}

/** Runs the tracker on detections per detection frame, describing every detection with `describe`. */
function track(frames: readonly { frame: number; boxes: readonly Box[]; cut?: boolean }[], lastFrame: number, describe: (frame: number, i: number) => Float32Array | null = () => null): Track[] {
  const tracker = new Tracker(15);
  const cuts = [0];
  for (const f of frames) {
    if (f.cut) {
      tracker.cut(f.frame);
      cuts.push(f.frame);
    }
    const observations = f.boxes.map((b) => ({ detection: detection(b), quality: b.width }));
    const matched = tracker.match(f.frame, observations);
    tracker.commit(f.frame, observations, matched, f.boxes.map((_, i) => describe(f.frame, i)));
  }
  return tracker.finish(lastFrame, cuts);
}

function contains(outer: Box, inner: Box): boolean {
  return outer.x <= inner.x + 0.01 && outer.y <= inner.y + 0.01 && outer.x + outer.width >= inner.x + inner.width - 0.01 && outer.y + outer.height >= inner.y + inner.height - 0.01;
}

/** A face moving right at 4 px a frame, seen by the detector every 5th frame. */
const moving = (frame: number): Box => ({ x: 100 + 4 * frame, y: 100, width: 40, height: 48 });

describe('Tracker and boxAt', () => {
  it('covers a moving face on every frame between, before and after its detections', () => {
    const frames = [0, 5, 10, 15, 20].map((frame) => ({ frame, boxes: [moving(frame)] }));
    const tracks = track(frames, 40);
    expect(tracks).toHaveLength(1);
    for (let f = 0; f <= 20; f++) expect(contains(boxAt(tracks[0]!, f, size)!, moving(f)), `frame ${f}`).toBe(true);
    // After the last detection, for the detection interval and a few frames more, while the face moves on.
    for (let f = 21; f <= 20 + TRACK_DEFAULTS.detectEvery + TRACK_DEFAULTS.extendFrames; f++) expect(contains(boxAt(tracks[0]!, f, size)!, moving(f)), `frame ${f}`).toBe(true);
    expect(boxAt(tracks[0]!, 20 + TRACK_DEFAULTS.detectEvery + TRACK_DEFAULTS.extendFrames + 1, size)).toBeNull();
  });

  it('runs back in time: a face that came into view just after a detection frame is hidden before its first detection', () => {
    // Enters at frame 6 (not detected until frame 10), moving left to right.
    const frames = [0, 5].map((frame) => ({ frame, boxes: [] as Box[] })).concat([10, 15].map((frame) => ({ frame, boxes: [moving(frame)] })));
    const [t] = track(frames, 30);
    for (let f = 6; f < 10; f++) expect(contains(boxAt(t!, f, size)!, moving(f)), `frame ${f}`).toBe(true);
  });

  it('hides a face seen on a single detection frame on the frames around it', () => {
    const [t] = track([{ frame: 10, boxes: [{ x: 300, y: 100, width: 30, height: 30 }] }], 40);
    const reach = TRACK_DEFAULTS.detectEvery + TRACK_DEFAULTS.extendFrames;
    expect([t!.first, t!.last]).toEqual([10 - reach, 10 + reach]);
    for (let f = t!.first; f <= t!.last; f++) expect(contains(boxAt(t!, f, size)!, { x: 300, y: 100, width: 30, height: 30 })).toBe(true);
  });

  it('fills a gap of missed detections with the path between them', () => {
    const frames = [0, 5, 10, 15, 20].map((frame) => ({ frame, boxes: frame === 10 || frame === 15 ? [] : [moving(frame)] }));
    const tracks = track(frames, 30);
    expect(tracks).toHaveLength(1);
    for (let f = 5; f <= 20; f++) expect(contains(boxAt(tracks[0]!, f, size)!, moving(f)), `frame ${f}`).toBe(true);
  });

  it('ends tracks at a scene cut: no box crosses it in either direction', () => {
    const still: Box = { x: 200, y: 100, width: 40, height: 40 };
    const tracks = track(
      [
        { frame: 0, boxes: [still] },
        { frame: 5, boxes: [still] },
        { frame: 8, boxes: [still], cut: true },
        { frame: 13, boxes: [still] },
      ],
      20,
    );
    expect(tracks).toHaveLength(2);
    expect(tracks[0]!.last).toBe(7);
    expect(tracks[1]!.first).toBe(8);
  });

  it('never drops a detection: every detection is inside its track box on its frame (random scenes)', () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let round = 0; round < 20; round++) {
      const frames = Array.from({ length: 12 }, (_, k) => ({
        frame: k * 5,
        boxes: Array.from({ length: Math.floor(random() * 6) }, () => ({ x: random() * 600, y: random() * 320, width: 10 + random() * 60, height: 10 + random() * 60 })),
      }));
      const tracks = track(frames, 60);
      for (const f of frames) {
        for (const b of f.boxes) {
          const hit = tracks.some((t) => {
            const at = boxAt(t, f.frame, size);
            return at !== null && contains(at, b);
          });
          expect(hit, `round ${round} frame ${f.frame}`).toBe(true);
        }
      }
    }
  });

  it('does not let one track carry two people: faces that cross end their tracks', () => {
    // Two faces walking towards each other meet at frame 10.
    const a = (f: number): Box => ({ x: 100 + 10 * f, y: 100, width: 40, height: 40 });
    const b = (f: number): Box => ({ x: 300 - 10 * f, y: 104, width: 40, height: 40 });
    const tracks = track([0, 5, 10, 15, 20].map((frame) => ({ frame, boxes: [a(frame), b(frame)] })), 30);
    for (const t of tracks) {
      const xs = t.sightings.map((s) => s.box.x);
      // A track's detections move one way only: it never switched from one person to the other.
      const steps = xs.slice(1).map((x, i) => Math.sign(x - xs[i]!));
      expect(new Set(steps).size).toBeLessThanOrEqual(1);
    }
  });

  it('starts a new track when a described face in the same place is someone else', () => {
    const still: Box = { x: 200, y: 100, width: 60, height: 60 };
    const tracks = track(
      [0, 5, 10, 15].map((frame) => ({ frame, boxes: [still] })),
      20,
      (frame) => descriptor(frame < 10 ? 1 : 2),
    );
    expect(tracks.map((t) => t.sightings.map((s) => s.frame))).toEqual([
      [0, 5],
      [10, 15],
    ]);
    // The first person's track still hides the frames up to and past the change (ends are extended).
    expect(boxAt(tracks[0]!, 9, size)).not.toBeNull();
  });

  it('keeps the best described views, best first', () => {
    const sizes = [30, 50, 40, 60, 48, 45];
    const tracker = new Tracker(15);
    sizes.forEach((w, k) => {
      const obs = [{ detection: detection({ x: 100, y: 100, width: 50, height: 50 }), quality: w }];
      const matched = tracker.match(k * 5, obs);
      tracker.commit(k * 5, obs, matched, [tracker.wantsDescriptor(matched[0] ?? null, w) ? descriptor(3) : null]);
    });
    const [t] = tracker.finish(30, [0]);
    expect(t!.best.map((b) => b.quality)).toEqual([60, 50, 48]);
    expect(t!.thumbnail.quality).toBe(60);
  });

  it('draws every frame of the span with the settings the tracks were made with (detection every 10th frame)', () => {
    const options = { ...TRACK_DEFAULTS, detectEvery: 10 };
    const tracker = new Tracker(30, options);
    const obs = [{ detection: detection({ x: 300, y: 100, width: 30, height: 30 }), quality: 30 }];
    tracker.commit(40, obs, tracker.match(40, obs), [null]);
    const [t] = tracker.finish(100, [0]);
    expect(t!.first).toBe(40 - 14);
    for (let f = t!.first; f <= t!.last; f++) expect(boxAt(t!, f, size, options), `frame ${f}`).not.toBeNull();
  });

  describe('faces at the picture\'s edge (the detector loses a face cut by the edge first)', () => {
    /** The detector's box of a face: its part inside the picture. */
    const visible = (b: Box): Box | null => {
      const x0 = Math.max(0, b.x);
      const y0 = Math.max(0, b.y);
      const x1 = Math.min(size.width, b.x + b.width);
      const y1 = Math.min(size.height, b.y + b.height);
      return x1 - x0 < 1 || y1 - y0 < 1 ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
    };
    const covered = (tracks: readonly Track[], f: number, face: Box): boolean =>
      tracks.some((t) => {
        const at = boxAt(t, f, size);
        return at !== null && contains(at, visible(face)!);
      });
    /** Runs the tracker at 30 fps on the visible parts of the given faces on the given detection frames. */
    const run = (faces: readonly ((f: number) => Box)[], seen: (face: number, f: number) => boolean, lastFrame: number): Track[] => {
      const tracker = new Tracker(30);
      for (let f = 0; f <= lastFrame; f += TRACK_DEFAULTS.detectEvery) {
        const boxes = faces.flatMap((face, i) => {
          const v = visible(face(f));
          return v !== null && seen(i, f) ? [v] : [];
        });
        const observations = boxes.map((b) => ({ detection: detection(b), quality: b.width }));
        tracker.commit(f, observations, tracker.match(f, observations), boxes.map(() => null));
      }
      return tracker.finish(lastFrame, [0], size);
    };

    it('keeps a face that leaves slowly after its last detection covered until it is out of the picture', () => {
      // Moves left at 1 px a frame; the detector sees it up to frame 20, with 5 px still to go to the edge, and then
      // loses it. It is out of the picture from frame 65 on; the fixed reach used to end at frame 38.
      const face = (f: number): Box => ({ x: 25 - f, y: 150, width: 40, height: 48 });
      const tracks = run([face], (_, f) => f <= 20, 200);
      for (let f = 0; f < 65; f++) expect(covered(tracks, f, face(f)), `frame ${f}`).toBe(true);
      // Held along its path, not growing without end nor to the end of the scene.
      expect(tracks[0]!.last).toBeLessThan(120);
      for (let f = 21; f <= tracks[0]!.last; f++) expect(boxAt(tracks[0]!, f, size)!.height, `frame ${f}`).toBeLessThan(2.5 * 48);
    });

    it('moves a face seen once at the edge with the pan the other faces show, until it is out', () => {
      // The camera pans: every face moves left at 1 px a frame. The one at the left edge is seen on frame 10 only,
      // cut by the edge, and is out from frame 45 on; the fixed reach used to end at frame 28.
      const pan = (x: number, y: number) => (f: number): Box => ({ x: x - f, y, width: 40, height: 48 });
      const edge = (f: number): Box => ({ x: -5 - (f - 10), y: 40, width: 40, height: 48 });
      const tracks = run([pan(300, 200), pan(450, 100), edge], (i, f) => i < 2 || f === 10, 100);
      for (let f = 10; f < 45; f++) expect(covered(tracks, f, edge(f)), `frame ${f}`).toBe(true);
    });

    it('covers a face that came in slowly through the edge before its first detection, back to when it came in', () => {
      // Comes in from the right at 1 px a frame from frame 6; first detected at frame 40, 35 px in; the fixed reach
      // used to start at frame 22.
      const face = (f: number): Box => ({ x: 645 - f, y: 150, width: 40, height: 48 });
      const tracks = run([face], (_, f) => f >= 40, 100);
      for (let f = 6; f <= 60; f++) expect(covered(tracks, f, face(f)), `frame ${f}`).toBe(true);
    });

    it('ends the hold soon after a face cut by the edge has left, at the speed of its far side (not its half-seen centre)', () => {
      // Leaves to the right at 1 px a frame, cut by the edge from frame 11, detected up to frame 30 (20 px in view);
      // out from frame 50. The visible box's centre moves at half the face's speed, which would hold it twice as long.
      const face = (f: number): Box => ({ x: 590 + f, y: 150, width: 40, height: 48 });
      const [t] = run([face], (_, f) => f <= 30, 200);
      for (let f = 0; f < 50; f++) expect(covered([t!], f, face(f)), `frame ${f}`).toBe(true);
      expect(t!.leaving!.vx).toBeCloseTo(1, 5);
      expect(t!.last).toBeLessThan(75);
    });

    it('does not hold a face at the edge that moves along it or into the picture', () => {
      const face = (f: number): Box => ({ x: 5 + 2 * f, y: 150, width: 40, height: 48 });
      const [t] = run([face], (_, f) => f <= 20, 200);
      expect(t!.leaving).toBeUndefined();
      expect(t!.last).toBe(20 + TRACK_DEFAULTS.detectEvery + TRACK_DEFAULTS.extendFrames);
    });
  });

  it('schedules detection every k frames from each scene start', () => {
    expect([0, 1, 5, 10].map((f) => isScheduled(f, 0, 5))).toEqual([true, false, true, true]);
    expect([7, 8, 12].map((f) => isScheduled(f, 7, 5))).toEqual([true, false, true]);
  });
});
