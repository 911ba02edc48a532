/**
 * The benchmark suite: `npm run bench` runs them all, `npm run bench -- <name> …`
 * some. Each prints its numbers, writes bench/results/<name>.json and refreshes
 * the tables in docs/PERFORMANCE.md. See docs/PERFORMANCE.md for what each
 * measures and what it needs (the ViT-B/32 export needs Debian's python3-torch).
 */
import { writeResult, type BenchResult } from './lib/report.js';

type Bench = () => Promise<BenchResult>;

const BENCHES: Record<string, Bench> = {
  scan: async () => (await import('./scan.js')).scanBench(),
  query: async () => (await import('./query.js')).queryBench(),
  indexing: async () => (await import('./indexing.js')).indexingBench(),
  responsiveness: async () => (await import('./responsiveness.js')).responsivenessBench(),
  coldstart: async () => (await import('./coldstart.js')).coldstartBench(),
  integrity: async () => (await import('./integrity.js')).integrityBench(),
  sorting: async () => (await import('./sorting.js')).sortingBench(),
  duplicates: async () => (await import('./duplicates.js')).duplicatesBench(),
  places: async () => (await import('./places.js')).placesBench(),
  grid: async () => (await import('./grid.js')).gridBench(),
};

async function child(args: string[]): Promise<void> {
  const [kind, ...rest] = args;
  if (kind === 'scan-ours') {
    const { oursChild } = await import('./scan.js');
    console.log(JSON.stringify(await oursChild(Number(rest[0]), Number(rest[1]))));
    return;
  }
  if (kind === 'places-load') {
    const { placesLoadChild } = await import('./places.js');
    console.log(JSON.stringify(await placesLoadChild()));
    return;
  }
  if (kind === 'transformers') {
    const { transformersRate } = await import('./lib/transformers-js.js');
    console.log(JSON.stringify(await transformersRate(rest.slice(1), Number(rest[0]))));
    return;
  }
  throw new Error(`unknown child ${kind}`);
}

function print(r: BenchResult): void {
  console.log(`\n== ${r.title}`);
  for (const row of r.rows) {
    const extra = row.p99 !== undefined ? ` (p99 ${row.p99.toFixed(1)}, min ${row.min?.toFixed(1)}, max ${row.max?.toFixed(1)}, n ${row.n})` : '';
    console.log(`  ${row.label}: ${row.median.toFixed(2)} ${row.unit}${extra}`);
  }
  for (const g of r.goals) console.log(`  goal ${g.goal}: ${g.target} → ${g.measured} ${g.met ? 'met' : 'NOT MET'}`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') return child(args.slice(1));
  const names = args.length ? args : Object.keys(BENCHES);
  for (const name of names) if (!BENCHES[name]) throw new Error(`unknown bench "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
  for (const name of names) {
    const r = await BENCHES[name]!();
    print(r);
    writeResult(r);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
