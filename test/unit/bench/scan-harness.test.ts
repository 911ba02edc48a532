import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanBench } from '../../../bench/scan.js';

// A smoke run of the scan benchmark's harness: it must measure the real index
// against the exact float32 ranking (no timings are checked here).
test('the scan benchmark runs and Shoebox\'s top-10 equals the exact float32 top-10', async () => {
  const r = await scanBench({ sizes: [3000], queries: 20, quick: true });
  const agree = r.rows.find((row) => row.label.includes('top-10 equals'));
  assert.equal(agree?.median, 100);
  const mem = r.rows.find((row) => row.label.includes('memory per photo'));
  assert.ok(mem && mem.median > 0);
  assert.ok(r.rows.some((row) => row.label.includes('Shoebox') && row.n === 20));
});
