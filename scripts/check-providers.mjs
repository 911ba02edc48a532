#!/usr/bin/env node
// GPU-vs-CPU correctness check: embeds the same photos and texts with every
// ONNX Runtime execution provider available on this machine (CUDA, DirectML,
// CoreML, WebGPU) and compares each with the CPU provider. A provider passes
// when every image and text embedding has cosine > 0.999 with the CPU's.
// Prints a table (or JSON with --json); exit 1 if a provider that ran fails.
//
//   npx tsc -p tsconfig.json && node scripts/check-providers.mjs [--model <dir>]... [--threshold 0.999] [--json]
//
// Without --model it checks the test models in test/fixtures/models/ (tiny-clip,
// and tiny-siglip-ko when present). Runs anywhere: where no GPU provider exists
// it says why each was skipped and exits 0.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

const root = resolve(new URL('..', import.meta.url).pathname);
const dist = join(root, 'dist');
if (!existsSync(join(dist, 'src-main', 'core', 'models', 'clip-model.js'))) {
  console.error('Build first: npx tsc -p tsconfig.json');
  process.exit(2);
}
const { ClipModel } = await import(join(dist, 'src-main/core/models/clip-model.js'));
const { unavailableReason } = await import(join(dist, 'src-main/core/models/accelerators.js'));
const { decodePhoto } = await import(join(dist, 'src-main/core/imaging/decode.js'));
const { generatePhotos } = await import(join(dist, 'test/fixtures/synth/photos.js'));
const ort = await import('onnxruntime-node');

const { values } = parseArgs({
  options: {
    model: { type: 'string', multiple: true },
    threshold: { type: 'string', default: '0.999' },
    json: { type: 'boolean', default: false },
    providers: { type: 'string' },
  },
});
const threshold = Number(values.threshold);
const models = values.model?.length
  ? values.model.map((m) => resolve(m))
  : ['tiny-clip', 'tiny-siglip-ko'].map((m) => join(root, 'test', 'fixtures', 'models', m)).filter((d) => existsSync(d));
const GPU = values.providers ? values.providers.split(',') : ['cuda', 'dml', 'coreml', 'webgpu'];
const TEXTS = ['a photo of a red circle', 'a blue star on a white background', 'yellow', '빨간 원 사진', 'a close-up photo of a green triangle at night'];

const work = mkdtempSync(join(tmpdir(), 'shoebox-providers-'));
const photos = await generatePhotos({ outDir: work, count: 8, seed: 31337, format: 'mixed' });

function minCosine(a, b) {
  let min = 1;
  for (let i = 0; i < a.length; i++) {
    let s = 0;
    for (let k = 0; k < a[i].length; k++) s += a[i][k] * b[i][k];
    min = Math.min(min, s);
  }
  return min;
}

async function embed(dir, accelerator) {
  const model = ClipModel.open(dir, { accelerator });
  try {
    const spec = model.folder.preprocess;
    const per = 3 * spec.width * spec.height;
    const pixels = new Float32Array(per * photos.length);
    for (const [i, p] of photos.entries()) pixels.set((await decodePhoto(readFileSync(p.file), spec)).pixels, i * per);
    const t0 = performance.now();
    const images = await model.embedImages(pixels, photos.length);
    const texts = await model.embedTexts(TEXTS);
    const ms = performance.now() - t0;
    const towers = await model.towerProviders();
    return { images, texts, ms, towers };
  } finally {
    await model.release();
  }
}

const rows = [];
let failed = false;
try {
  for (const dir of models) {
    const cpu = await embed(dir, 'cpu');
    rows.push({ model: dir, provider: 'cpu', status: 'reference', images: 1, texts: 1, ms: cpu.ms });
    for (const provider of GPU) {
      const missing = unavailableReason(provider);
      if (missing) {
        rows.push({ model: dir, provider, status: 'skipped', reason: missing });
        continue;
      }
      let r;
      try {
        r = await embed(dir, provider);
      } catch (err) {
        rows.push({ model: dir, provider, status: 'error', reason: String(err?.message ?? err).split('\n')[0] });
        failed = true;
        continue;
      }
      const fellBack = ['vision', 'text'].filter((t) => r.towers[t]?.provider !== provider);
      if (fellBack.length) {
        const why = fellBack.map((t) => r.towers[t]?.skipped.find((s) => s.provider === provider)?.reason ?? 'fell back to the CPU').join('; ');
        rows.push({ model: dir, provider, status: 'skipped', reason: `${fellBack.join(' and ')} tower(s) could not run on ${provider}: ${why}` });
        continue;
      }
      const images = minCosine(r.images, cpu.images);
      const texts = minCosine(r.texts, cpu.texts);
      const ok = images > threshold && texts > threshold;
      failed ||= !ok;
      rows.push({ model: dir, provider, status: ok ? 'pass' : 'FAIL', images, texts, ms: r.ms });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const env = { node: process.version, platform: `${process.platform}-${process.arch}`, onnxruntime: ort.env.versions?.common ?? '?', backends: ort.listSupportedBackends().map((b) => b.name) };
if (values.json) {
  console.log(JSON.stringify({ threshold, env, rows }, null, 2));
} else {
  console.log(`ONNX Runtime ${env.onnxruntime} on ${env.platform}, node ${env.node}; backends in this build: ${env.backends.join(', ')}`);
  console.log(`Each provider vs CPU: minimum cosine over ${photos.length} photos and ${TEXTS.length} texts (pass: > ${threshold})\n`);
  const name = (d) => d.split(/[\\/]/).pop();
  const line = (c) => c.map((x, i) => String(x).padEnd([18, 8, 10, 10, 10, 9][i] ?? 0)).join(' ');
  console.log(line(['model', 'provider', 'status', 'images', 'texts', 'ms']));
  for (const r of rows) {
    const f = (x) => (typeof x === 'number' ? x.toFixed(6) : '-');
    console.log(line([name(r.model), r.provider, r.status, f(r.images), f(r.texts), r.ms ? r.ms.toFixed(0) : '-']) + (r.reason ? `  ${r.reason}` : ''));
  }
  if (!rows.some((r) => r.status === 'pass' || r.status === 'FAIL')) console.log('\nNo GPU provider could run here: nothing to compare (CPU only).');
}
process.exit(failed ? 1 : 0);
