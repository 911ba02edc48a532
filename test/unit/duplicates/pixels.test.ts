import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignedTonesBySampler, comparePlain, compareTone, N, prepareGrey, toneAgainst, VIEWS } from '../../../src-main/core/duplicates/pixels.js';
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

test('pixels: no aligned view is further from the plain picture than its reach, so plain tone + reach bounds the aligned tone', () => {
  const rng = mulberry32(11);
  const smooth = (): Uint8Array => {
    const blobs = Array.from({ length: 6 }, () => [rng() * 16, rng() * 16, 2 + rng() * 5, (rng() - 0.5) * 200] as const);
    const gx = (rng() - 0.5) * 8;
    const gy = (rng() - 0.5) * 8;
    const base = 60 + rng() * 120;
    return Uint8Array.from({ length: 256 }, (_, i) => {
      const x = i % 16;
      const y = Math.floor(i / 16);
      let v = base + gx * (x - 8) + gy * (y - 8) + (rng() - 0.5) * 10;
      for (const [bx, by, sd, a] of blobs) v += a * Math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * sd * sd));
      return Math.max(0, Math.min(255, Math.round(v)));
    });
  };
  const noise = (): Uint8Array => Uint8Array.from({ length: 256 }, () => Math.floor(rng() * 256));
  const pictures = [...Array.from({ length: 150 }, smooth), ...Array.from({ length: 20 }, noise)];
  const prepared = pictures.map((g) => prepareGrey(g));
  let reachSmooth = 0;
  for (const [n, p] of prepared.entries()) {
    for (let k = 0; k < VIEWS; k++) {
      let d = 0;
      for (let i = 0; i < N; i++) d += (p.tone[k * N + i]! - p.plain.tone[i]!) ** 2;
      assert.ok(Math.sqrt(d) <= p.plain.reach + 1e-4, `picture ${n}, view ${k}: ${Math.sqrt(d)} > ${p.plain.reach}`);
    }
    if (n < 150) reachSmooth += p.plain.reach / 150;
  }
  assert.ok(reachSmooth < 0.8, `smooth pictures reach ${reachSmooth} on average: the bound helps them`);
  for (let a = 0; a < prepared.length; a += 7)
    for (let b = a + 1; b < prepared.length; b += 5) {
      const pa = prepared[a]!;
      const pb = prepared[b]!;
      const plain = comparePlain(pa.plain, pb.plain).tone;
      assert.ok(compareTone(pa, pb) <= plain + Math.max(pa.plain.reach, pb.plain.reach) + 1e-4);
      // Each direction on its own (groups.ts looks at one only when its own bound leaves it open).
      assert.ok(toneAgainst(pa.plain, pb) <= plain + pb.plain.reach + 1e-4);
      assert.ok(toneAgainst(pb.plain, pa) <= plain + pa.plain.reach + 1e-4);
      assert.equal(compareTone(pa, pb), Math.max(plain, toneAgainst(pa.plain, pb), toneAgainst(pb.plain, pa)));
    }
});
