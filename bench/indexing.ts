/**
 * Indexing throughput on 12 MP photos with the ViT-B/32 export, all in one run:
 * R_inf (ONNX Runtime alone on ready tensors, best batch size, all cores),
 * R_dec (decode + resize alone: the pipeline's decodePhoto, all cores), the
 * bound 1 / (1/R_inf + 1/R_dec) for doing both on the same cores,
 * Transformers.js (processor + model, batched, from the same folder), and
 * Shoebox's full pipeline (indexRoots: scan, hash, EXIF, one decode for
 * thumbnail and tensor, embed, store), with its peak memory. Also the int8
 * vision variant: speed and how far its embeddings move from fp32.
 */
import * as ort from 'onnxruntime-node';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../src-main/core/context.js';
import { ClipModel } from '../src-main/core/models/clip-model.js';
import { chooseModel, batchSizeFor } from '../src-main/core/models/active-model.js';
import { decodePhoto } from '../src-main/core/imaging/decode.js';
import { indexRoots } from '../src-main/core/indexer/indexer.js';
import { mapOrdered } from '../src-main/core/util/concurrency.js';
import { summarize } from './lib/stats.js';
import { machine, type BenchResult, type Row, type Goal } from './lib/report.js';
import { ensureModel, VITB32 } from './lib/fixtures.js';
import { ensurePhotos } from './lib/photos.js';

const RUNS = 3;

async function inferenceRate(file: string, threads: number, batch: number, seconds = 6): Promise<number[]> {
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: threads, graphOptimizationLevel: 'all' });
  const input = new ort.Tensor('float32', new Float32Array(batch * 3 * 224 * 224).map((_, i) => Math.sin(i) * 1.5), [batch, 3, 224, 224]);
  const feeds = { [session.inputNames[0]!]: input };
  await session.run(feeds);
  const rates: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let n = 0;
    const t = performance.now();
    while (performance.now() - t < (seconds * 1000) / RUNS) {
      await session.run(feeds);
      n += batch;
    }
    rates.push((n * 1000) / (performance.now() - t));
  }
  await session.release();
  return rates;
}

function rateRow(label: string, rates: number[], note?: string): Row {
  const s = summarize(rates);
  return { label, unit: 'photos/s', median: s.median, min: s.min, max: s.max, n: s.n, note };
}

function cosine(a: Float32Array, b: Float32Array): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return d / Math.sqrt(na * nb);
}

export async function indexingBench(): Promise<BenchResult> {
  const modelDir = ensureModel();
  const photos = await ensurePhotos();
  const m = machine();
  const cores = m.cores;
  const rows: Row[] = [];
  const goals: Goal[] = [];
  const notes: string[] = [];
  const vision = join(modelDir, 'onnx', 'vision_model.onnx');
  const vision8 = join(modelDir, 'onnx', 'vision_model_int8.onnx');

  // R_inf: best batch size.
  console.error('indexing: R_inf…');
  let best = { batch: 1, rates: [0] };
  for (const batch of [1, 4, 8, 16]) {
    const rates = await inferenceRate(vision, cores, batch, 4);
    const med = summarize(rates).median;
    rows.push(rateRow(`R_inf fp32, batch ${batch}`, rates));
    if (med > summarize(best.rates).median) best = { batch, rates };
  }
  const rInf = summarize(best.rates).median;
  const rates8 = await inferenceRate(vision8, cores, best.batch, 6);
  rows.push(rateRow(`R_inf int8 (dynamic quantization), batch ${best.batch}`, rates8));

  // R_dec: the pipeline's decode, as many in flight as cores; per format.
  console.error('indexing: R_dec…');
  const model = ClipModel.open(modelDir);
  const spec = model.folder.preprocess;
  const decodeRates = async (files: string[], runs = RUNS): Promise<number[]> => {
    const bufs = await Promise.all(files.map((f) => readFile(f)));
    const rates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = performance.now();
      for await (const _ of mapOrdered(bufs, cores, (b) => decodePhoto(b, spec))) void _;
      rates.push((bufs.length * 1000) / (performance.now() - t));
    }
    return rates;
  };
  const decRates = await decodeRates(photos.jpegs);
  rows.push(rateRow('R_dec: decodePhoto (thumbnail + 224² tensor) on the 12 MP JPEGs, all cores', decRates));
  const heics = photos.files.filter((f) => f.endsWith('.heic'));
  const pngs = photos.files.filter((f) => f.endsWith('.png'));
  rows.push(rateRow('R_dec on the PNG screenshots', await decodeRates(pngs, 1)));
  rows.push(rateRow('R_dec on the 12 MP HEICs (libheif in WebAssembly)', await decodeRates(heics, 1)));
  const rDec = summarize(decRates).median;
  const bound = 1 / (1 / rInf + 1 / rDec);
  rows.push({ label: 'bound 1 / (1/R_inf + 1/R_dec), JPEGs', unit: 'photos/s', median: bound });
  const bufs = await Promise.all(photos.jpegs.slice(0, 16).map((f) => readFile(f)));

  // int8 drift: cosine between fp32 and int8 embeddings of the same photos.
  const sess32 = await ort.InferenceSession.create(vision, { intraOpNumThreads: cores });
  const sess8 = await ort.InferenceSession.create(vision8, { intraOpNumThreads: cores });
  const cos: number[] = [];
  for (const b of bufs.slice(0, 16)) {
    const px = (await decodePhoto(b, spec)).pixels;
    const t = new ort.Tensor('float32', px, [1, 3, 224, 224]);
    const a = (await sess32.run({ pixel_values: t }))['image_embeds']!.data as Float32Array;
    const c = (await sess8.run({ pixel_values: t }))['image_embeds']!.data as Float32Array;
    cos.push(1 - cosine(a, c));
  }
  await sess32.release();
  await sess8.release();
  const cs = summarize(cos);
  rows.push({ label: 'int8 vs fp32 image embeddings: 1 − cosine (random-weight ViT-B/32)', unit: '1 − cos', median: cs.median, min: cs.min, max: cs.max, n: cs.n });

  // Transformers.js, as its docs show: processor + model, batched.
  console.error('indexing: Transformers.js…');
  const tjs = transformersInChild(photos.jpegs.slice(0, 16), cores);
  rows.push(rateRow('Transformers.js (AutoProcessor + CLIPVisionModelWithProjection, batch 8), 16 of the JPEGs', tjs));

  // Shoebox's full pipeline into a fresh library each run: the JPEGs (comparable with the above), then the mix.
  console.error('indexing: Shoebox pipeline…');
  const pipeline = async (roots: string[], expected: number, runs: number): Promise<{ rates: number[]; peaks: number[] }> => {
    const rates: number[] = [];
    const peaks: number[] = [];
    for (let r = 0; r < runs; r++) {
      const dir = await mkdtemp(join(tmpdir(), 'shoebox-bench-'));
      const ctx = openLibrary(dir);
      chooseModel(ctx, modelDir);
      const active = { model: ClipModel.open(modelDir), record: ctx.vectors.model(VITB32, 'vitb32', 512) };
      await active.model.embedImages(new Float32Array(3 * 224 * 224), 1); // load the session outside the timing
      let peak = 0;
      const base = process.memoryUsage().rss;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      try {
        const s = await indexRoots(ctx, active, roots, { batchSize: await batchSizeFor(ctx, active) });
        if (s.added !== expected) notes.push(`a run indexed ${s.added} of ${expected} (${s.errors} errors)`);
        rates.push(s.added / s.seconds);
      } finally {
        clearInterval(timer);
        peaks.push((Math.max(peak, process.memoryUsage().rss) - base) / 2 ** 20);
        await active.model.release();
        closeLibrary(ctx);
        await rm(dir, { recursive: true, force: true });
      }
    }
    return { rates, peaks };
  };
  const jpegRun = await pipeline([join(photos.dir, 'jpeg')], photos.jpegs.length, RUNS);
  const full = jpegRun.rates;
  rows.push(rateRow('Shoebox full pipeline (indexRoots, batch 16) on the JPEGs', full));
  const ps = summarize(jpegRun.peaks);
  rows.push({ label: 'Shoebox pipeline: peak RSS above the loaded process', unit: 'MiB', median: ps.median, min: ps.min, max: ps.max, n: ps.n });
  const mixRun = await pipeline([photos.dir], photos.files.length, 1);
  rows.push(rateRow('Shoebox full pipeline on the mix (JPEG + PNG + HEIC)', mixRun.rates));
  const fullMed = summarize(full).median;
  const tjsMed = summarize(tjs).median;
  goals.push({ goal: 'full pipeline vs bound (JPEGs)', target: '≥ 0.9× bound', measured: `${(fullMed / bound).toFixed(2)}× (${fullMed.toFixed(1)} of ${bound.toFixed(1)} photos/s)`, met: fullMed >= 0.9 * bound });
  goals.push({ goal: 'full pipeline vs Transformers.js (JPEGs)', target: '≥ 5×', measured: `${(fullMed / tjsMed).toFixed(1)}×`, met: fullMed >= 5 * tjsMed });
  const sizes = await Promise.all(photos.files.map(async (f) => (await readFile(f)).length));
  notes.push(
    `${photos.files.length} photos: ${photos.files.filter((f) => f.endsWith('.jpg')).length} 12 MP JPEGs (mean ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1e6).toFixed(1)} MB over all files), ` +
      `${photos.files.filter((f) => f.endsWith('.png')).length} PNG screenshots, ${photos.heicNote}. Rates are photos/s over the whole set, ${RUNS} runs each; best R_inf batch: ${best.batch}.`,
    'The model is a random-weight CLIP ViT-B/32 in the real export\'s shapes (bench/models/export_vitb32.py), so costs are the real ones but the int8 drift is only indicative: real weights have outliers that random ones lack.',
  );
  return { name: 'indexing', title: 'Indexing throughput (12 MP photos, ViT-B/32 fp32, CPU)', date: new Date().toISOString(), machine: m, rows, goals, notes };
}

/** In its own process: Transformers.js brings its own onnxruntime-node (1.30), which cannot share a process with ours (1.23). */
function transformersInChild(files: string[], threads: number): number[] {
  const run = fileURLToPath(new URL('./run.js', import.meta.url));
  const r = spawnSync(process.execPath, [run, '--child', 'transformers', String(threads), ...files], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`Transformers.js child failed (${r.status})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as number[];
}
