import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, progressText } from '../../src/ui/progress.js';

function sink(isTTY: boolean): { stream: NodeJS.WritableStream & { isTTY: boolean; columns: number }; text: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 200, write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream & { isTTY: boolean; columns: number };
  return { stream, text: () => chunks.join('') };
}

describe('progressText', () => {
  it.each([
    [{ done: 0, total: 40, unit: 'photos', elapsedMs: 0, phase: '' }, '[....................] 0/40 photos 0%'],
    [{ done: 10, total: 40, unit: 'photos', elapsedMs: 5000, phase: 'finding faces in a.jpg' }, '[#####...............] 10/40 photos 25% · 2.0/s · 15s left · finding faces in a.jpg'],
    [{ done: 40, total: 40, unit: 'photos', elapsedMs: 2000, phase: '' }, '[####################] 40/40 photos 100% · 20/s · 0s left'],
  ])('%j', (state, expected) => {
    expect(progressText(state)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59.4, '59s'],
    [75, '1m15s'],
    [3700, '1h01m'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('createProgress', () => {
  it('redraws one line on a terminal and clears it at the end', () => {
    const out = sink(true);
    let now = 0;
    const progress = createProgress({ total: 3, unit: 'photos', stream: out.stream, now: () => now });
    for (let i = 1; i <= 3; i++) {
      now += 1000;
      progress.update(i);
    }
    progress.finish();
    expect(out.text()).not.toContain('\n');
    expect(out.text()).toContain('\r[####################] 3/3 photos 100%');
    expect(out.text().endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints a plain line every N items without a terminal, and the last count', () => {
    const out = sink(false);
    const progress = createProgress({ total: 7, unit: 'photos', stream: out.stream, everyItems: 3, everySeconds: 3600, now: () => 0 });
    for (let i = 1; i <= 7; i++) progress.update(i);
    progress.finish();
    const lines = out.text().trim().split('\n');
    expect(lines.map((line) => line.split(' ')[1])).toEqual(['3/7', '6/7', '7/7']);
    expect(out.text()).not.toContain('\r');
  });

  it('prints nothing when quiet', () => {
    const out = sink(true);
    const progress = createProgress({ total: 5, unit: 'photos', stream: out.stream, quiet: true });
    progress.update(3);
    progress.finish();
    expect(out.text()).toBe('');
  });
});
