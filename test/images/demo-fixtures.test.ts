import { readdir, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { loadPhoto } from '../../src/images/load.js';
import { encodePhoto } from '../../src/images/write.js';
import { readRoster } from '../../src/roster/read.js';
import { fixture } from '../helpers/fixtures.js';
import { GPS_POINTER, meanAbsDiff } from './make-photos.js';

/** The README demo depends on these files being what fixtures/README.md says they are. */
describe('fixtures/demo', () => {
  it('the roster reads as six pupils, 1001 with every consent and 1002 without public consent', async () => {
    const roster = await readRoster(fixture('demo/roster.csv'));
    expect(roster.pupils.map((p) => p.id)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    const byId = new Map(roster.pupils.map((p) => [p.id, p]));
    expect(byId.get('1001')?.consent).toEqual({ internal: true, group: true, public: true });
    expect(byId.get('1002')?.consent).toEqual({ internal: true, group: true, public: false });
    expect(byId.get('1002')?.className).toBe('8a');
    expect(byId.get('1002')?.name).toBe('Joe de Vries');
  });

  it('has a portrait for 1001 and 1002 only', async () => {
    expect((await readdir(fixture('demo/portraits'))).sort()).toEqual(['1001.jpg', '1002.jpg']);
  });

  it('the sideways copy really is stored sideways with GPS, loads upright like the original, and comes out clean', async () => {
    const sidewaysFile = fixture('demo/photos/sportdag-02-sideways.jpg');
    const meta = await sharp(sidewaysFile).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([661, 1126, 6]);
    expect(meta.exif?.includes(GPS_POINTER)).toBe(true);

    const sideways = await loadPhoto(sidewaysFile);
    const original = await loadPhoto(fixture('demo/photos/sportdag-01.jpg'));
    expect(meanAbsDiff(sideways.rgb, original.rgb)).toBeLessThan(4);

    const { data } = await encodePhoto(sideways);
    const out = await sharp(data).metadata();
    expect([out.width, out.height, out.orientation, out.exif]).toEqual([1126, 661, undefined, undefined]);
    expect(data.includes(GPS_POINTER)).toBe(false);
  });

  it('stays small enough to ship (under 2 MB)', async () => {
    let total = 0;
    for (const sub of ['photos', 'portraits']) {
      for (const name of await readdir(fixture(`demo/${sub}`))) total += (await stat(fixture(`demo/${sub}/${name}`))).size;
    }
    expect(total).toBeLessThan(2_000_000);
  });
});
