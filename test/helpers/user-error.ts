import { expect } from 'vitest';
import { UserError } from '../../src/errors.js';

/** The UserError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function caughtUserError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}
