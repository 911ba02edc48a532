import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { scanFolder } from '../../../src-main/core/library/scan.js';
import { readMetadata } from '../../../src-main/core/library/metadata.js';
import { tempDir } from '../../helpers/paths.js';

test('scanning finds photos of every supported type, skips hidden and system folders, and survives symlink loops', async (t) => {
  const root = tempDir(t);
  mkdirSync(join(root, '2023', 'summer'), { recursive: true });
  mkdirSync(join(root, '.hidden'));
  mkdirSync(join(root, '@eaDir'));
  mkdirSync(join(root, '$RECYCLE.BIN'));
  for (const f of ['a.jpg', 'b.JPEG', 'c.png', 'd.webp', 'e.avif', 'f.gif', 'g.tiff', 'h.heic', 'i.HEIF', '2023/summer/j.jpg'])
    writeFileSync(join(root, f), 'x');
  for (const f of ['notes.txt', '.secret.jpg', '.hidden/k.jpg', '@eaDir/l.jpg', '$RECYCLE.BIN/m.jpg']) writeFileSync(join(root, f), 'x');
  symlinkSync(root, join(root, '2023', 'loop')); // a loop back to the root
  const found = (await scanFolder(root)).map((p) => p.slice(root.length + 1));
  for (const f of ['a.jpg', 'b.JPEG', 'c.png', 'd.webp', 'e.avif', 'f.gif', 'g.tiff', 'h.heic', 'i.HEIF', '2023/summer/j.jpg'])
    assert.ok(found.includes(f), `${f} found`);
  for (const f of ['notes.txt', '.secret.jpg', '.hidden/k.jpg', '@eaDir/l.jpg', '$RECYCLE.BIN/m.jpg'])
    assert.ok(!found.includes(f), `${f} skipped`);
  assert.ok(found.length < 40, `the loop is not followed forever (${found.length} entries)`);
});

test('EXIF: date taken, camera, GPS and orientation are read; photos without EXIF give nulls', async () => {
  const withExif = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#123456' } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'Canon', Model: 'Canon EOS 80D' },
      IFD2: { DateTimeOriginal: '2023:07:14 18:30:05' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 52/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '151/1 12/1 36/1' },
    })
    .toBuffer();
  const m = await readMetadata(withExif);
  assert.equal(m.takenAt, '2023-07-14T18:30:05');
  assert.equal(m.camera, 'Canon EOS 80D');
  assert.equal(m.orientation, 6);
  assert.ok(Math.abs(m.lat! - -33.8667) < 1e-3, String(m.lat));
  assert.ok(Math.abs(m.lon! - 151.21) < 1e-3, String(m.lon));

  const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
  assert.deepEqual(await readMetadata(plain), { takenAt: null, camera: null, lat: null, lon: null, orientation: null });
  assert.deepEqual((await readMetadata(Buffer.from('not an image'))).camera, null);
});

test('EXIF: a photo whose only date is IFD0 DateTime (exifr: ModifyDate) gets it as its date taken', async () => {
  const buf = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#654321' } })
    .jpeg()
    .withExif({ IFD0: { DateTime: '2019:07:04 08:15:30', Make: 'Epson', Model: 'Perfection V600' } })
    .toBuffer();
  const m = await readMetadata(buf);
  assert.equal(m.takenAt, '2019-07-04T08:15:30');
  assert.equal(m.camera, 'Epson Perfection V600');
});
