/**
 * What `doctor` checks: every part privacy-filter needs (Node.js, the models and their runtimes, sharp, HEIC,
 * FFmpeg, the store's encryption and its enrolled pupils), each on its own so one broken part does not hide the
 * state of the others. src/cli/doctor.ts prints them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError, toError } from '../errors.js';
import { checkDescriber } from '../store/documents/templates.js';
import { refuseLostVault } from '../store/migrate.js';
import { openStoreAndSweep, findStoreRoot } from '../store/open.js';
import { STORE_DIR, type Store } from '../store/store.js';
import { vaultInfo } from '../store/vault.js';

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
    await check('Recogniser (landmarks and descriptors)', async () => {
      const { createDescriber, runtimeFromEnv } = await import('../faces/describer.js');
      const describer = await createDescriber();
      describerKey = describer.settingsKey;
      const backend = describer.backend;
      await describer.close();
      if (backend === 'onnxruntime') return { status: 'ok', detail: "onnxruntime (face-api's nets as ONNX, sha256 matches)" };
      const tfjs = backend === 'tensorflow' ? 'tfjs-node (native)' : backend === 'wasm' ? 'tfjs wasm' : backend;
      if (runtimeFromEnv() === 'tfjs') return { status: 'ok', detail: `${tfjs}, as PRIVACY_FILTER_DESCRIBER=tfjs asks (slower than onnxruntime)` };
      // The default fell back to tfjs: say why onnxruntime did not load.
      const reason = await (await import('../faces/onnx-nets.js'))
        .createOnnxNets()
        .then(async (nets) => {
          await nets.close();
          return 'it loads now';
        })
        .catch((error: unknown) => (error instanceof UserError ? error.format() : String(error)).split('\n')[0]);
      return {
        status: 'warn',
        detail: `${tfjs}: the same network, slower; onnxruntime did not load it (${reason})`,
        fix: 'Run npm run build (npm ci does it) to generate models/face-api-*.onnx from the face-api weights.',
      };
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
    await check('FFmpeg (filters videos)', async () => {
      const { checkFfmpeg } = await import('../video/ffmpeg.js');
      const report = await checkFfmpeg();
      const { tools } = report;
      const where = tools.source === 'npm' ? 'from the npm package' : `on the PATH (${tools.ffmpeg})`;
      const missing = [
        ...(report.decodes.h264 ? [] : ['decoding H.264']),
        ...(report.decodes.hevc ? [] : ['decoding HEVC (iPhone clips)']),
        ...(report.encodes.h264 ? [] : ['encoding H.264']),
        ...(report.encodes.aac ? [] : ['encoding AAC']),
      ];
      return missing.length === 0
        ? { status: 'ok', detail: `${tools.version} ${where}; decodes H.264 and HEVC, encodes H.264 and AAC` }
        : { status: 'warn', detail: `${tools.version} ${where} cannot do: ${missing.join(', ')}; videos cannot be filtered`, fix: 'Reinstall privacy-filter (npm ci), or remove the FFmpeg on the PATH that lacks these.' };
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
          // Encrypted files without their vault.json are a store that cannot be opened, not an old one (throws: fail).
          await refuseLostVault(path.join(root, STORE_DIR));
          return { status: 'warn', detail: 'not encrypted yet (made by an older version)', fix: 'The next command that opens it encrypts it (it asks for a new passphrase).' };
      }
    }),
  );
  checks.push(
    await check('Enrolled pupils', async () => {
      let store: Store | null;
      try {
        store = await openStoreAndSweep(cwd);
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
