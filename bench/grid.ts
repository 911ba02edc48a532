/**
 * The grid's justified layout (src-renderer/lib/grid/layout.ts) for 20k and
 * 100k photos of mixed shapes over twelve years, by month and by day: what
 * the window computes when the list, the width, the size or the grouping
 * changes. Goal: 20k photos in a few milliseconds (under 10 ms).
 */
import { justify, type Grouping } from '../src-renderer/lib/grid/layout.js';
import { mulberry32 } from '../test/fixtures/synth/photos.js';
import { summarize, timeRuns } from './lib/stats.js';
import { machine, type BenchResult, type Goal, type Row } from './lib/report.js';

const SHAPES = [4 / 3, 3 / 4, 16 / 9, 1, 9 / 16, 3 / 2, 2 / 3, 3];

export async function gridBench(runs = 50): Promise<BenchResult> {
  const m = machine();
  const rows: Row[] = [];
  const goals: Goal[] = [];
  for (const n of [20_000, 100_000]) {
    const rand = mulberry32(n);
    const ratios = Array.from({ length: n }, () => SHAPES[Math.floor(rand() * SHAPES.length)]!);
    const start = Date.UTC(2024, 11, 31);
    const dates = Array.from({ length: n }, (_, i) => start - Math.floor((i * 12 * 365 * 86_400_000) / n));
    for (const grouping of ['month', 'day'] as Grouping[]) {
      const s = summarize(await timeRuns(runs, () => justify({ ratios, dates, grouping, width: 1176, target: 180, gap: 4, header: 44 }), 3));
      rows.push({ label: `layout of ${n.toLocaleString('en')} photos by ${grouping}, 1176 px wide`, unit: 'ms', ...s });
      if (n === 20_000 && grouping === 'month') goals.push({ goal: 'grid layout of 20k photos', target: '< 10 ms', measured: `${s.median.toFixed(2)} ms`, met: s.median < 10 });
    }
  }
  return { name: 'grid', title: 'Grid layout (justified rows, headers)', date: new Date().toISOString(), machine: m, rows, goals, notes: ['Median of 50 runs after 3 warm-ups, in Node (V8, as the window); the DOM holds only the rows near the viewport (test/e2e/scroll-20k.test.ts).'] };
}
