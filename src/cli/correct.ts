/** `correct`: a correction of one face, a drawn box, a dropped photo or a whole group, without the browser. */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UserError } from '../errors.js';
import type { Box } from '../geometry.js';
import type { FaceCorrection } from '../policy/correct.js';
import type { Edit, GroupCorrection } from '../review/edit.js';
import { rerunArgs } from '../review/rerun.js';
import { openReviewSession, reportWithGroup, reportWithPhoto, type ReviewSession } from '../review/session.js';
import { tr } from '../i18n/current.js';
import type { Text } from '../i18n/text.js';
import { msg } from '../i18n/messages.js';

export function registerCorrectCommand(program: Command): void {
  const say = msg.commands.correct;
  program
    .command('correct')
    .description(tr(say.description))
    .argument('[photo]', tr(say.photoArgument))
    .argument('[face]', tr(say.faceArgument))
    .argument('[what]', tr(say.whatArgument))
    .option('--add-box <x,y,width,height>', tr(say.addBox), parseBox)
    .option('--drop', tr(say.drop))
    .option('--undo <face>', tr(say.undo), parseFace)
    .option('--group <id>', tr(say.group))
    .option('--except <photo:face>', tr(say.except), collectExcept, [])
    .action(async (photo: string | undefined, face: string | undefined, what: string | undefined, options: { addBox?: Box; drop?: boolean; undo?: number; group?: string; except: ExceptArg[] }) => {
      const lines =
        options.group !== undefined
          ? await runCorrectGroup(process.cwd(), options.group, [photo, face, what], options)
          : await runCorrect(process.cwd(), photo, face, what, withoutExcept(options));
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

const WORDS: Readonly<Record<string, FaceCorrection>> = {
  'not-a-pupil': { kind: 'not-a-pupil' },
  blur: { kind: 'blur' },
  'not-a-face': { kind: 'not-a-face' },
};

function parseFace(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(tr(msg.cli.faceNumber(value)));
  return n;
}

function parseBox(value: string): Box {
  const parts = value.split(',').map((part) => part.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || !numbers.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InvalidArgumentError(tr(msg.cli.box(value)));
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  return { x, y, width, height };
}

/** Which one edit the arguments ask for. @throws UserError when they ask for none or for several. */
export function editFromArguments(face: string | undefined, what: string | undefined, options: { addBox?: Box; drop?: boolean; undo?: number }): Edit {
  const asked = [face !== undefined, options.addBox !== undefined, options.drop === true, options.undo !== undefined].filter(Boolean).length;
  const say = msg.correct;
  if (asked !== 1) throw new UserError(asked === 0 ? say.whatCorrection : say.oneAtATime, { hint: say.usage });
  if (options.addBox !== undefined) return { kind: 'add-box', box: options.addBox };
  if (options.drop === true) return { kind: 'drop' };
  if (options.undo !== undefined) return { kind: 'undo', face: options.undo };
  const n = Number(face);
  if (!Number.isInteger(n) || n < 1) throw new UserError(say.notFaceNumber(face ?? ''), { hint: say.notFaceNumberHint });
  if (what === undefined || what.trim() === '') throw new UserError(say.whoIsFace(n), { hint: say.usage });
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
  const say = msg.correct;
  if (photo === undefined) throw new UserError(say.whichPhoto, { hint: say.whichPhotoHint });
  const { reportDir, index } = await reportWithPhoto(cwd, photo);
  const session = await openReviewSession(reportDir, cwd);
  await session.edit(index, edit);
  const names = new Map(session.roster.pupils.map((pupil) => [pupil.id, pupil.name]));
  const said = ((): Text => {
    switch (edit.kind) {
      case 'face':
        return edit.correction.kind === 'pupil'
          ? say.faceIsPupil(edit.face, names.get(edit.correction.pupilId) ?? '', edit.correction.pupilId)
          : say.faceIs(edit.face, edit.correction.kind);
      case 'add-box':
        return say.addedBox(edit.box.x, edit.box.y, edit.box.width, edit.box.height);
      case 'drop':
        return say.dropped;
      case 'undrop':
        return say.undropped;
      case 'undo':
        return say.undone(edit.face);
      case 'undo-added':
        return say.boxRemoved;
    }
  })();
  const again = rerunArgs(session.report(), session.reportDir).map(quote).join(' ');
  return [tr(say.stored(photo, tr(said))), tr(say.runAgain(`privacy-filter ${again}`))];
}

const GROUP_WORDS: Readonly<Record<string, GroupCorrection>> = { 'not-a-pupil': { kind: 'not-a-pupil' }, blur: { kind: 'blur' } };

/** `correct --group <id> <what>`: what the one argument says about the whole group. @throws UserError for anything else. */
export function groupCorrectionFromArguments(args: readonly (string | undefined)[], options: { addBox?: Box; drop?: boolean; undo?: number }): GroupCorrection {
  const say = msg.correct;
  const usage = say.groupUsage;
  const given = args.filter((arg): arg is string => arg !== undefined);
  if (options.addBox !== undefined || options.drop === true || options.undo !== undefined) {
    throw new UserError(say.groupWithPhotoOptions, { hint: say.oneAtATime });
  }
  if (given.length !== 1 || given[0]!.trim() === '') throw new UserError(given.length === 0 ? say.whoIsGroup : say.onlyWho, { hint: usage });
  const what = given[0]!.trim();
  if (what.toLowerCase() === 'not-a-face') throw new UserError(say.groupNotAFace, { hint: say.groupNotAFaceHint });
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
    throw new InvalidArgumentError(tr(msg.cli.photoFace(value)));
  }
  return [...previous, { photo: value.slice(0, colon), face }];
}

/** `--except` only means something with `--group`. */
function withoutExcept<T extends { except?: readonly ExceptArg[] }>(options: T): T {
  if ((options.except ?? []).length > 0) throw new UserError(msg.correct.exceptNeedsGroup, { hint: msg.correct.exceptNeedsGroupHint });
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
  const say = msg.correct;
  const said = correction.kind === 'pupil' ? tr(say.pupil(names.get(correction.pupilId) ?? '', correction.pupilId)) : correction.kind;
  const photos = session.report().photos;
  const again = rerunArgs(session.report(), session.reportDir).map(quote).join(' ');
  return [
    tr(say.storedGroup(named.length, id, said)),
    ...named.map((ref) => tr(say.groupFace(photos[ref.photo]?.source ?? '', ref.face))),
    tr(say.runAgain(`privacy-filter ${again}`)),
  ];
}

/** The place in the session's report of a photo given as a path. @throws UserError when that scan does not have it. */
async function photoIndex(session: ReviewSession, cwd: string, photo: string): Promise<number> {
  const report = session.report();
  const file = await realpath(path.resolve(cwd, photo)).catch(() => null);
  const input = await realpath(report.input).catch(() => report.input);
  const source = file === null ? null : path.relative(input, file).split(path.sep).join('/');
  const index = source === null ? -1 : report.photos.findIndex((p) => p.source === source);
  if (index < 0) throw new UserError(msg.correct.notInGroupScan(photo), { hint: msg.correct.notInGroupScanHint });
  return index;
}

function quote(arg: string): string {
  return /^[\w./:=,+-]+$/u.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}
