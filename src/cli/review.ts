import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { refuseInsideStore } from '../folders.js';
import type { Box } from '../geometry.js';
import type { FaceCorrection } from '../policy/correct.js';
import type { Edit, GroupCorrection } from '../review/edit.js';
import { cliEntry, rerunArgs, runScanAgain } from '../review/rerun.js';
import { startReviewServer } from '../review/server.js';
import { PASSPHRASE_ENV } from '../store/vault.js';
import { latestReport, openReviewSession, reportWithGroup, reportWithPhoto, type ReviewSession } from '../review/session.js';

export function registerReviewCommands(program: Command): void {
  program
    .command('review')
    .description('Look through a scan in your browser and correct it: who a face is, a face the scan missed, a photo to leave out.')
    .argument('[report-folder]', "the scan's report folder (default: the most recent scan here)")
    .option('--no-open', 'only print the address, do not open the browser')
    .action(async (folder: string | undefined, options: { open: boolean }) => {
      process.exitCode = await runReview(process.cwd(), folder ?? null, options.open);
    });

  program
    .command('correct')
    .description('Correct a face of a scanned photo without the browser; the next scan of that photo applies it, for every scope.')
    .argument('[photo]', 'the photo, as a path to it in the folder you scanned')
    .argument('[face]', 'the face number in report.json (1 = the first face listed for that photo)')
    .argument('[what]', 'a pupil number, not-a-pupil, blur or not-a-face')
    .option('--add-box <x,y,width,height>', "a face the scan missed, in the photo's pixels as you see it upright", parseBox)
    .option('--drop', 'leave this photo out of every output')
    .option('--undo <face>', 'take back the correction of that face (a box you drew: remove it)', parseFace)
    .option('--group <id>', 'name every face of this group of one person at once (its "group" in report.json): correct --group <id> <pupil number | not-a-pupil | blur>')
    .option('--except <photo:face>', 'with --group: leave this face of the group out (someone else), e.g. photos/sportdag-01.jpg:2 (repeatable)', collectExcept, [])
    .action(async (photo: string | undefined, face: string | undefined, what: string | undefined, options: { addBox?: Box; drop?: boolean; undo?: number; group?: string; except: ExceptArg[] }) => {
      const lines =
        options.group !== undefined
          ? await runCorrectGroup(process.cwd(), options.group, [photo, face, what], options)
          : await runCorrect(process.cwd(), photo, face, what, withoutExcept(options));
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  program
    .command('demo')
    .description('Run the whole flow on the shipped demo photos, in a folder of its own: roster check, enrolment, a scan and its report.')
    .option('--folder <folder>', 'where the demo goes', 'privacy-filter-demo')
    .option('--review', 'then open the review page on the scan')
    .option('--no-open', 'with --review: only print the address')
    .action(async (options: { folder: string; review?: boolean; open: boolean }) => {
      process.exitCode = await runDemo(process.cwd(), options.folder, options.review === true, options.open);
    });
}

// ---------- review ----------

export async function runReview(cwd: string, folder: string | null, open: boolean): Promise<number> {
  const reportDir = folder ?? (await latestReport(cwd));
  const session = await openReviewSession(reportDir, cwd);
  await serve(session, open);
  return 0;
}

async function serve(session: ReviewSession, open: boolean): Promise<void> {
  const server = await startReviewServer(session, () => runScanAgain(session.report(), session.reportDir, session.store.root));
  // The address first, alone on its line: scripts and tests read it from there.
  process.stdout.write(`${server.url}\n`);
  const photos = session.report().photos.length;
  process.stdout.write(
    `Reviewing ${session.reportDir} (${photos} photo${photos === 1 ? '' : 's'}). ${open ? 'Your browser opens the page;' : 'Open the address above in your browser;'} ` +
      'press Done there or Ctrl-C here to stop.\n',
  );
  if (open) openBrowser(server.url);
  const stop = (): void => void server.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await server.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await server.close();
  }
  process.stdout.write('Review finished. Your corrections are stored; every later scan of these photos applies them.\n');
}

/** The system's own opener; a failure only means the teacher opens the printed address by hand. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // Printed above already.
  }
}

// ---------- correct ----------

const WORDS: Readonly<Record<string, FaceCorrection>> = {
  'not-a-pupil': { kind: 'not-a-pupil' },
  blur: { kind: 'blur' },
  'not-a-face': { kind: 'not-a-face' },
};

function parseFace(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`Expected a face number (1 or more) but received "${value}".`);
  return n;
}

function parseBox(value: string): Box {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || !numbers.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InvalidArgumentError(`Expected x,y,width,height as four whole numbers of pixels but received "${value}".`);
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  return { x, y, width, height };
}

/** Which one edit the arguments ask for. @throws UserError when they ask for none or for several. */
export function editFromArguments(face: string | undefined, what: string | undefined, options: { addBox?: Box; drop?: boolean; undo?: number }): Edit {
  const asked = [face !== undefined, options.addBox !== undefined, options.drop === true, options.undo !== undefined].filter(Boolean).length;
  const usage = 'Use: privacy-filter correct <photo> <face> <pupil number | not-a-pupil | blur | not-a-face>, or --add-box x,y,width,height, --drop, or --undo <face>.';
  if (asked !== 1) throw new UserError(asked === 0 ? 'What is the correction?' : 'Give one correction at a time.', { hint: usage });
  if (options.addBox !== undefined) return { kind: 'add-box', box: options.addBox };
  if (options.drop === true) return { kind: 'drop' };
  if (options.undo !== undefined) return { kind: 'undo', face: options.undo };
  const n = Number(face);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`"${face ?? ''}" is not a face number.`, { hint: 'Use the face number shown on its box in report.html (1, 2, …).' });
  if (what === undefined || what.trim() === '') throw new UserError(`Who or what is face ${n}?`, { hint: usage });
  const word = WORDS[what.trim().toLowerCase()];
  return { kind: 'face', face: n, correction: word ?? { kind: 'pupil', pupilId: what.trim() } };
}

export async function runCorrect(
  cwd: string,
  photo: string | undefined,
  face: string | undefined,
  what: string | undefined,
  options: { addBox?: Box; drop?: boolean; undo?: number },
): Promise<string[]> {
  const edit = editFromArguments(face, what, options);
  if (photo === undefined) throw new UserError('Which photo?', { hint: 'Use: privacy-filter correct <photo> <face> <pupil number | not-a-pupil | blur | not-a-face>, or correct --group <id> <what>.' });
  const { reportDir, index } = await reportWithPhoto(cwd, photo);
  const session = await openReviewSession(reportDir, cwd);
  await session.edit(index, edit);
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const said = ((): string => {
    switch (edit.kind) {
      case 'face':
        return edit.correction.kind === 'pupil'
          ? `face ${edit.face} is ${names.get(edit.correction.pupilId) ?? ''} (pupil ${edit.correction.pupilId})`
          : `face ${edit.face}: ${edit.correction.kind}`;
      case 'add-box':
        return `a face at ${edit.box.x},${edit.box.y} (${edit.box.width}×${edit.box.height}), always anonymised`;
      case 'drop':
        return 'the photo is left out of every output';
      case 'undrop':
        return 'the photo is no longer left out';
      case 'undo':
        return `the correction of face ${edit.face} is taken back`;
      case 'undo-added':
        return 'the drawn box is removed';
    }
  })();
  const again = rerunArgs(session.report(), session.reportDir).map(quote).join(' ');
  return [`Stored for ${photo}: ${said}.`, `Run the scan again to apply it (every scope applies it): privacy-filter ${again}`];
}

const GROUP_WORDS: Readonly<Record<string, GroupCorrection>> = { 'not-a-pupil': { kind: 'not-a-pupil' }, blur: { kind: 'blur' } };

/** `correct --group <id> <what>`: what the one argument says about the whole group. @throws UserError for anything else. */
export function groupCorrectionFromArguments(args: readonly (string | undefined)[], options: { addBox?: Box; drop?: boolean; undo?: number }): GroupCorrection {
  const usage = 'Use: privacy-filter correct --group <id> <pupil number | not-a-pupil | blur>.';
  const given = args.filter((arg): arg is string => arg !== undefined);
  if (options.addBox !== undefined || options.drop === true || options.undo !== undefined) {
    throw new UserError('--group names a whole group; --add-box, --drop and --undo are about one photo.', { hint: 'Give one correction at a time.' });
  }
  if (given.length !== 1 || given[0]!.trim() === '') throw new UserError(given.length === 0 ? 'Who or what is this group?' : 'With --group, give only who or what the group is.', { hint: usage });
  const what = given[0]!.trim();
  if (what.toLowerCase() === 'not-a-face') throw new UserError('A whole group cannot be named not-a-face.', { hint: 'Name those faces one by one: privacy-filter correct <photo> <face> not-a-face.' });
  return GROUP_WORDS[what.toLowerCase()] ?? { kind: 'pupil', pupilId: what };
}

interface ExceptArg {
  readonly photo: string;
  readonly face: number;
}

function collectExcept(value: string, previous: ExceptArg[]): ExceptArg[] {
  const colon = value.lastIndexOf(':');
  const face = Number(value.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(face) || face < 1) {
    throw new InvalidArgumentError(`Expected <photo>:<face number>, e.g. photos/sportdag-01.jpg:2, but received "${value}".`);
  }
  return [...previous, { photo: value.slice(0, colon), face }];
}

/** `--except` only means something with `--group`. */
function withoutExcept<T extends { except?: readonly ExceptArg[] }>(options: T): T {
  if ((options.except ?? []).length > 0) throw new UserError('--except leaves a face out of a group, so it needs --group.', { hint: 'Use: privacy-filter correct --group <id> <what> --except <photo>:<face>.' });
  return options;
}

export async function runCorrectGroup(
  cwd: string,
  group: string,
  args: readonly (string | undefined)[],
  options: { addBox?: Box; drop?: boolean; undo?: number; except?: readonly ExceptArg[] },
): Promise<string[]> {
  const correction = groupCorrectionFromArguments(args, options);
  const id = group.trim();
  const session = await openReviewSession(await reportWithGroup(cwd, id), cwd);
  const except = await Promise.all((options.except ?? []).map(async (out) => ({ photo: await photoIndex(session, cwd, out.photo), face: out.face })));
  const named = await session.editGroup({ group: id, correction, except });
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const said = correction.kind === 'pupil' ? `${names.get(correction.pupilId) ?? ''} (pupil ${correction.pupilId})` : correction.kind;
  const photos = session.report().photos;
  const again = rerunArgs(session.report(), session.reportDir).map(quote).join(' ');
  return [
    `Stored for the ${named.length} face${named.length === 1 ? '' : 's'} of group ${id}: ${said}.`,
    ...named.map((ref) => `  ${photos[ref.photo]?.source ?? ''}, face ${ref.face}`),
    `Run the scan again to apply it (every scope applies it): privacy-filter ${again}`,
  ];
}

/** The place in the session's report of a photo given as a path. @throws UserError when that scan does not have it. */
async function photoIndex(session: ReviewSession, cwd: string, photo: string): Promise<number> {
  const report = session.report();
  const file = await realpath(path.resolve(cwd, photo)).catch(() => null);
  const input = await realpath(report.input).catch(() => report.input);
  const source = file === null ? null : path.relative(input, file).split(path.sep).join('/');
  const index = source === null ? -1 : report.photos.findIndex((p) => p.source === source);
  if (index < 0) throw new UserError(`${photo} is not a photo of the scan that made this group.`, { hint: 'Give the path of a photo in the folder you scanned, as for correct <photo>.' });
  return index;
}

function quote(arg: string): string {
  return /^[\w./:=,+-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

// ---------- demo ----------

/** The shipped demo material, from dist/src/cli/ or src/cli/. */
function demoFixtures(): string {
  const candidates = [new URL('../../../fixtures/demo/', import.meta.url), new URL('../../fixtures/demo/', import.meta.url)];
  const found = candidates.find((url) => existsSync(url));
  if (found === undefined) throw new UserError('The demo photos are not here.', { hint: 'Run the demo from a checkout of privacy-filter (they live in fixtures/demo).' });
  return fileURLToPath(found);
}

const DEMO_MARK = '.privacy-filter-demo';
/** The same as the README's demo: invented pupils, nothing worth a secret. */
const DEMO_PASSPHRASE = 'demo only, not for real pupils';

export async function runDemo(cwd: string, folder: string, review: boolean, open: boolean): Promise<number> {
  const dir = path.resolve(cwd, folder);
  await refuseInsideStore(dir, 'demo', '--folder');
  const entries = await readdir(dir).catch(() => null);
  if (entries !== null && entries.length > 0 && !entries.includes(DEMO_MARK)) {
    throw new UserError(`${dir} already holds other files; the demo needs a folder of its own.`, { hint: 'Give another --folder, or remove that folder.' });
  }
  await mkdir(dir, { recursive: true });
  const source = demoFixtures();
  for (const item of ['roster.csv', 'portraits', 'photos']) {
    if ((await stat(path.join(dir, item)).catch(() => null)) === null) await cp(path.join(source, item), path.join(dir, item), { recursive: true });
  }
  await writeFile(path.join(dir, DEMO_MARK), 'Made by privacy-filter demo: invented pupils, public-domain photos (fixtures/README.md).\n');
  // The demo's store is encrypted like any other; it gets the README's demo passphrase unless one is set.
  const ownPassphrase = (process.env[PASSPHRASE_ENV] ?? '') !== '';
  if (!ownPassphrase) process.env[PASSPHRASE_ENV] = DEMO_PASSPHRASE;
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say(`The demo runs in ${dir}: an invented roster of six pupils, two portraits, three photos.`);
  const steps: [string, string[]][] = [
    ['Check the roster', ['roster', 'check', 'roster.csv']],
    ['Enrol the pupils from their portraits', ['init', '--roster', 'roster.csv', '--portraits', 'portraits']],
    ['Scan the photos for the school website', ['scan', 'photos', '--scope', 'public', '--out', 'sportdag-public']],
  ];
  for (const [what, args] of steps) {
    say(`\n== ${what}: privacy-filter ${args.join(' ')}`);
    const code = await runChild(args, dir);
    // A scan with photos to review (3) is a result, not a failure.
    if (code !== 0 && !(args[0] === 'scan' && code === 3)) return code;
  }
  const report = path.join(dir, 'sportdag-public-report');
  say('');
  say('Where everything is:');
  say(`  ${path.join(dir, '.privacy-filter')}   the enrolled faces (descriptors only; never share this folder)`);
  say(`  ${path.join(dir, 'sportdag-public')}   the copy you may publish: "Joe" (no consent) anonymised, "Barack" kept`);
  say(`  ${path.join(report, 'report.html')}   the report to look through`);
  say('Next, look through the scan and correct it in your browser:');
  say(`  ${nextCommand(dir, ownPassphrase)}`);
  if (!ownPassphrase) {
    say(`  (The demo's faces are encrypted under the demo passphrase, "${DEMO_PASSPHRASE}": the command gives it, so nothing asks you for one.`);
    say('  For real pupils, init asks you to choose your own passphrase.)');
  }
  if (!review) return 0;
  say('');
  const session = await openReviewSession(report, dir);
  await serve(session, open);
  return 0;
}

/**
 * The review command for the demo folder. The demo chose the passphrase, so the command carries it in the
 * environment, as the README's demo does: a teacher never chose one to type in, and a script has no terminal to type
 * it in. The demo passphrase protects invented pupils only, and is public anyway.
 */
export function nextCommand(dir: string, ownPassphrase: boolean, platform: NodeJS.Platform = process.platform): string {
  const windows = platform === 'win32';
  const cd = `cd ${quoteIfNeeded(dir)}`;
  const review = 'npx privacy-filter review';
  if (ownPassphrase) return windows ? `${cd}; ${review}` : `${cd} && ${review}`;
  // PowerShell, the default shell of Windows terminals; single quotes are literal in both shells.
  return windows ? `${cd}; $env:${PASSPHRASE_ENV}='${DEMO_PASSPHRASE}'; ${review}` : `${cd} && ${PASSPHRASE_ENV}='${DEMO_PASSPHRASE}' ${review}`;
}

function quoteIfNeeded(p: string): string {
  return /\s/u.test(p) ? `"${p}"` : p;
}

function runChild(args: readonly string[], cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry(), ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
