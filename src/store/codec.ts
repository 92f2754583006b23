import type { Descriptor } from '../faces/types.js';

/** face-api's recognition net always yields 128 numbers; anything else in a file means the file is damaged. */
export const DESCRIPTOR_LENGTH = 128;

/**
 * Descriptors travel as base64 of little-endian float32 bytes: exact (no decimal rounding, so a cached
 * descriptor matches exactly as a fresh one would) and a third the size of a JSON number list.
 */
export function encodeDescriptor(descriptor: Descriptor): string {
  const bytes = Buffer.alloc(descriptor.length * 4);
  for (let i = 0; i < descriptor.length; i++) bytes.writeFloatLE(descriptor[i] ?? 0, i * 4);
  return bytes.toString('base64');
}

/** The inverse of `encodeDescriptor`; null for anything that is not exactly 128 finite floats. */
export function decodeDescriptor(value: unknown): Descriptor | null {
  if (typeof value !== 'string') return null;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== DESCRIPTOR_LENGTH * 4 || bytes.toString('base64') !== value) return null;
  const descriptor = new Float32Array(DESCRIPTOR_LENGTH);
  for (let i = 0; i < DESCRIPTOR_LENGTH; i++) {
    const x = bytes.readFloatLE(i * 4);
    if (!Number.isFinite(x)) return null;
    descriptor[i] = x;
  }
  return descriptor;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
