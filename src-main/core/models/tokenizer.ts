/** Text → token ids with the model's own tokenizer.json (via @huggingface/tokenizers). */
import { Tokenizer } from '@huggingface/tokenizers';
import type { ModelFolder } from './model-folder.js';
import { clipCleanText } from './clip-text-clean.js';

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
  /** OpenAI's CLIP BPE family cleans text (ftfy, HTML entities, whitespace) before its BPE; SigLIP / Gemma tokenizers do not. */
  private readonly clean: ((text: string) => string) | undefined;

  constructor(private readonly model: Pick<ModelFolder, 'tokenizerJson' | 'tokenizerConfig' | 'contextLength' | 'padToContext'>) {
    this.tok = new Tokenizer(model.tokenizerJson, model.tokenizerConfig);
    const cfg = model.tokenizerConfig;
    const tokenName = (v: unknown): string | undefined =>
      typeof v === 'string' ? v : v && typeof v === 'object' ? String((v as { content?: unknown }).content) : undefined;
    const eos = tokenName(cfg.eos_token);
    const pad = tokenName(cfg.pad_token);
    this.eosId = eos !== undefined ? this.tok.token_to_id(eos) : undefined;
    this.padId = (pad !== undefined ? this.tok.token_to_id(pad) : undefined) ?? this.eosId ?? 0;
    this.clean = isClipBpe(model) ? clipCleanText : undefined;
  }

  /** Ids with the model's special tokens, cut to the context length keeping the end token last. */
  encode(text: string): number[] {
    const ids = this.tok.encode(this.clean ? this.clean(text) : text).ids;
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

/**
 * Whether the tokenizer is OpenAI's CLIP BPE (or a copy of it, as OpenCLIP's):
 * its config names CLIPTokenizer, or its vocabulary has CLIP's own start token
 * (Immich's folders may have no tokenizer_config.json).
 */
export function isClipBpe(model: Pick<ModelFolder, 'tokenizerJson' | 'tokenizerConfig'>): boolean {
  if (/^CLIPTokenizer/.test(String(model.tokenizerConfig.tokenizer_class ?? ''))) return true;
  const added = (model.tokenizerJson as { added_tokens?: { content?: unknown }[] }).added_tokens ?? [];
  return added.some((t) => t.content === '<|startoftext|>');
}
