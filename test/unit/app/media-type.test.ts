/** The window's full-size photo is typed by its content: each web format by its own bytes; anything else is not a web type. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sniffWebType } from '../../../src-main/app/use-cases/media.js';

test('JPEG, PNG, WebP, GIF and AVIF are known by their first bytes; text, TIFF and nothing are not', async () => {
  const img = sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } });
  const cases: [string, Buffer][] = [
    ['image/jpeg', await img.clone().jpeg().toBuffer()],
    ['image/png', await img.clone().png().toBuffer()],
    ['image/webp', await img.clone().webp().toBuffer()],
    ['image/gif', await img.clone().gif().toBuffer()],
    ['image/avif', await img.clone().avif().toBuffer()],
  ];
  for (const [type, bytes] of cases) assert.equal(sniffWebType(bytes.subarray(0, 64)), type);
  assert.equal(sniffWebType(await img.clone().tiff().toBuffer()), undefined, 'TIFF is converted, not passed through');
  assert.equal(sniffWebType(Buffer.from('password=hunter2\n')), undefined);
  assert.equal(sniffWebType(Buffer.alloc(0)), undefined);
  assert.equal(sniffWebType(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic')), undefined, 'HEIC is converted');
});
