/** Text → token ids with the model's own tokenizer.json (via @huggingface/tokenizers). */
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelFolder } from './model-folder.js';

export interface TokenBatch {
  ids: BigInt64Array;
  mask: BigInt64Array;
  /** tokens per text after padding */
  length: number;
  count: number;
}

export class TextTokenizer {
  private readonly tok: Tokenizer;
  private readonly padId: number;
  private readonly eosId: number | undefined;

  constructor(private readonly model: Pick<ModelFolder, 'tokenizerJson' | 'tokenizerConfig' | 'contextLength' | 'padToContext'>) {
    this.tok = new Tokenizer(model.tokenizerJson, model.tokenizerConfig);
    const cfg = model.tokenizerConfig;
    const tokenName = (v: unknown): string | undefined =>
      typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as { content?: unknown }).content) : undefined;
    const eos = tokenName(cfg.eos_token);
    const pad = tokenName(cfg.pad_token);
    this.eosId = eos !== undefined ? this.tok.token_to_id(eos) : undefined;
    this.padId = (pad !== undefined ? this.tok.token_to_id(pad) : undefined) ?? this.eosId ?? 0;
  }

  /** Ids with the model's special tokens, cut to the context length keeping the end token last. */
  encode(text: string): number[] {
    const ids = this.tok.encode(text).ids;
    const max = this.model.contextLength;
    if (ids.length <= max) return ids;
    const last = ids[ids.length - 1]!;
    const cut = ids.slice(0, max);
    // CLIP pools at its end-of-text token: keep it, like HF's truncation does.
    if (last === this.eosId) cut[max - 1] = last;
    return cut;
  }

  /** A batch padded to the longest text, or to the full context where the model needs it. */
  batch(texts: string[], fixedLength?: number): TokenBatch {
    const encoded = texts.map((t) => this.encode(t));
    const length =
      fixedLength ?? (this.model.padToContext ? this.model.contextLength : Math.max(1, ...encoded.map((e) => e.length)));
    const ids = new BigInt64Array(texts.length * length).fill(BigInt(this.padId));
    const mask = new BigInt64Array(texts.length * length);
    encoded.forEach((e, i) => {
      e.forEach((id, j) => {
        ids[i * length + j] = BigInt(id);
        mask[i * length + j] = 1n;
      });
    });
    return { ids, mask, length, count: texts.length };
  }
}
