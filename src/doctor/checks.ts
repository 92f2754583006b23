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
import { catalogueIn, textOf } from '../i18n/compose.js';
import type { Lang } from '../i18n/lang.js';
import { msg } from '../i18n/messages.js';
import { pick, verbatim, type Text } from '../i18n/text.js';

/** A check's words carry every language (a version number or a path is the same in each); the CLI picks one. */
export interface Check {
  readonly name: Text | string;
  /** `fail` = privacy-filter cannot work; `warn` = works, but something is worth knowing. */
  readonly status: 'ok' | 'warn' | 'fail';
  readonly detail: Text | string;
  /** What to do, for `warn` and `fail`. */
  readonly fix?: Text | string;
}

const say = msg.doctor;

/** The first line of a UserError in every language: where and what, without the hint. */
function firstLine(error: UserError): Text {
  return textOf((lang) => error.format(lang).split('\n')[0] ?? '');
}

async function check(name: Text, run: () => Promise<Omit<Check, 'name'>>): Promise<Check> {
  try {
    return { name, ...(await run()) };
  } catch (caught) {
    const error = toError(caught);
    if (caught instanceof UserError) return { name, status: 'fail', detail: firstLine(caught), fix: caught.hintText ?? say.reinstall };
    return { name, status: 'fail', detail: error.message, fix: say.reinstall };
  }
}

/** Everything privacy-filter needs, checked one by one, so one broken part does not hide the state of the others. */
export async function runDoctor(cwd: string): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push(
    await check(say.nodeName, async () => {
      const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
      const ok = major > 20 || (major === 20 && minor >= 9);
      return ok
        ? { status: 'ok', detail: process.versions.node }
        : { status: 'fail', detail: say.nodeTooOld(process.versions.node), fix: say.nodeFix };
    }),
  );
  checks.push(
    await check(say.yunetName, async () => {
      // The same check the detector runs before it loads the model: a missing or altered file fails with its fix.
      const { YUNET_MODELS, modelsDir, readVerifiedModel } = await import('../faces/yunet.js');
      const { DETECTOR_DEFAULTS } = await import('../faces/detector.js');
      const model = YUNET_MODELS[DETECTOR_DEFAULTS.model];
      await readVerifiedModel(path.join(modelsDir(), model.file), model.sha256);
      return { status: 'ok', detail: say.shaMatches(model.file) };
    }),
  );
  checks.push(
    await check(say.onnxName, async () => {
      const { createDetector } = await import('../faces/detector.js');
      const detector = await createDetector();
      await detector.close();
      return { status: 'ok', detail: say.loadsModel };
    }),
  );
  checks.push(
    await check(say.weightsName, async () => {
      const { faceApiModelDir } = await import('../faces/tf.js');
      const dir = faceApiModelDir();
      const needed = ['face_recognition_model-weights_manifest.json', 'face_recognition_model.bin'];
      const absent = needed.filter((f) => !existsSync(path.join(dir, f)));
      return absent.length === 0
        ? { status: 'ok', detail: dir }
        : { status: 'fail', detail: say.missingIn(dir, absent.join(', ')), fix: say.reinstall };
    }),
  );
  let describerKey: string | null = null;
  checks.push(
    await check(say.recogniserName, async () => {
      const { createDescriber, runtimeFromEnv } = await import('../faces/describer.js');
      const describer = await createDescriber();
      describerKey = describer.settingsKey;
      const backend = describer.backend;
      await describer.close();
      if (backend === 'onnxruntime') return { status: 'ok', detail: say.onnxNets };
      const tfjs = backend === 'tensorflow' ? 'tfjs-node (native)' : backend === 'wasm' ? 'tfjs wasm' : backend;
      if (runtimeFromEnv() === 'tfjs') return { status: 'ok', detail: say.tfjsAsked(tfjs) };
      // The default fell back to tfjs: say why onnxruntime did not load.
      const reason = await (await import('../faces/onnx-nets.js'))
        .createOnnxNets()
        .then(async (nets): Promise<Text> => {
          await nets.close();
          return say.loadsNow;
        })
        .catch((error: unknown): Text => (error instanceof UserError ? firstLine(error) : verbatim(String(error).split('\n')[0] ?? '')));
      return { status: 'warn', detail: textOf((lang, cat) => cat.doctor.tfjsFallback(tfjs, reason[lang])), fix: say.tfjsFallbackFix };
    }),
  );
  checks.push(
    await check(say.sharpName, async () => {
      const sharp = (await import('sharp')).default;
      const heif = sharp.format.heif.input.buffer;
      return { status: 'ok', detail: textOf((_lang, cat) => `sharp ${sharp.versions.sharp ?? '?'}, libvips ${sharp.versions.vips}${heif ? cat.doctor.readsHeif : ''}`) };
    }),
  );
  checks.push(
    await check(say.heicName, async () => {
      // iPhone HEIC is HEVC, which sharp's bundled libvips lacks: the libheif decoder in heic-decode must work.
      const { modelsDir } = await import('../faces/yunet.js');
      const sample = path.join(path.dirname(modelsDir()), 'fixtures', 'photos', 'scene-irot.heic');
      if (existsSync(sample)) {
        const { loadPhoto } = await import('../images/load.js');
        const photo = await loadPhoto(sample);
        return { status: 'ok', detail: say.heicDecodes(photo.rgb.width, photo.rgb.height) };
      }
      // An installed package has no fixtures: loading the decoder is the best check left.
      const decode = createRequire(import.meta.url)('heic-decode') as unknown;
      return typeof decode === 'function'
        ? { status: 'ok', detail: say.heicLoads }
        : { status: 'warn', detail: say.heicMissing, fix: say.heicFix };
    }),
  );
  checks.push(
    await check(say.ffmpegName, async () => {
      const { checkFfmpeg } = await import('../video/ffmpeg.js');
      const report = await checkFfmpeg();
      const { tools } = report;
      const where = tools.source === 'npm' ? say.ffmpegFromNpm : say.ffmpegOnPath(tools.ffmpeg);
      const missing = [
        ...(report.decodes.h264 ? [] : [say.decodeH264]),
        ...(report.decodes.hevc ? [] : [say.decodeHevc]),
        ...(report.encodes.h264 ? [] : [say.encodeH264]),
        ...(report.encodes.aac ? [] : [say.encodeAac]),
      ];
      const licence = (lang: Lang): string => catalogueIn(lang).doctor.ffmpegLicence(report.licence);
      if (missing.length === 0 && report.licence === 'nonfree')
        return { status: 'warn', detail: textOf((lang, cat) => cat.doctor.ffmpegOk(tools.version, where[lang], licence(lang))), fix: say.ffmpegNonfreeFix };
      return missing.length === 0
        ? { status: 'ok', detail: textOf((lang, cat) => cat.doctor.ffmpegOk(tools.version, where[lang], licence(lang))) }
        : { status: 'warn', detail: textOf((lang, cat) => cat.doctor.ffmpegLacks(tools.version, where[lang], missing.map((m) => m[lang]).join(', '))), fix: say.ffmpegFix };
    }),
  );
  checks.push(
    await check(say.encryptionName, async () => {
      const root = await findStoreRoot(cwd);
      if (root === null) return { status: 'ok', detail: say.noStoreYet(STORE_DIR) };
      const info = await vaultInfo(path.join(root, STORE_DIR));
      switch (info.kind) {
        case 'encrypted':
          return { status: 'ok', detail: say.encrypted(info.kdf.N, info.kdf.r, info.kdf.p) };
        case 'none':
          return {
            status: 'warn',
            detail: say.notEncrypted(path.join(root, STORE_DIR)),
            fix: say.notEncryptedFix,
          };
        case 'absent':
          // Encrypted files without their vault.json are a store that cannot be opened, not an old one (throws: fail).
          await refuseLostVault(path.join(root, STORE_DIR));
          return { status: 'warn', detail: say.olderStore, fix: say.olderStoreFix };
      }
    }),
  );
  checks.push(
    await check(say.enrolledName, async () => {
      let store: Store | null;
      try {
        store = await openStoreAndSweep(cwd);
      } catch (caught) {
        // An encrypted store without its passphrase here is not a broken install: say what is needed to check it.
        if (!(caught instanceof UserError)) throw caught;
        const why = caught.text;
        return { status: 'warn', detail: textOf((lang, cat) => cat.doctor.cannotOpen(pick(why, lang))), fix: caught.hintText ?? say.setPassphrase };
      }
      if (store === null) {
        return { status: 'warn', detail: say.noStore(STORE_DIR), fix: say.runEnroll };
      }
      const set = await store.readTemplates();
      if (set.templates.length === 0) return { status: 'warn', detail: say.noneIn(store.dir), fix: say.runEnrollShort };
      if (describerKey !== null) checkDescriber(set, describerKey, store.documentFile('templates'));
      return { status: 'ok', detail: say.pupilsIn(set.templates.length, store.dir) };
    }),
  );
  return checks;
}
