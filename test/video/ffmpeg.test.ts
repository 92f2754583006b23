import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/checks.js';
import { checkFfmpeg, findFfmpeg, licenceOf, parseRelease, passthroughArgs } from '../../src/video/ffmpeg.js';
import { pick } from '../../src/i18n/text.js';

describe('FFmpeg', () => {
  it('comes with npm ci and does what videos need: decode H.264 and HEVC, encode H.264 and AAC', async () => {
    const report = await checkFfmpeg();
    expect(report.decodes).toEqual({ h264: true, hevc: true });
    expect(report.encodes).toEqual({ h264: true, aac: true });
    expect(['npm', 'path']).toContain(report.tools.source);
  });

  it('says which licence a build carries, and a nonfree one first', () => {
    expect(licenceOf(' --enable-gpl --enable-version3 --enable-static --enable-libx264')).toBe('GPL-3.0');
    expect(licenceOf(' --prefix=/usr --enable-gpl --enable-libx264')).toBe('GPL-2.0');
    expect(licenceOf(' --enable-gpl --enable-nonfree --enable-libfdk-aac')).toBe('nonfree');
    expect(licenceOf(' --disable-gpl --enable-shared')).toBe('LGPL-2.1');
    expect(licenceOf(' --enable-version3')).toBe('LGPL-3.0');
  });

  it('reads release numbers of distribution and git builds', () => {
    expect(parseRelease('6.1.1-3ubuntu5')).toEqual([6, 1]);
    expect(parseRelease('n7.0')).toEqual([7, 0]);
    expect(parseRelease('N-47683-g0e8eb07980-static')).toBeNull();
  });

  it('keeps every frame at its own time with the option its version knows', async () => {
    const tools = await findFfmpeg();
    expect(passthroughArgs({ ...tools, release: [4, 1] })).toEqual(['-vsync', 'passthrough']);
    expect(passthroughArgs({ ...tools, release: [7, 1] })).toEqual(['-fps_mode', 'passthrough']);
  });

  it('doctor says which FFmpeg runs and that it can filter videos', async () => {
    const checks = await runDoctor(process.cwd());
    const ffmpeg = checks.find((c) => pick(c.name, 'en').startsWith('FFmpeg'));
    expect(ffmpeg?.status).toBe('ok');
    expect(pick(ffmpeg?.detail ?? '', 'en')).toMatch(/decodes H\.264 and HEVC, encodes H\.264 and AAC/);
    expect(pick(ffmpeg?.detail ?? '', 'en')).toMatch(/licence (L?GPL-[23]\.\d)/);
    expect(pick(ffmpeg?.detail ?? '', 'nl')).toMatch(/licentie (L?GPL-[23]\.\d)/);
  });
});
