/**
 * Videos, frame by frame: clips made from the shared photos of known people (a pan and zoom over a group with a
 * passer-by crossing the picture, a scene cut to another group, a crowd selfie, a portrait HEVC clip with a rotation
 * and an uneven frame rate), filtered as the scan does (video detection schedule, tracks, recognition per track), with
 * three people consenting (Obama, Rose Leslie, Angelina Jolie) and the others not (Biden, Kit Harington, everyone
 * unknown). The published clip is decoded and EVERY frame is compared with the frame it was made from.
 *   npm run eval -- video
 *
 * The truth is found on the still photos, not in the clip: the faces by the photo detector (with its upscaled
 * levels, finer than the video schedule's), who they are by the photo recogniser against the same portraits. So the
 * figures test everything the clip adds: detection on a schedule, tracking both ways, recognition per track, the
 * render on every frame and the encoding. A face counts as hidden on a frame when it has lost at least 65 % of its
 * fine detail there, as kept when it changed by at most 10 grey levels and kept at least half its detail (the video
 * tests' rules, scripts/video-frames.ts); faces with less than 16 px visible are not judged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDescriber } from '../src/faces/describer.js';
import { createDetector } from '../src/faces/detector.js';
import type { FaceDescriber, FaceDetector, Template } from '../src/faces/engine-types.js';
import { MATCH_DEFAULTS, matchFaces } from '../src/faces/match.js';
import { describePortrait } from '../src/faces/portrait.js';
import { videoDetectionParams } from '../src/video/detection.js';
import { findFfmpeg } from '../src/video/ffmpeg.js';
import { filterClip, type TrackSummary } from '../src/video/filter.js';
import { readStill, viewAt, writeClip, type ClipSpec, type StillPhoto } from './video-clips.js';
import { checkEveryFrame } from './video-frames.js';

const SHARED = path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '..', 'shared', 'faces');
const shared = (file: string): string => path.join(SHARED, file);

const PORTRAITS: Record<string, readonly string[]> = {
  obama: ['identities/face_recognition/obama/02.jpg', 'identities/face_recognition/obama/05.jpg'],
  biden: ['identities/face_recognition/biden/02.jpg', 'identities/face_recognition/biden/04.jpg'],
  kit_harington: ['identities/face_recognition/kit_harington/01.jpeg', 'identities/face_recognition/kit_harington/02.jpeg'],
  rose_leslie: ['identities/face_recognition/rose_leslie/01.jpg'],
  angelina_jolie: ['identities/deepface/angelina_jolie/01.jpg', 'identities/deepface/angelina_jolie/02.jpg', 'identities/deepface/angelina_jolie/03.jpg'],
};
const CONSENTING: ReadonlySet<string> = new Set(['obama', 'rose_leslie', 'angelina_jolie']);

async function enrol(detector: FaceDetector, describer: FaceDescriber): Promise<Template[]> {
  const templates: Template[] = [];
  for (const [pupilId, files] of Object.entries(PORTRAITS)) {
    const descriptors = [];
    for (const file of files) {
      const outcome = await describePortrait(shared(file), { detector, describer });
      if (outcome.kind === 'ok') descriptors.push(outcome.descriptor);
    }
    templates.push({ pupilId, descriptors });
  }
  return templates;
}

/** A still with its faces as the photo pipeline finds them, and which belong to a consenting person. */
async function still(file: string, detector: FaceDetector, describer: FaceDescriber, templates: readonly Template[]): Promise<StillPhoto> {
  const photo = await readStill(shared(file));
  const found = await detector.detect(photo.rgb);
  const recognised = matchFaces(await describer.describe(photo.rgb, found), templates, MATCH_DEFAULTS);
  return { ...photo, faces: found.map((d) => d.box), kept: recognised.map((r) => r.kind === 'identified' && CONSENTING.has(r.pupilId)) };
}

/** The consent rules in miniature: a track is shown only when it is a consenting person. */
function showConsenting(tracks: readonly TrackSummary[]): { publish: true; shown: ReadonlySet<number> } {
  return { publish: true, shown: new Set(tracks.filter((t) => t.recognition.kind === 'identified' && CONSENTING.has(t.recognition.pupilId)).map((t) => t.id)) };
}

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)} %`);

export async function evalVideo(): Promise<void> {
  const tools = await findFfmpeg();
  const photoDetector = await createDetector();
  const describer = await createDescriber();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pf-eval-video-'));
  console.log(`\n== Video: faces hidden on every frame, consenting faces kept (FFmpeg ${tools.version}, ${tools.source}) ==`);
  try {
    const templates = await enrol(photoDetector, describer);
    const group = await still('groups/ageitgey_obama_and_biden.jpg', photoDetector, describer, templates);
    const kitRose = await still('groups/ageitgey_kit_with_rose.jpg', photoDetector, describer, templates);
    const walker = await still('identities/face_recognition/kit_harington/03.jpg', photoDetector, describer, templates);
    const selfie = await still('groups/serengil_selfie-many-people.jpg', photoDetector, describer, templates);
    const couple = await still('groups/serengil_couple.jpg', photoDetector, describer, templates);
    const clips: { name: string; file: string; spec: ClipSpec }[] = [
      {
        name: 'group pan + zoom, passer-by, scene cut (960×540, 25 fps, 6 s)',
        file: 'sportdag.mp4',
        spec: {
          width: 960,
          height: 540,
          fps: 25,
          audio: true,
          shots: [
            {
              photo: group,
              frames: 100,
              view: (k) => viewAt(group, 16 / 9, 1.05 + k * 0.006, 0.4 + k * 0.0025, 0.45),
              // Enters at the left, leaves at the right, fast: about a third of its width a frame.
              walker: { photo: walker, width: 220, at: (k) => ({ x: -220 + (k * (960 + 220)) / 99, y: 300 }) },
            },
            { photo: kitRose, frames: 50, view: (k) => viewAt(kitRose, 16 / 9, 1.1 + k * 0.01, 0.5, 0.4) },
          ],
        },
      },
      {
        name: 'crowd selfie, pan (960×540, 25 fps, 4 s)',
        file: 'selfie.mp4',
        spec: { width: 960, height: 540, fps: 25, audio: false, shots: [{ photo: selfie, frames: 100, view: (k) => viewAt(selfie, 16 / 9, 1.2, 0.35 + k * 0.003, 0.5) }] },
      },
      {
        name: 'couple, portrait HEVC .MOV turned 90°, uneven frame rate (540×960, 3 s)',
        file: 'IMG_0002.MOV',
        spec: {
          width: 540,
          height: 960,
          fps: 25,
          audio: false,
          time: (n) => n / 25 + (n % 3 === 1 ? 0.02 : 0),
          shots: [{ photo: couple, frames: 75, view: (k) => viewAt(couple, 9 / 16, 1, 0.3 + (0.4 * k) / 74, 0.5) }],
          rotate90: true,
          encode: ['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-f', 'mov'],
        },
      },
    ];
    const total = { frames: 0, hidden: 0, showing: 0, showingHalfIn: 0, framesWithHidden: 0, framesAllHidden: 0, kept: 0, keptLost: 0 };
    for (const clip of clips) {
      const input = path.join(dir, clip.file);
      const output = path.join(dir, 'out', clip.file);
      await writeClip(tools, clip.spec, input);
      const detector = await createDetector({ params: videoDetectionParams(clip.spec) });
      const result = await filterClip(input, output, { detector, describer, templates, decide: showConsenting, mute: false, style: 'pixelate', tools });
      await detector.close();
      const check = await checkEveryFrame(tools, clip.spec, output);
      const names = result.tracks.map((t) => (t.recognition.kind === 'identified' ? t.recognition.pupilId : t.recognition.kind)).join(', ');
      console.log(`\n${clip.name}: ${check.frames} frames, ${result.tracks.length} tracks (${names})`);
      console.log(
        `  faces to hide: ${check.hiddenChecked} face-frames judged, ${check.hiddenFailures.length} still showing (${percent(check.hiddenChecked - check.hiddenFailures.length, check.hiddenChecked)} hidden; ${check.hiddenFailuresHalfIn} of them with at least half the face in the picture); frames with every such face hidden: ${check.framesAllHidden} of ${check.framesWithHidden}`,
      );
      console.log(`  consenting faces: ${check.keptChecked} face-frames judged, ${check.keptFailures.length} altered (${percent(check.keptChecked - check.keptFailures.length, check.keptChecked)} kept)`);
      for (const failure of [...check.hiddenFailures.slice(0, Number(process.env["PF_EVAL_SHOW"] ?? 5))]) console.log(`    still showing: ${failure}`);
      for (const failure of [...check.keptFailures.slice(0, Number(process.env["PF_EVAL_SHOW"] ?? 5))]) console.log(`    altered: ${failure}`);
      total.frames += check.frames;
      total.hidden += check.hiddenChecked;
      total.showing += check.hiddenFailures.length;
      total.showingHalfIn += check.hiddenFailuresHalfIn;
      total.framesWithHidden += check.framesWithHidden;
      total.framesAllHidden += check.framesAllHidden;
      total.kept += check.keptChecked;
      total.keptLost += check.keptFailures.length;
    }
    console.log(
      `\nAll clips: ${total.frames} frames; faces to hide ${percent(total.hidden - total.showing, total.hidden)} hidden (${total.showing} of ${total.hidden} face-frames showing, ${total.showingHalfIn} of them at least half in the picture), every such face hidden on ${total.framesAllHidden} of ${total.framesWithHidden} frames; consenting faces ${percent(total.kept - total.keptLost, total.kept)} kept (${total.keptLost} of ${total.kept} altered)`,
    );
  } finally {
    await photoDetector.close();
    await describer.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await evalVideo();
