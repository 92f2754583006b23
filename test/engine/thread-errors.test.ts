/** Errors from a worker thread arrive as what they were: the language of a UserError is picked where it is printed. */
import { describe, expect, it } from 'vitest';
import { reviveError, serializeError } from '../../src/engine/thread-errors.js';
import { UserError } from '../../src/errors.js';
import { PhotoReadError } from '../../src/images/load.js';

/** What postMessage does to a value between threads. */
function acrossThreads(caught: unknown): Error {
  return reviveError(structuredClone(serializeError(caught)));
}

describe('errors crossing from a worker', () => {
  it('keep a UserError in both languages, with its place and hint, so the CLI can print it in Dutch', () => {
    const original = new UserError(
      { en: 'The model file is altered.', nl: 'Het modelbestand is gewijzigd.' },
      { place: { file: 'models/yunet.onnx', line: 3 }, hint: { en: 'Install privacy-filter again.', nl: 'Installeer privacy-filter opnieuw.' } },
    );
    const revived = acrossThreads(original);
    expect(revived).toBeInstanceOf(UserError);
    const user = revived as UserError;
    expect(user.format('nl')).toBe('models/yunet.onnx:3: Het modelbestand is gewijzigd.\n  Installeer privacy-filter opnieuw.');
    expect(user.format('en')).toBe(original.format('en'));
    expect(user.place).toEqual({ file: 'models/yunet.onnx', line: 3 });
  });

  it('keep a UserError in one language as it was, without a hint it never had', () => {
    const revived = acrossThreads(new UserError('the worker is missing')) as UserError;
    expect(revived).toBeInstanceOf(UserError);
    expect(revived.format('nl')).toBe('the worker is missing');
    expect(revived.hintText).toBeUndefined();
  });

  it('keep a photo that cannot be read a PhotoReadError naming the file, and anything else an Error with its stack', () => {
    const photo = acrossThreads(new PhotoReadError('/fotos/a.jpg', 'the file is not a photo'));
    expect(photo).toBeInstanceOf(PhotoReadError);
    expect((photo as PhotoReadError).file).toBe('/fotos/a.jpg');
    expect(photo.message).toBe(new PhotoReadError('/fotos/a.jpg', 'the file is not a photo').message);
    const bug = new TypeError('x is undefined');
    const other = acrossThreads(bug);
    expect(other).not.toBeInstanceOf(UserError);
    expect([other.name, other.message, other.stack]).toEqual(['TypeError', 'x is undefined', bug.stack]);
  });
});
