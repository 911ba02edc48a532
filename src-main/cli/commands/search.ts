/** shoebox search | similar | tokenize */
import type { Command } from './command.js';
import { positiveInt } from '../args.js';
import { ShoeboxError } from '../../core/util/errors.js';
import type { SearchHit } from '../../app/use-cases/search.js';

const limitOption = { limit: { type: 'string', short: 'n' } } as const;

function printResults(results: SearchHit[]): string[] {
  if (results.length === 0) return ['No photos indexed yet: run `shoebox index <folder>` first.'];
  return results.map((r, i) => `${String(i + 1).padStart(3)}. ${r.score.toFixed(4)}  ${r.path}`);
}

const pathAndScore = (results: SearchHit[]): { path: string; score: number }[] => results.map(({ path, score }) => ({ path, score }));

export const searchCommand: Command = {
  name: 'search',
  summary: 'search <text>      photos that match a description, best first (--limit N, default 20)',
  options: limitOption,
  async run(s, positionals, values) {
    const text = positionals.join(' ');
    if (!text.trim()) throw new ShoeboxError('usage', 'Say what to look for: shoebox search "a dog on a beach".');
    const results = await s.app.search.text(text, positiveInt(values.limit as string | undefined, 'limit', 20));
    s.out.result({ query: text, results: pathAndScore(results) }, () => printResults(results));
  },
};

export const similarCommand: Command = {
  name: 'similar',
  summary: 'similar <photo>    photos that look like this one (--limit N, default 20)',
  options: limitOption,
  async run(s, positionals, values) {
    const [path] = positionals;
    if (!path) throw new ShoeboxError('usage', 'Name a photo: shoebox similar ~/Pictures/IMG_0042.jpg');
    const results = await s.app.search.similar({ path }, positiveInt(values.limit as string | undefined, 'limit', 20));
    s.out.result({ results: pathAndScore(results) }, () => printResults(results));
  },
};

export const tokenizeCommand: Command = {
  name: 'tokenize',
  summary: "tokenize <text>    the model tokenizer's ids for a text (start and end tokens included)",
  options: {},
  async run(s, positionals) {
    const ids = s.app.models.tokenize(positionals.join(' '));
    s.out.result({ ids }, () => ids.join(' '));
  },
};
