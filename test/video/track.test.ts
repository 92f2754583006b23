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

  it('schedules detection every k frames from each scene start', () => {
    expect([0, 1, 5, 10].map((f) => isScheduled(f, 0, 5))).toEqual([true, false, true, true]);
    expect([7, 8, 12].map((f) => isScheduled(f, 7, 5))).toEqual([true, false, true]);
  });
});
