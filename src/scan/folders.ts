/**
 * Where a scan reads and writes: pure path planning, no I/O. Keeping it pure lets the tests check every nesting
 * and naming case as a table.
 */
import path from 'node:path';
import { UserError } from '../errors.js';
import type { ScanFolderKind } from '../i18n/en/scan.js';
import { msg } from '../i18n/messages.js';
import type { Text } from '../i18n/text.js';
import { isInside } from '../paths.js';
import type { Scope } from '../policy/types.js';

/** Absolute folders of one scan. */
export interface ScanFolders {
  readonly input: string;
  /** Publishable photos only: never a report, never a dropped or review photo. */
  readonly output: string;
  /** Photos a person must look at before sharing, rendered with the faces that may not be shown anonymised. */
  readonly review: string;
  readonly report: string;
}

export interface FolderRequest {
  readonly input: string;
  readonly scope: Scope;
  readonly className: string | null;
  /** A scan for one of the school's purposes is named after it: `sportdag-social-media`. */
  readonly purpose?: { readonly name: string } | null;
  readonly out?: string | undefined;
  readonly report?: string | undefined;
}

/**
 * `sportdag` → `sportdag-public` / `sportdag-group-5b`, or for a purpose `sportdag-social-media` /
 * `sportdag-fotos-in-parro-5b`, beside the input; review and report beside the output.
 */
export function planFolders(request: FolderRequest, cwd: string = process.cwd()): ScanFolders {
  const input = path.resolve(cwd, request.input);
  const target = request.purpose != null ? purposeSlug(request.purpose.name) : request.scope === 'group' ? 'group' : request.scope;
  const suffix = request.scope === 'group' && request.className != null ? `${target}-${safeName(request.className)}` : target;
  const output = request.out != null ? path.resolve(cwd, request.out) : `${input}-${suffix}`;
  const report = request.report != null ? path.resolve(cwd, request.report) : `${output}-report`;
  return { input, output, review: `${output}-review`, report };
}

/** A purpose's header as part of a folder name: "Foto's in Parro" → "fotos-in-parro", "Social media" → "social-media". */
export function purposeSlug(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`´]/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return slug === '' ? 'purpose' : slug;
}

/** A class name as part of a folder name: "Groep 5/6" → "Groep-5-6". */
function safeName(name: string): string {
  return name.trim().replace(/[\\/:*?"<>|\s]+/g, '-');
}

/**
 * Refuses layouts where one folder lies inside another: output inside the input would be scanned next time (and
 * touch the input), a report or review photo inside the output would be published.
 */
export function checkFolderLayout(folders: ScanFolders): void {
  // The input last, so that "the output folder is the same as the input folder" is said that way round; pairs with
  // the input first, because touching the originals is the worst of these mistakes.
  const named: [ScanFolderKind, string][] = [
    ['output', folders.output],
    ['review', folders.review],
    ['report', folders.report],
    ['input', folders.input],
  ];
  const pairs = named.flatMap(([innerName, inner]) => named.filter(([outerName]) => outerName !== innerName).map(([outerName, outer]) => ({ innerName, inner, outerName, outer })));
  pairs.sort((a, b) => Number(b.innerName === 'input' || b.outerName === 'input') - Number(a.innerName === 'input' || a.outerName === 'input'));
  for (const { innerName, inner, outerName, outer } of pairs) {
    if (!isInside(inner, outer)) continue;
    throw new UserError(msg.scan.folderInside(innerName, inner, inner === outer, outerName, outer), { hint: layoutHint(innerName, outerName) });
  }
}

function layoutHint(inner: ScanFolderKind, outer: ScanFolderKind): Text {
  if (outer === 'input' || inner === 'input') return msg.scan.outsideInputHint;
  if (outer === 'output') return msg.scan.outsideOutputHint;
  return msg.scan.separateFoldersHint;
}

/** Extensions that name the same format, so `IMG_1.JPG` re-encoded as JPEG keeps its name. */
const FORMAT_OF_EXTENSION: Readonly<Record<string, string>> = Object.freeze({
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.jpe': 'jpeg',
  '.png': 'png',
  '.webp': 'webp',
});

/** `a/b` with forward slashes and `dir/stem` lower-cased: the key two sources would collide on after conversion. */
function stemKey(source: string): string {
  const parsed = path.posix.parse(source);
  return path.posix.join(parsed.dir, parsed.name).toLowerCase();
}

/** Stems shared by several sources (`a.heic` and `a.jpg`): these keep their old extension inside the new name. */
export function collidingStems(sources: readonly string[]): ReadonlySet<string> {
  const seen = new Set<string>();
  const colliding = new Set<string>();
  for (const source of sources) {
    const key = stemKey(source);
    if (seen.has(key)) colliding.add(key);
    seen.add(key);
  }
  return colliding;
}

/**
 * The output path (relative, forward slashes) of `source` re-encoded with `extension` (".jpg" or "jpg"): the source
 * name when the format is unchanged, else the stem with the new extension (`IMG_1.heic` → `IMG_1.jpg`), or the old
 * name plus the new extension when another source has the same stem (`IMG_1.heic.jpg`).
 */
export function outputPathFor(source: string, extension: string, colliding: ReadonlySet<string>): string {
  const ext = extension.startsWith('.') ? extension.toLowerCase() : `.${extension.toLowerCase()}`;
  const parsed = path.posix.parse(source);
  const sourceFormat = FORMAT_OF_EXTENSION[parsed.ext.toLowerCase()];
  if (sourceFormat != null && sourceFormat === FORMAT_OF_EXTENSION[ext]) return source;
  if (colliding.has(stemKey(source))) return `${source}${ext}`;
  return path.posix.join(parsed.dir, `${parsed.name}${ext}`);
}
