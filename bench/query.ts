/**
 * Text query, end to end, on a 100k-photo library: tokenize, run the ViT-B/32
 * text encoder on the real token count, scan, rescore from SQLite, top-50
 * with paths — what the app does for one search. Also the text encoder at the
 * real length vs padded to 77 (and that both give the same embedding), and
 * the scan with rescoring alone.
 */
import * as ort from 'onnxruntime-node';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../src-main/core/context.js';
import { loadActiveModel } from '../src-main/core/models/active-model.js';
import { Searcher } from '../src-main/core/search/search.js';
import { summarize } from './lib/stats.js';
import { machine, type BenchResult, type Row, type Goal } from './lib/report.js';
import { ensureLibrary, ensureModel } from './lib/fixtures.js';

export const QUERIES = [
  'a dog playing on the beach', 'birthday cake with candles', 'snowy mountains at sunset', 'my grandmother in the kitchen',
  'receipt', 'a red car parked on the street', 'children on a swing', 'the eiffel tower at night', 'a cat sleeping on a sofa',
  'wedding dress', 'screenshot of a chat', 'fireworks over the city', 'a plate of pasta', 'boats in a harbour', 'passport photo',
  'autumn leaves in the park', 'a whiteboard with notes', 'sunflowers', 'people hiking in the forest', 'christmas tree with lights',
  'a baby laughing', 'old black and white photograph', 'skiing', 'a bicycle leaning against a wall', 'rainbow over a field',
];

export async function queryBench(n = 100_000, runs = 100): Promise<BenchResult> {
  const modelDir = ensureModel();
  const dir = ensureLibrary(n);
  const m = machine();
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  const ctx = openLibrary(dir);
  const active = await loadActiveModel(ctx);
  try {
    const searcher = new Searcher(ctx, active);
    searcher.vectors(); // the index is loaded at startup (coldstart measures that)
    await searcher.byText('warm up', 50);
    const texts = Array.from({ length: runs }, (_, i) => `${QUERIES[i % QUERIES.length]}${i >= QUERIES.length ? ` ${Math.floor(i / QUERIES.length)}` : ''}`);
    const e2e: number[] = [];
    let found = 0;
    for (const t of texts) {
      const a = performance.now();
      const hits = await searcher.byText(t, 50);
      e2e.push(performance.now() - a);
      found += hits.length;
    }
    if (found !== runs * 50) notes.push(`only ${found} of ${runs * 50} hits came back`);
    const e2eS = summarize(e2e);
    rows.push({ label: `text query end to end at ${n / 1000}k photos (top-50 with paths)`, unit: 'ms', ...e2eS });
    goals.push({ goal: `text query end to end at ${n / 1000}k, p50`, target: '< 25 ms', measured: `${e2eS.median.toFixed(1)} ms`, met: e2eS.median < 25 });

    // The same queries narrowed by a filter (a month, about 40% of this library), with the relevance
    // cut-off: the allowed set is applied in the scan; the facts are loaded once, as at the app's first search.
    const month = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 7);
    await searcher.search({ text: 'warm up', filters: { from: month, to: month }, limit: 50 });
    const filtered: number[] = [];
    let considered = 0;
    for (const t of texts) {
      const a = performance.now();
      const found = await searcher.search({ text: `${t} x`, filters: { from: month, to: month }, limit: 50 });
      filtered.push(performance.now() - a);
      considered = found.considered;
    }
    const filteredS = summarize(filtered);
    rows.push({ label: `filtered text query end to end at ${n / 1000}k (one month: ${considered} photos; cut-off; top-50 with paths)`, unit: 'ms', ...filteredS });
    goals.push({ goal: `filtered text query end to end at ${n / 1000}k, p50`, target: '≤ 25 ms', measured: `${filteredS.median.toFixed(1)} ms`, met: filteredS.median <= 25 });

    // The parts: the text encoder (real length vs 77) and the scan with rescoring.
    const session = await ort.InferenceSession.create(join(modelDir, 'onnx', 'text_model.onnx'), { intraOpNumThreads: 1 }); // as ClipModel runs the text tower
    const tok = active.model.tokenizer;
    const encode = async (text: string, length?: number): Promise<Float32Array> => {
      const b = tok.batch([text], length);
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of session.inputNames) feeds[name] = new ort.Tensor('int64', /mask/i.test(name) ? b.mask : b.ids, [1, b.length]);
      return (await session.run(feeds))['text_embeds']!.data as Float32Array;
    };
    await encode('warm up');
    await encode('warm up', 77);
    const real: number[] = [];
    const padded: number[] = [];
    let maxDiff = 0;
    let tokens = 0;
    for (const t of texts.slice(0, 40)) {
      let a = performance.now();
      const x = await encode(t);
      real.push(performance.now() - a);
      a = performance.now();
      const y = await encode(t, 77);
      padded.push(performance.now() - a);
      for (let j = 0; j < x.length; j++) maxDiff = Math.max(maxDiff, Math.abs(x[j]! - y[j]!) / (Math.abs(y[j]!) + 1e-3));
      tokens += tok.encode(t).length;
    }
    await session.release();
    rows.push({ label: `ViT-B/32 text encoder, real token count (mean ${(tokens / 40).toFixed(1)} tokens)`, unit: 'ms', ...summarize(real) });
    rows.push({ label: 'ViT-B/32 text encoder, padded to 77 tokens', unit: 'ms', ...summarize(padded) });
    notes.push(`Real-length and 77-padded text embeddings of the ViT-B/32 export agree to ${maxDiff.toExponential(1)} (largest relative difference); the unit test text-padding checks the same on the test model.`);

    const index = searcher.vectors();
    const qv = await active.model.embedTexts(texts.slice(0, 50));
    for (let i = 0; i < 5; i++) index.search(qv[i]!, 50);
    const scan: number[] = [];
    for (const v of qv) {
      const a = performance.now();
      index.search(v, 50);
      scan.push(performance.now() - a);
    }
    rows.push({ label: `scan + rescoring from SQLite at ${n / 1000}k (top-50)`, unit: 'ms', ...summarize(scan) });
    index.close();
  } finally {
    await active.model.release();
    closeLibrary(ctx);
  }
  notes.push(
    `Library: ${n} photos with random 512-d vectors in a real library database (bench/cache/library-${n}); queries are ${runs} different texts, each encoded afresh (the app caches nothing for a new query).`,
  );
  return { name: 'query', title: `Text query latency (${n / 1000}k photos, ViT-B/32 text encoder)`, date: new Date().toISOString(), machine: m, rows, goals, notes };
}
