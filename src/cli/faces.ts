import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError, toError } from '../errors.js';
import type { FaceDescriber, FaceDetector, Template } from '../faces/engine-types.js';
import { enrollPupils, type EnrollResult } from '../faces/enroll.js';
import type { FaceEngines } from '../faces/engines.js';
import type { Roster } from '../roster/types.js';
import { readRoster, parseColumnMapping } from '../roster/read.js';
import { STORE_DIR, checkDescriber, createStore, findStore, findStoreRoot, prepareStore, type Store, type TemplateSet } from '../store/store.js';
import { findPortraits } from '../faces/enroll.js';
import { ageWarnings, oldPortraits, oldTemplates } from '../store/retention.js';
import { vaultContext, vaultInfo } from '../store/vault.js';
import { createProgress, type Progress } from '../ui/progress.js';
import { EXIT } from '../exit.js';

export function registerFaceCommands(program: Command): void {
  program
    .command('enroll')
    .description(
      'Learn every pupil\'s face from reference portraits: <folder>/<pupil number>.jpg or <folder>/<pupil number>/*.jpg.\n' +
        'Stores only face descriptors (never the portraits) in .privacy-filter/ in this folder.',
    )
    .option('--roster <csv>', 'the consent roster export (remembered for scan)')
    .option('--portraits <folder>', 'folder with the portraits (remembered for scan)')
    .option('--column <field=header>', 'which roster column holds a field, e.g. public="Foto\'s op website" (repeatable)', collect, [])
    .option('-q, --quiet', 'no progress bar')
    .action(async (options: { roster?: string; portraits?: string; column: string[]; quiet?: boolean }) => {
      const progress = portraitProgress(options.quiet === true);
      let out: string[];
      try {
        out = await runEnroll({ cwd: process.cwd(), column: options.column, ...pick(options) }, progress.onProgress);
      } finally {
        progress.finish();
      }
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

/** Only the options given: `exactOptionalPropertyTypes` keeps `undefined` out of optional fields. */
function pick(options: { roster?: string; portraits?: string }): { roster?: string; portraits?: string } {
  return { ...(options.roster != null ? { roster: options.roster } : {}), ...(options.portraits != null ? { portraits: options.portraits } : {}) };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Relative to the working folder when inside it, so output lines stay short and paste back into a command. */
function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** The shared progress bar, created at the first report because only enrolment knows how many portraits it found. */
function portraitProgress(quiet: boolean): { onProgress: (done: number, total: number) => void; finish: () => void } {
  let bar: Progress | null = null;
  return {
    onProgress(done, total) {
      bar ??= createProgress({ total, unit: 'portraits', quiet });
      bar.update(done, 'enrolling');
    },
    finish: () => bar?.finish(),
  };
}

// ---------- enroll ----------

export interface EnrollOptions {
  readonly cwd: string;
  readonly roster?: string;
  readonly portraits?: string;
  readonly column?: readonly string[];
  /** Engines to use instead of the real ones (tests). */
  readonly engines?: { detector: FaceDetector; describer: FaceDescriber };
}

/**
 * `enroll` as a pipeline: find or create the store, resolve roster and portraits (options, else the saved config),
 * enrol, merge with the templates already there, save, and return the lines to print.
 * @throws UserError for a missing roster, portraits folder, or a roster that cannot be read.
 */
export async function runEnroll(options: EnrollOptions, onProgress?: (done: number, total: number) => void): Promise<string[]> {
  // The passphrase is asked (and checked) before anything is written or any model loaded.
  await prepareStore((await findStoreRoot(options.cwd)) ?? options.cwd);
  const found = await findStore(options.cwd);
  const store = await createStore(found?.root ?? options.cwd); // (re)writes the .gitignore in an existing store too
  // With --roster the saved config is not needed, so a damaged one is simply rewritten below.
  const config = await store.readConfig().catch((caught: unknown) => {
    if (caught instanceof UserError && options.roster != null) return null;
    throw caught;
  });

  const rosterFile =
    options.roster != null ? path.resolve(options.cwd, options.roster) : config != null ? path.resolve(store.root, config.roster) : null;
  if (rosterFile === null) {
    throw new UserError('Which roster? No roster was given and none was saved by an earlier enroll.', {
      hint: 'Run privacy-filter enroll --roster <export.csv> --portraits <folder>.',
    });
  }
  // A new roster export usually comes with the same portraits folder; a new folder with the same roster is as likely.
  const portraitsDir =
    options.portraits != null ? path.resolve(options.cwd, options.portraits) : config?.portraits != null ? path.resolve(store.root, config.portraits) : null;
  const columns = options.column != null && options.column.length > 0 ? parseColumnMapping(options.column) : options.roster == null ? (config?.columns ?? {}) : {};
  const roster = await readRoster(rosterFile, { columns });

  // Loaded only here, so that forget and doctor start without the face models.
  let owned: FaceEngines | null = null;
  const engines = options.engines ?? (owned = await (await import('../faces/engines.js')).createFaceEngines());
  let result: EnrollResult;
  try {
    result = await enrollPupils(roster, portraitsDir, engines, onProgress);
  } finally {
    await owned?.close();
  }
  const portraitsSeen = result.templates.reduce((n, t) => n + t.descriptors.length, 0) + result.skipped.length;
  if (portraitsSeen === 0) {
    throw new UserError('No portrait matches a pupil number of the roster.', {
      place: { file: portraitsDir ?? rosterFile },
      hint: 'Name each portrait after the pupil number (1234.jpg) or put it in a folder named after it (1234/), or fill the roster\'s photo column.',
    });
  }

  // A damaged file says "run enroll again": this is that run, so it starts afresh instead of stopping.
  const previous = await store.readTemplates().catch((caught: unknown) => {
    if (caught instanceof UserError) return null;
    throw caught;
  });
  const merged = mergeTemplates(previous ?? EMPTY_SET, result.templates, engines.describer.settingsKey, vaultContext().now().toISOString());
  await store.writeTemplates(merged.set);
  await store.writeConfig({
    roster: path.relative(store.root, rosterFile),
    portraits: portraitsDir === null ? null : path.relative(store.root, portraitsDir),
    columns,
  });
  const lines = formatEnroll({ roster, result, merged, store, cwd: options.cwd, portraitsDir });
  const now = vaultContext().now();
  const freshIds = new Set(result.templates.map((t) => t.pupilId));
  const stale = oldTemplates(merged.set, now).filter((t) => !freshIds.has(t.pupil));
  lines.push(...ageWarnings(await oldPortraits((await findPortraits(roster, portraitsDir)).byPupil, now), stale, (f) => shown(f, options.cwd)));
  if (previous === null) lines.push('', 'The earlier enrolled faces (templates) were damaged and have been replaced: pupils not enrolled now must be enrolled again.');
  return lines;
}

const EMPTY_SET: TemplateSet = Object.freeze({ describer: '', templates: [], enrolledAt: {} });

export interface MergedTemplates {
  readonly set: TemplateSet;
  /** Pupils enrolled before whose templates were kept because no new portrait of them worked. */
  readonly kept: string[];
  /** Templates dropped because an earlier version of the recogniser made them (cannot be compared). */
  readonly droppedOutdated: number;
}

/**
 * New templates replace a pupil's old ones; pupils not enrolled now keep theirs (a pupil whose new portrait failed is
 * still recognised), unless the old ones come from another describer, which makes them useless.
 */
export function mergeTemplates(previous: TemplateSet, fresh: readonly Template[], describerKey: string, now: string): MergedTemplates {
  const comparable = previous.describer === describerKey;
  const old = comparable ? previous.templates : [];
  const freshIds = new Set(fresh.map((t) => t.pupilId));
  const keptTemplates = old.filter((t) => !freshIds.has(t.pupilId));
  const enrolledAt: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const t of keptTemplates) enrolledAt[t.pupilId] = previous.enrolledAt[t.pupilId] ?? now;
  for (const t of fresh) enrolledAt[t.pupilId] = now;
  return {
    set: { describer: describerKey, templates: [...fresh, ...keptTemplates], enrolledAt },
    kept: keptTemplates.map((t) => t.pupilId),
    droppedOutdated: comparable ? 0 : previous.templates.length,
  };
}

function formatEnroll(args: {
  roster: Roster;
  result: EnrollResult;
  merged: MergedTemplates;
  store: Store;
  cwd: string;
  portraitsDir: string | null;
}): string[] {
  const { roster, result, merged, store, cwd } = args;
  const names = new Map(roster.pupils.map((p) => [p.id, p.name]));
  const who = (id: string): string => (names.has(id) ? `${id} ${names.get(id) ?? ''}` : id);
  const onRoster = new Set(roster.pupils.map((p) => p.id));
  const lines: string[] = [];
  lines.push(`Enrolled ${result.templates.length} of ${roster.pupils.length} pupils from ${shown(roster.file, cwd)}.`);
  for (const t of result.templates) lines.push(`  ${who(t.pupilId)}: ${t.descriptors.length} portrait${t.descriptors.length === 1 ? '' : 's'}`);
  if (result.skipped.length > 0) {
    lines.push('', 'Portraits not used:');
    for (const s of result.skipped) lines.push(`  ${s.file === null ? who(s.pupil) : shown(s.file, cwd)} (${s.pupil}): ${s.reason}`);
  }
  const kept = new Set(merged.kept);
  const noNew = roster.pupils.filter((p) => !result.templates.some((t) => t.pupilId === p.id));
  const withoutFace = noNew.filter((p) => !kept.has(p.id));
  const keptOld = noNew.filter((p) => kept.has(p.id));
  if (keptOld.length > 0) {
    lines.push('', 'No new usable portrait; the face enrolled earlier is kept:');
    for (const p of keptOld) lines.push(`  ${who(p.id)} (enrolled ${merged.set.enrolledAt[p.id] ?? '?'})`);
  }
  if (withoutFace.length > 0) {
    lines.push('', 'Pupils without a usable portrait: their faces count as unknown and are blurred by default:');
    for (const p of withoutFace) lines.push(`  ${who(p.id)}${result.missing.includes(p.id) ? ' (no portrait found)' : ''}`);
  }
  if (result.unmatched.length > 0 && args.portraitsDir !== null) {
    lines.push('', 'In the portraits folder but matching no pupil number (a typo in the name?):');
    for (const name of result.unmatched) lines.push(`  ${shown(path.join(args.portraitsDir, name), cwd)}`);
  }
  const gone = merged.kept.filter((id) => !onRoster.has(id));
  if (gone.length > 0) {
    lines.push('', `Still enrolled but no longer on the roster: ${gone.join(', ')}.`, `  Erase them with: privacy-filter forget ${gone.join(' ')}`);
  }
  if (merged.droppedOutdated > 0) {
    lines.push('', `Erased ${merged.droppedOutdated} face${merged.droppedOutdated === 1 ? '' : 's'} enrolled with an older recogniser version.`);
  }
  lines.push(
    '',
    `Saved in ${shown(store.dir, cwd) || STORE_DIR}. It holds biometric data of children: it has a .gitignore so git skips it;`,
    '  do not copy it to a shared drive or send it to anyone.',
  );
  return lines;
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
    await check('Encryption of the enrolled faces', async () => {
      const root = await findStoreRoot(cwd);
      if (root === null) return { status: 'ok', detail: `no ${STORE_DIR} folder here or above yet; init makes an encrypted one` };
      const info = await vaultInfo(path.join(root, STORE_DIR));
      switch (info.kind) {
        case 'encrypted':
          return { status: 'ok', detail: `AES-256-GCM, key from the passphrase by scrypt (N=${info.kdf.N}, r=${info.kdf.r}, p=${info.kdf.p})` };
        case 'none':
          return {
            status: 'warn',
            detail: `${path.join(root, STORE_DIR)} is NOT encrypted (made with init --no-encrypt)`,
            fix: 'Only acceptable on an encrypted disk. privacy-filter passphrase encrypts it.',
          };
        case 'absent':
          return { status: 'warn', detail: 'not encrypted yet (made by an older version)', fix: 'The next command that opens it encrypts it (it asks for a new passphrase).' };
      }
    }),
  );
  checks.push(
    await check('Enrolled pupils', async () => {
      let store: Store | null;
      try {
        store = await findStore(cwd);
      } catch (caught) {
        // An encrypted store without its passphrase here is not a broken install: say what is needed to check it.
        if (!(caught instanceof UserError)) throw caught;
        return { status: 'warn', detail: `cannot open the store: ${caught.message}`, fix: caught.hint ?? 'Set PRIVACY_FILTER_PASSPHRASE.' };
      }
      if (store === null) {
        return { status: 'warn', detail: `no ${STORE_DIR} folder here or above`, fix: 'Run privacy-filter enroll --roster <csv> --portraits <folder> in your working folder.' };
      }
      const set = await store.readTemplates();
      if (set.templates.length === 0) return { status: 'warn', detail: `none, in ${store.dir}`, fix: 'Run privacy-filter enroll.' };
      if (describerKey !== null) checkDescriber(set, describerKey, store.documentFile('templates'));
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
