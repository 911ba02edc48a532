import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestKeep, type KeepFacts } from '../../../src-main/core/duplicates/keep.js';

const photo = (id: number, over: Partial<KeepFacts>): KeepFacts => ({
  id, path: `/p/${id}.jpg`, size: 1000, width: 1000, height: 800, takenAt: null, camera: null, mtimeMs: id, format: 'jpeg', sharpness: 10, ...over,
});

test('keep: the most pixels, then the original format, then EXIF, then the earliest; bursts: the sharpest', () => {
  assert.equal(suggestKeep([photo(1, { width: 500, height: 400 }), photo(2, {})], 'near').id, 2, 'highest resolution');
  assert.equal(suggestKeep([photo(1, { format: 'png', size: 9000 }), photo(2, { camera: 'Pixel 7' })], 'near').id, 2, 'the camera JPEG over its PNG conversion');
  assert.equal(suggestKeep([photo(1, { format: 'webp' }), photo(2, {})], 'near').id, 2, 'a camera format over a re-encode, without EXIF either');
  assert.equal(suggestKeep([photo(1, {}), photo(2, { takenAt: '2024-05-01T10:00:00' })], 'exact').id, 2, 'has EXIF');
  assert.equal(suggestKeep([photo(1, { mtimeMs: 50 }), photo(2, { mtimeMs: 20 })], 'exact').id, 2, 'earliest');
  assert.equal(suggestKeep([photo(1, { sharpness: 5, width: 4000 }), photo(2, { sharpness: 80 })], 'similar').id, 2, 'the sharpest shot of a burst');
});
