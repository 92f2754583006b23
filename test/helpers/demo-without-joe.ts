/**
 * The demo with Joe (1002) left without a portrait: a pupil the recogniser cannot know, so his faces in two photos are
 * unknown and grouped as one person. Enrolled and scanned for public, as a teacher would have it before naming him.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../scan/cli-helpers.js';
import { fixture } from './fixtures.js';

/** A face of report.json, as far as the people-group tests read it. */
export interface GroupedFace {
  pupil: string | null;
  status: string;
  action: string;
  correction: string | null;
  group: string | null;
}

export interface GroupedReport {
  photos: { source: string; faces: GroupedFace[] }[];
}

/** @returns the working folder (a new temporary one named after `prefix`), scanned into `photos-public`. */
export async function demoWithoutJoe(prefix: string): Promise<string> {
  const cwd = await mkdtemp(path.join(os.tmpdir(), prefix));
  await cp(fixture('demo'), cwd, { recursive: true });
  await rm(path.join(cwd, 'portraits', '1002.jpg'));
  expect((await runCli(['init', '--roster', 'roster.csv', '--portraits', 'portraits'], cwd)).code).toBe(0);
  const scan = await runCli(['scan', 'photos', '--scope', 'public', '--quiet'], cwd);
  expect(scan.code, scan.stderr).toBe(0);
  return cwd;
}
