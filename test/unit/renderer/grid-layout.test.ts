import { test } from 'node:test';
import assert from 'node:assert/strict';
import { justify, verticalNeighbour, type Grouping } from '../../../src-renderer/lib/grid/layout.js';
import { mulberry32 } from '../../fixtures/synth/photos.js';

function library(n: number, seed: number): { ratios: number[]; dates: number[] } {
  const rand = mulberry32(seed);
  const ratios = Array.from({ length: n }, () => [4 / 3, 3 / 4, 16 / 9, 1, 9 / 16, 3][Math.floor(rand() * 6)]!);
  const start = Date.UTC(2024, 11, 31);
  const dates = Array.from({ length: n }, (_, i) => start - Math.floor((i * 5 * 365 * 86_400_000) / n));
  return { ratios, dates };
}

test('justified rows fill the width exactly, keep each ratio, and stay near the height aimed at', () => {
  const { ratios, dates } = library(2000, 1);
  for (const grouping of ['day', 'month', 'year'] as Grouping[]) {
    const l = justify({ ratios, dates, grouping, width: 1200, target: 180, gap: 4, header: 44 });
    for (let r = 0; r < l.rowStart.length; r++) {
      const a = l.rowStart[r]!;
      const b = l.rowEnd[r]!;
      const last = b - 1;
      const right = l.boxes[last * 4]! + l.boxes[last * 4 + 2]!;
      const lastOfGroup = l.headerFirst.includes(b) || b === ratios.length;
      if (!lastOfGroup) {
        assert.ok(Math.abs(right - 1200) < 0.01, `${grouping} row ${r} ends at ${right}`);
        assert.ok(l.rowHeight[r]! > 180 * 0.6 && l.rowHeight[r]! <= 180 * 1.25 + 1e-9, `${grouping} row ${r}: ${l.rowHeight[r]}`);
      } else assert.ok(right <= 1200 + 0.01);
      for (let i = a; i < last; i++) assert.ok(Math.abs(l.boxes[i * 4 + 2]! - ratios[i]! * l.rowHeight[r]!) < 1e-3);
    }
  }
});

test('headers: one per day, month or year; without dates, none', () => {
  const { ratios, dates } = library(1000, 2);
  assert.equal(justify({ ratios, dates, grouping: 'year', width: 900, target: 150, gap: 4, header: 44 }).headerTop.length, 5);
  assert.equal(justify({ ratios, dates, grouping: 'month', width: 900, target: 150, gap: 4, header: 44 }).headerTop.length, 60);
  assert.equal(justify({ ratios, dates: undefined, grouping: 'month', width: 900, target: 150, gap: 4, header: 44 }).headerTop.length, 0);
});

test('up and down go to the photo nearest below or above; the first and last rows stay', () => {
  const ratios = [1, 1, 1, 2, 1];
  const l = justify({ ratios, dates: undefined, grouping: 'month', width: 300, target: 100, gap: 0, header: 0 });
  assert.deepEqual([...l.rowStart], [0, 3]);
  assert.equal(verticalNeighbour(l, 0, 1), 3, 'below the first: the wide photo under it');
  assert.equal(verticalNeighbour(l, 2, 1), 4);
  assert.equal(verticalNeighbour(l, 4, -1), 2);
  assert.equal(verticalNeighbour(l, 1, -1), 1, 'the first row stays');
  assert.equal(verticalNeighbour(l, 4, 1), 4, 'the last row stays');
});

test('small groups share a line, each under its own header, and a big group starts a line of its own', () => {
  const day = 86_400_000;
  // Three days of two square photos, then a day of twenty.
  const dates = [...[0, 0, 1, 1, 2, 2].map((d) => 100 * day - d * day), ...Array.from({ length: 20 }, () => 90 * day)];
  const ratios = dates.map(() => 1);
  const l = justify({ ratios, dates, grouping: 'day', width: 1000, target: 100, gap: 4, header: 40, headerWidth: 150, groupGap: 16 });
  assert.equal(l.headerTop.length, 4);
  assert.deepEqual([...l.headerTop.slice(0, 3)], [0, 0, 0], 'the three small days on one line');
  assert.deepEqual([...l.headerLeft.slice(0, 3)], [0, 220, 440], 'each after the previous one (its photos or its header, the wider) and the gap');
  assert.equal(l.boxes[2 * 4], 220, 'the second day\'s photos under its header');
  assert.equal(l.rowOf[5], l.rowOf[0], 'one row for the line');
  assert.ok(l.headerTop[3]! > 100 && l.headerLeft[3] === 0, 'the big day on a line of its own');
  assert.equal(l.rowOf[verticalNeighbour(l, 2, 1)], l.rowOf[6], 'down from the second day goes to the big day\'s first row');
});
