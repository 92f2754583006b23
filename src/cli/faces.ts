import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError, toError } from '../errors.js';
import type { Template } from '../faces/engine-types.js';
import { STORE_DIR, checkDescriber, eraseScanList, eraseTemplates, findStore, type TemplateSet } from '../store/store.js';
import { EXIT } from '../exit.js';

export function registerFaceCommands(program: Command): void {
  program
    .command('forget')
    .description('Erase the enrolled faces of pupils, e.g. when they leave the school or their parents ask.')
    .argument('[pupil-ids...]', 'pupil numbers as in the roster')
    .option('--all', 'erase every enrolled face and the analysis cache')
    .action(async (ids: string[], options: { all?: boolean }) => {
      const out = await runForget(process.cwd(), ids, options.all === true);
      process.stdout.write(out.join('\n') + '\n');
    });

  program
    .command('doctor')
    .description('Check that everything privacy-filter needs runs on this computer.')
    .action(async () => {
      const checks = await runDoctor(process.cwd());
      process.stdout.write(formatChecks(checks).join('\n') + '\n');
      if (checks.some((c) => c.status === 'fail')) process.exitCode = EXIT.userError;
    });
}

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

// ---------- forget ----------

/**
 * Erases the templates of the given pupils (or all, with the cache). Checks every id first so that a typo erases nothing.
 * @throws UserError when there is no store, no ids, or an id that is not enrolled.
 */
export async function runForget(cwd: string, ids: readonly string[], all: boolean): Promise<string[]> {
  const store = await findStore(cwd);
  if (store === null) {
    throw new UserError(`There is no ${STORE_DIR} folder here or above: nothing is enrolled.`, {
      hint: 'Run forget in the folder where you ran privacy-filter enroll.',
    });
  }
  if (all) {
    const set = await store.readTemplates().catch(() => null); // a damaged file is erased just the same
    await eraseTemplates(store);
    await rm(store.cacheDir, { recursive: true, force: true });
    await eraseScanList(store);
    const n = set?.templates.length;
    return [`Erased the enrolled faces of ${n ?? 'all'} pupil${n === 1 ? '' : 's'} and the analysis cache in ${shown(store.dir, cwd)}.`];
  }
  if (ids.length === 0) {
    throw new UserError('Which pupils? Give one or more pupil numbers, or --all.', { hint: 'For example: privacy-filter forget 1234 1235' });
  }
  const set = await store.readTemplates();
  const { set: rest, erased } = forgetPupils(set, ids);
  await store.writeTemplates(rest);
  return [
    ...erased.map((t) => `Erased the enrolled face of pupil ${t.pupilId} (${t.descriptors.length} portrait${t.descriptors.length === 1 ? '' : 's'}).`),
    // The cache cannot be thinned per pupil: it holds the faces of everyone in the scanned photos, unnamed.
    'The analysis cache of scanned photos still holds unnamed face descriptors of everyone in them; privacy-filter forget --all erases it too.',
  ];
}

/**
 * The set without the given pupils (ids compared case-insensitively, as portrait names are).
 * @throws UserError naming the first unknown id, and never the ids that are enrolled.
 */
export function forgetPupils(set: TemplateSet, ids: readonly string[]): { set: TemplateSet; erased: Template[] } {
  const wanted = new Set(ids.map((id) => id.trim().toLowerCase()));
  for (const id of ids) {
    if (!set.templates.some((t) => t.pupilId.toLowerCase() === id.trim().toLowerCase())) {
      throw new UserError(`No face is enrolled for pupil number "${id}". Nothing was erased.`, {
        hint: 'Check the number against the roster; privacy-filter enroll prints the enrolled pupils.',
      });
    }
  }
  const erased = set.templates.filter((t) => wanted.has(t.pupilId.toLowerCase()));
  const templates = set.templates.filter((t) => !wanted.has(t.pupilId.toLowerCase()));
  const enrolledAt: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of templates) if (set.enrolledAt[t.pupilId] != null) enrolledAt[t.pupilId] = set.enrolledAt[t.pupilId] ?? '';
  return { set: { describer: set.describer, templates, enrolledAt }, erased };
}

// ---------- doctor ----------

export interface Check {
  readonly name: string;
  /** `fail` = privacy-filter cannot work; `warn` = works, but something is worth knowing. */
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: string;
  /** What to do, for `warn` and `fail`. */
  readonly fix?: string;
}

async function check(name: string, run: () => Promise<Omit<Check, 'name'>>): Promise<Check> {
  try {
    return { name, ...(await run()) };
  } catch (caught) {
    const error = toError(caught);
    const fix = caught instanceof UserError ? caught.hint : undefined;
    return { name, status: 'fail', detail: caught instanceof UserError ? caught.format().split('\n')[0] ?? error.message : error.message, fix: fix ?? 'Reinstall privacy-filter (npm ci).' };
  }
}

/** Everything privacy-filter needs, checked one by one, so one broken part does not hide the state of the others. */
export async function runDoctor(cwd: string): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push(
    await check('Node.js', async () => {
      const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
      const ok = major > 20 || (major === 20 && minor >= 9);
      return ok
        ? { status: 'ok', detail: process.versions.node }
        : { status: 'fail', detail: `${process.versions.node} is too old`, fix: 'Install Node.js 20.9 or newer (nodejs.org, LTS).' };
    }),
  );
  checks.push(
    await check('Face detection model (YuNet)', async () => {
      // The same check the detector runs before it loads the model: a missing or altered file fails with its fix.
      const { YUNET_MODELS, modelsDir, readVerifiedModel } = await import('../faces/yunet.js');
      const { DETECTOR_DEFAULTS } = await import('../faces/detector.js');
      const model = YUNET_MODELS[DETECTOR_DEFAULTS.model];
      await readVerifiedModel(path.join(modelsDir(), model.file), model.sha256);
      return { status: 'ok', detail: `${model.file}, sha256 matches` };
    }),
  );
  checks.push(
    await check('onnxruntime (runs the detector)', async () => {
      const { createDetector } = await import('../faces/detector.js');
      const detector = await createDetector();
      await detector.close();
      return { status: 'ok', detail: 'loads the model' };
    }),
  );
  checks.push(
    await check('Face recognition weights (face-api)', async () => {
      const { faceApiModelDir } = await import('../faces/tf.js');
      const dir = faceApiModelDir();
      const needed = ['face_recognition_model-weights_manifest.json', 'face_recognition_model.bin'];
      const absent = needed.filter((f) => !existsSync(path.join(dir, f)));
      return absent.length === 0
        ? { status: 'ok', detail: dir }
        : { status: 'fail', detail: `missing in ${dir}: ${absent.join(', ')}`, fix: 'Reinstall privacy-filter (npm ci).' };
    }),
  );
  let describerKey: string | null = null;
  checks.push(
    await check('TensorFlow backend (runs the recogniser)', async () => {
      const { createDescriber } = await import('../faces/describer.js');
      const describer = await createDescriber();
      describerKey = describer.settingsKey;
      const backend = describer.backend;
      await describer.close();
      return backend === 'wasm'
        ? { status: 'warn', detail: 'wasm (works, but slower)', fix: 'For speed, install @tensorflow/tfjs-node where it can download libtensorflow.' }
        : { status: 'ok', detail: backend === 'tensorflow' ? 'tfjs-node (native)' : backend };
    }),
  );
  checks.push(
    await check('sharp (reads and writes photos)', async () => {
      const sharp = (await import('sharp')).default;
      const heif = sharp.format.heif.input.buffer;
      return { status: 'ok', detail: `sharp ${sharp.versions.sharp ?? '?'}, libvips ${sharp.versions.vips}${heif ? ', reads HEIF/AVIF' : ''}` };
    }),
  );
  checks.push(
    await check('HEIC photos from iPhones', async () => {
      // iPhone HEIC is HEVC, which sharp's bundled libvips lacks: the libheif decoder in heic-decode must work.
      const { modelsDir } = await import('../faces/yunet.js');
      const sample = path.join(path.dirname(modelsDir()), 'fixtures', 'photos', 'scene-irot.heic');
      if (existsSync(sample)) {
        const { loadPhoto } = await import('../images/load.js');
        const photo = await loadPhoto(sample);
        return { status: 'ok', detail: `decodes a sample HEVC photo (${photo.rgb.width} × ${photo.rgb.height}, upright)` };
      }
      // An installed package has no fixtures: loading the decoder is the best check left.
      const decode = createRequire(import.meta.url)('heic-decode') as unknown;
      return typeof decode === 'function'
        ? { status: 'ok', detail: 'heic-decode loads (no sample photo here to decode)' }
        : { status: 'warn', detail: 'heic-decode did not load', fix: 'Reinstall privacy-filter (npm ci), or export HEIC photos as JPEG.' };
    }),
  );
  checks.push(
    await check('Enrolled pupils', async () => {
      const store = await findStore(cwd);
      if (store === null) {
        return { status: 'warn', detail: `no ${STORE_DIR} folder here or above`, fix: 'Run privacy-filter enroll --roster <csv> --portraits <folder> in your working folder.' };
      }
      const set = await store.readTemplates();
      if (set.templates.length === 0) return { status: 'warn', detail: `none, in ${store.dir}`, fix: 'Run privacy-filter enroll.' };
      if (describerKey !== null) checkDescriber(set, describerKey, path.join(store.dir, 'templates.json'));
      return { status: 'ok', detail: `${set.templates.length} pupils in ${store.dir}` };
    }),
  );
  return checks;
}

export function formatChecks(checks: readonly Check[]): string[] {
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' } as const;
  const lines = checks.flatMap((c) => [`${mark[c.status]}  ${c.name}: ${c.detail}`, ...(c.fix != null && c.status !== 'ok' ? [`        → ${c.fix}`] : [])]);
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push('', failed === 0 ? 'privacy-filter can run on this computer.' : `${failed} essential part${failed === 1 ? ' is' : 's are'} broken: fix ${failed === 1 ? 'it' : 'them'} as shown above.`);
  return lines;
}
