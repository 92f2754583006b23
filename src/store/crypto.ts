/**
 * The cryptography of the store, and nothing else: a key from a passphrase (scrypt), authenticated encryption
 * (AES-256-GCM) of a file's bytes bound to the file's name, and a keyed name for cache entries. No I/O, so it can be
 * read and tested on its own; src/store/vault.ts decides which files it applies to.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scrypt } from 'node:crypto';

/** scrypt's cost parameters, stored with the salt in vault.json so that a later version can raise them for new stores. */
export interface KdfParams {
  readonly name: 'scrypt';
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

export const KDF_DEFAULTS: KdfParams = Object.freeze({
  name: 'scrypt',
  // OWASP's first recommendation for scrypt: N = 2^17, r = 8, p = 1, i.e. 128 MiB of memory per guess, which makes
  // guessing a teacher's passphrase on a GPU expensive. Paid once per process (the key is then kept in memory for the
  // rest of the command): 1.3–1.4 s and 128 MiB on this project's shared 2-core VM (scryptSync, three runs). OWASP's
  // equivalent N = 2^15, p = 3 takes 0.7–0.9 s there and 32 MiB, with less memory for an attacker to pay.
  N: 2 ** 17,
  r: 8,
  p: 1,
});

/** Length of the AES-256 key and of the data key it protects. */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Every sealed file starts with this, so a plain file is never mistaken for a sealed one or the other way round. */
const MAGIC = Buffer.from('PFv1', 'latin1');
/** The smallest sealed file: magic, IV and tag around an empty text. A shorter file is truncated. */
export const SEALED_OVERHEAD = MAGIC.length + IV_BYTES + TAG_BYTES;

/** The passphrase's key: it only wraps the data key, so changing the passphrase re-encrypts one small file. */
export async function deriveKey(passphrase: string, salt: Buffer, params: KdfParams): Promise<Buffer> {
  checkParams(params);
  return new Promise((resolve, reject) => {
    // scrypt needs 128 · N · r bytes; node refuses more than 32 MiB unless told.
    const maxmem = 128 * params.N * params.r + 16 * 1024 * 1024;
    scrypt(passphrase.normalize('NFC'), salt, KEY_BYTES, { N: params.N, r: params.r, p: params.p, maxmem }, (error, key) =>
      error != null ? reject(error) : resolve(key),
    );
  });
}

/** Refuses parameters that are not scrypt's, or so large that a damaged vault.json would ask for gigabytes. */
export function checkParams(params: KdfParams): void {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (params.name !== 'scrypt' || !powerOfTwo || !Number.isInteger(r) || !Number.isInteger(p) || r < 1 || p < 1 || N > 2 ** 22 || r * p > 64) {
    throw new Error(`unusable scrypt parameters ${JSON.stringify(params)}`);
  }
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function randomSalt(): Buffer {
  return randomBytes(16);
}

/** The two keys made from the one data key: one encrypts, one names cache entries (never the same key for two jobs). */
export interface DataKeys {
  readonly encrypt: Buffer;
  readonly name: Buffer;
}

export function dataKeys(dataKey: Buffer): DataKeys {
  const sub = (info: string): Buffer => Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), info, KEY_BYTES));
  return { encrypt: sub('privacy-filter encrypt v1'), name: sub('privacy-filter name v1') };
}

/**
 * AES-256-GCM with a fresh random IV. `context` (the file's name in the store) is authenticated too, so a sealed file
 * copied over another one (an old templates file over a new one, one photo's cache entry over another's) fails to open.
 */
export function seal(key: Buffer, plain: Buffer, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.concat([MAGIC, Buffer.from(context, 'utf8')]));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
}

/** The plain bytes, or null when `sealed` is truncated, altered, sealed under another key or under another name. */
export function unseal(key: Buffer, sealed: Buffer, context: string): Buffer | null {
  if (!isSealed(sealed)) return null;
  const iv = sealed.subarray(MAGIC.length, MAGIC.length + IV_BYTES);
  const tag = sealed.subarray(MAGIC.length + IV_BYTES, SEALED_OVERHEAD);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.concat([MAGIC, Buffer.from(context, 'utf8')]));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(SEALED_OVERHEAD)), decipher.final()]);
  } catch {
    return null;
  }
}

export function isSealed(bytes: Buffer): boolean {
  return bytes.length >= SEALED_OVERHEAD && bytes.subarray(0, MAGIC.length).equals(MAGIC);
}

/** A name for `text` that only the key's holder can compute: cache file names then do not say which photos were scanned. */
export function keyedName(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
