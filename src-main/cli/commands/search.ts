/** shoebox search | similar | tokenize */
import type { Command } from './command.js';
import { Searcher, type SearchResult } from '../../core/search/search.js';
import { loadModelAndIndex } from '../../core/search/load-index.js';
import { positiveInt } from '../args.js';
import { ShoeboxError } from '../../core/util/errors.js';
import { modelSettings } from '../../core/models/active-model.js';
import { readModelFolder } from '../../core/models/model-folder.js';
import { TextTokenizer } from '../../core/models/tokenizer.js';

const limitOption = { limit: { type: 'string', short: 'n' } } as const;

function printResults(results: SearchResult[]): string {
  if (results.length === 0) return 'No photos indexed yet: run `shoebox index <folder>` first.';
  return results.map((r, i) => `${String(i + 1).padStart(3)}. ${r.score.toFixed(4)}  ${r.path}`).join('\n');
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'search <text>      photos that match a description, best first (--limit N, default 20)',
  options: limitOption,
  async run(s, positionals, values) {
    const text = positionals.join(' ');
    if (!text.trim()) throw new ShoeboxError('usage', 'Say what to look for: shoebox search "a dog on a beach".');
    const { active, index } = await loadModelAndIndex(s.ctx, () => s.model()); // side by side
    const searcher = new Searcher(s.ctx, active, index);
    const results = await searcher.byText(text, positiveInt(values.limit as string | undefined, 'limit', 20));
    s.out.result({ query: text, results: results.map(({ path, score }) => ({ path, score })) }, () => printResults(results));
  },
};

export const similarCommand: Command = {
  name: 'similar',
  summary: 'similar <photo>    photos that look like this one (--limit N, default 20)',
  options: limitOption,
  async run(s, positionals, values) {
    const [path] = positionals;
    if (!path) throw new ShoeboxError('usage', 'Name a photo: shoebox similar ~/Pictures/IMG_0042.jpg');
    const { active, index } = await loadModelAndIndex(s.ctx, () => s.model()); // side by side
    const searcher = new Searcher(s.ctx, active, index);
    const results = await searcher.similar({ path }, positiveInt(values.limit as string | undefined, 'limit', 20));
    s.out.result({ results: results.map(({ path: p, score }) => ({ path: p, score })) }, () => printResults(results));
  },
};

export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: "tokenize <text>    the model tokenizer's ids for a text (start and end tokens included)",
  options: {},
  async run(s, positionals) {
    const settings = modelSettings(s.ctx);
    if (!settings) throw new ShoeboxError('no_model', 'No model chosen yet: pass --model <folder>.');
    const tokenizer = new TextTokenizer(readModelFolder(settings.dir));
    const ids = tokenizer.encode(positionals.join(' '));
    s.out.result({ ids }, () => ids.join(' '));
  },
};
