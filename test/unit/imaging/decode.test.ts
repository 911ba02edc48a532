import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodePhoto, DEFAULT_DECODE } from '../../../src-main/core/imaging/decode.js';
import { isHeic } from '../../../src-main/core/imaging/heic.js';
import { readModelFolder } from '../../../src-main/core/models/model-folder.js';
import { FIXTURES, TINY_CLIP } from '../../helpers/paths.js';
import { pngWithHeader } from '../../helpers/bad-files.js';

const spec = readModelFolder(TINY_CLIP).preprocess;

test('EXIF orientation is applied: a photo stored sideways is decoded upright', async () => {
  // 200×100 pixels stored, orientation 6 (rotate 90° clockwise to display): shown as 100×200.
  const left = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const buf = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#0000ff' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
  const d = await decodePhoto(buf, spec);
  assert.equal(d.width, 100);
  assert.equal(d.height, 200);
  const thumb = await sharp(d.thumbnail).raw().toBuffer({ resolveWithObject: true });
  assert.ok(thumb.info.height > thumb.info.width, 'thumbnail is portrait');
  // After rotating 90° clockwise, the red left half is on top.
  const top = thumb.data[(2 * thumb.info.width + Math.floor(thumb.info.width / 2)) * thumb.info.channels]!;
  assert.ok(top > 200, `top pixel red channel ${top}`);
});

test('a large photo is shrunk on load to a small thumbnail and the model size', async () => {
  const big = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080' } }).jpeg().toBuffer();
  const d = await decodePhoto(big, spec);
  assert.deepEqual([d.width, d.height], [4000, 3000]);
  const meta = await sharp(d.thumbnail).metadata();
  assert.equal(Math.max(meta.width!, meta.height!), DEFAULT_DECODE.thumbSize);
  assert.equal(d.pixels.length, 3 * 64 * 64);
});

test('HEIC photos (HEVC) decode through libheif', async () => {
  const buf = readFileSync(join(FIXTURES, 'photos', 'red-circle.heic'));
  assert.ok(isHeic(buf));
  const d = await decodePhoto(buf, spec);
  assert.deepEqual([d.width, d.height, d.format], [300, 200, 'heif']);
  // Centre of the picture is the red circle.
  const centre = 0 * 64 * 64 + 32 * 64 + 32; // red channel, normalised
  assert.ok(d.pixels[centre]! > 1, `red channel at centre ${d.pixels[centre]}`);
});

test('broken inputs are refused with a clear reason', async () => {
  const good = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#aa3355' } }).jpeg().toBuffer();
  await assert.rejects(decodePhoto(Buffer.alloc(0), spec), /empty/);
  await assert.rejects(decodePhoto(Buffer.from('hello, I am a text file\n'), spec), /Not an image|could not be decoded/);
  await assert.rejects(decodePhoto(good.subarray(0, good.length / 2), spec), /damaged|incomplete|could not be decoded/);
  // A decompression bomb: a tiny file that claims 100000×100000 pixels.
  await assert.rejects(decodePhoto(pngWithHeader(100_000, 100_000), spec), /pixel/);
});
