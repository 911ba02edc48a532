/** Texts (queries, folder descriptions) → unit vectors, cached per model in the database. */
import type { LibraryContext } from '../context.js';
import type { ActiveModel } from '../models/active-model.js';

export async function encodeTexts(ctx: LibraryContext, active: ActiveModel, texts: string[]): Promise<Float32Array[]> {
  const out: (Float32Array | undefined)[] = texts.map((t) => ctx.vectors.textVector(active.record.id, t));
  const missing = texts.filter((_, i) => !out[i]);
  if (missing.length) {
    const vecs = await active.model.embedTexts(missing);
    missing.forEach((t, i) => ctx.vectors.putTextVector(active.record.id, t, vecs[i]!));
    let j = 0;
    for (let i = 0; i < out.length; i++) if (!out[i]) out[i] = vecs[j++];
  }
  return out as Float32Array[];
}
