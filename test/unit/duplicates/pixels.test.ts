import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignedTonesBySampler, N, prepareGrey, VIEWS } from '../../../src-main/core/duplicates/pixels.js';
import { mulberry32 } from '../../helpers/random.js';

test('pixels: the aligned views made along x then y equal the bilinear samplers they replace (noise, smooth, flat pictures)', () => {
  const rng = mulberry32(3);
  const pictures = [
    Uint8Array.from({ length: 256 }, () => Math.floor(rng() * 256)),
    Uint8Array.from({ length: 256 }, (_, i) => Math.round(128 + 60 * Math.sin((i % 16) / 3) + 50 * Math.cos(Math.floor(i / 16) / 4))),
    new Uint8Array(256).fill(90),
  ];
  for (const grey of pictures) {
    const fast = prepareGrey(grey).tone;
    const slow = alignedTonesBySampler(grey);
    assert.equal(fast.length, VIEWS * N);
    let worst = 0;
    for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i]! - slow[i]!));
    assert.ok(worst < 1e-5, `largest difference ${worst}`);
  }
});
