import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { isInside } from '../../src/paths.js';
import { checkFolderLayout, collidingStems, outputPathFor, planFolders, type ScanFolders } from '../../src/scan/folders.js';

const root = path.resolve('/school');
const p = (...parts: string[]): string => path.join(root, ...parts);

describe('planFolders', () => {
  it.each([
    ['public beside the input', { input: 'sportdag', scope: 'public', className: null }, p('sportdag-public'), p('sportdag-public-review'), p('sportdag-public-report')],
    ['internal', { input: 'sportdag/', scope: 'internal', className: null }, p('sportdag-internal'), p('sportdag-internal-review'), p('sportdag-internal-report')],
    ['group names the class', { input: 'sportdag', scope: 'group', className: '5b' }, p('sportdag-group-5b'), p('sportdag-group-5b-review'), p('sportdag-group-5b-report')],
    ['a class with a slash and spaces', { input: 'sportdag', scope: 'group', className: 'Groep 5/6' }, p('sportdag-group-Groep-5-6'), p('sportdag-group-Groep-5-6-review'), p('sportdag-group-Groep-5-6-report')],
    ['--out moves review and report with it', { input: 'sportdag', scope: 'public', className: null, out: 'web' }, p('web'), p('web-review'), p('web-report')],
    ['--report alone', { input: 'sportdag', scope: 'public', className: null, report: 'verslag' }, p('sportdag-public'), p('sportdag-public-review'), p('verslag')],
  ] as const)('%s', (_label, request, output, review, report) => {
    expect(planFolders(request, root)).toEqual({ input: p('sportdag'), output, review, report });
  });
});

describe('isInside', () => {
  it.each([
    [p('a', 'b'), p('a'), true],
    [p('a'), p('a'), true],
    [p('ab'), p('a'), false],
    [p('a'), p('a', 'b'), false],
    [p('..x'), root, true],
  ])('%s inside %s → %s', (inner, outer, expected) => {
    expect(isInside(inner, outer)).toBe(expected);
  });
});

describe('checkFolderLayout', () => {
  const base: ScanFolders = { input: p('in'), output: p('out'), review: p('out-review'), report: p('out-report') };
  it('accepts folders side by side', () => {
    expect(() => checkFolderLayout(base)).not.toThrow();
  });
  it.each([
    ['output inside the input', { output: p('in', 'out') }, /output folder .* is inside the input folder/],
    ['output is the input', { output: p('in') }, /output folder .* is the same as the input folder/],
    ['input inside the output', { output: root }, /input folder .* is inside the output folder/],
    ['report inside the output', { report: p('out', 'report') }, /report folder .* is inside the output folder/],
    ['review inside the input', { review: p('in', 'review') }, /review folder .* is inside the input folder/],
    ['report is the review folder', { report: p('out-review') }, /the same as the review folder|the same as the report folder/],
  ] as const)('refuses %s', (_label, change, message) => {
    const folders = { ...base, ...change };
    expect(() => checkFolderLayout(folders)).toThrow(UserError);
    expect(() => checkFolderLayout(folders)).toThrow(message);
  });
});

describe('outputPathFor', () => {
  const none = new Set<string>();
  it.each([
    ['a JPEG keeps its name', 'IMG_1.JPG', '.jpg', 'IMG_1.JPG'],
    ['.jpeg stays .jpeg', 'sub/a.jpeg', '.jpg', 'sub/a.jpeg'],
    ['a PNG stays', 'a.png', '.png', 'a.png'],
    ['HEIC becomes JPEG', 'trip/IMG_2.HEIC', '.jpg', 'trip/IMG_2.jpg'],
    ['an extension without a dot', 'b.tif', 'jpg', 'b.jpg'],
  ])('%s', (_label, source, extension, expected) => {
    expect(outputPathFor(source, extension, none)).toBe(expected);
  });

  it('keeps the old extension when two sources share a stem, so neither overwrites the other', () => {
    const sources = ['a.heic', 'a.jpg', 'b.heic', 'sub/a.heic'];
    const colliding = collidingStems(sources);
    expect(outputPathFor('a.heic', '.jpg', colliding)).toBe('a.heic.jpg');
    expect(outputPathFor('a.jpg', '.jpg', colliding)).toBe('a.jpg');
    expect(outputPathFor('b.heic', '.jpg', colliding)).toBe('b.jpg');
    expect(outputPathFor('sub/a.heic', '.jpg', colliding)).toBe('sub/a.jpg');
  });
});
