/**
 * What understanding the search text costs (docs/SEARCH.md): the parser on
 * the example queries, with a library of 40 cameras, 200 folders and
 * 500 place names, median microseconds per query over 7 rounds:
 *   npx tsc -p tsconfig.json && node dist/bench/tools/parse-cost.js
 */
import { parseQuery } from '../../src-main/core/domain/query-parser.js';

const vocab = {
  cameras: Array.from({ length: 40 }, (_, i) => `Make${i} Model ${i}X`),
  folders: Array.from({ length: 200 }, (_, i) => `Folder ${i}`),
  places: Array.from({ length: 500 }, (_, i) => `Place${i}`),
};
const QUERIES = [
  'a dog on the beach in Busan 2023',
  '2023년 7월 부산 해변의 강아지',
  'receipts last year',
  'screenshots from March',
  'beach without people -red',
];
const N = 2000;
const rounds: number[] = [];
for (let r = 0; r < 7; r++) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) for (const q of QUERIES) parseQuery(q, vocab, { today: '2026-12-01' });
  rounds.push(Number(process.hrtime.bigint() - t) / 1e3 / (N * QUERIES.length));
}
rounds.sort((a, b) => a - b);
console.log(`parse: median ${rounds[3]!.toFixed(1)} µs per query (min ${rounds[0]!.toFixed(1)}, max ${rounds[6]!.toFixed(1)}), 40 cameras, 200 folders, 500 places`);
