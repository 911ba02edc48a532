/** shoebox search | similar | tokenize */
import type { Command } from './command.js';
import { positiveInt } from '../args.js';
import { ShoeboxError } from '../../core/util/errors.js';
import type { SearchHit, TextSearchAnswer } from '../../app/use-cases/search.js';
import { PHOTO_KINDS, type PhotoKind, type SearchFilters } from '../../core/domain/search.js';

const limitOption = { limit: { type: 'string', short: 'n' } } as const;
const filterOptions = {
  from: { type: 'string' },
  to: { type: 'string' },
  camera: { type: 'string' },
  place: { type: 'string' },
  folder: { type: 'string' },
  kind: { type: 'string' },
} as const;

function printResults(results: SearchHit[]): string[] {
  if (results.length === 0) return ['No photos indexed yet: run `shoebox index <folder>` first.'];
  return results.map((r, i) => `${String(i + 1).padStart(3)}. ${r.score.toFixed(4)}  ${r.path}`);
}

const pathAndScore = (results: SearchHit[]): { path: string; score: number; match: boolean }[] =>
  results.map(({ path, score, match }) => ({ path, score, match }));

/** The filters given as options (explicit: they win over what the text says). */
function filtersOf(values: Record<string, unknown>): SearchFilters {
  const kind = values.kind as string | undefined;
  if (kind !== undefined && !(PHOTO_KINDS as readonly string[]).includes(kind)) {
    throw new ShoeboxError('usage', `--kind is ${PHOTO_KINDS.join(' or ')}, not "${kind}".`);
  }
  const text = (k: string): string | undefined => (typeof values[k] === 'string' && (values[k] as string).trim()) || undefined;
  return { from: text('from'), to: text('to'), camera: text('camera'), place: text('place'), folder: text('folder'), kind: kind as PhotoKind | undefined };
}

function describe(found: TextSearchAnswer): string[] {
  const q = found.query;
  const understood = [
    q.text && `"${q.text}"`,
    ...q.exclude.map((e) => `not "${e}"`),
    q.from && `from ${q.from}`,
    q.to && `to ${q.to}`,
    q.place && `in ${q.place}`,
    q.camera && `camera ${q.camera}`,
    q.folder && `folder ${q.folder}`,
    q.kind && `${q.kind}s`,
  ].filter(Boolean);
  const head = `Searched ${understood.join(', ')}: ${found.matches} ${found.matches === 1 ? 'match' : 'matches'} among ${found.considered} photos.`;
  if (found.results.length === 0) return [head];
  const lines = [head];
  let weaker = false;
  found.results.forEach((r, i) => {
    if (!r.match && !weaker) {
      weaker = true;
      lines.push(found.matches === 0 ? 'No photos match; the closest:' : 'Weaker results:');
    }
    lines.push(`${String(i + 1).padStart(3)}. ${r.score.toFixed(4)}  ${r.path}`);
  });
  return lines;
}

export const searchCommand: Command = {
  name: 'search',
  summary:
    'search <text>      photos that match a description, best first (--limit N, default 20; --from/--to DATE, --camera, --place, --folder, --kind photo|screenshot; --all: the weaker ones too; dates, cameras, folders, places, screenshots and -exclusions in the text are understood, flags win; --literal: the text as written)',
  options: { ...limitOption, ...filterOptions, all: { type: 'boolean' }, literal: { type: 'boolean' }, today: { type: 'string' } },
  async run(s, positionals, values) {
    const text = positionals.join(' ');
    const filters = filtersOf(values);
    if (!text.trim() && !Object.values(filters).some(Boolean)) {
      throw new ShoeboxError('usage', 'Say what to look for: shoebox search "a dog on a beach".');
    }
    const today = typeof values.today === 'string' ? values.today.trim() : undefined;
    if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new ShoeboxError('usage', `--today is YYYY-MM-DD, not "${today}".`);
    const found = await s.app.search.text({
      text,
      limit: positiveInt(values.limit as string | undefined, 'limit', 20),
      all: values.all === true,
      parse: values.literal !== true,
      today,
      ...filters,
    });
    const q = found.query;
    const query = {
      text: q.text,
      exclude: q.exclude,
      from: q.from ?? null,
      to: q.to ?? null,
      place: q.place ?? null,
      camera: q.camera ?? null,
      folder: q.folder ?? null,
      kind: q.kind ?? null,
    };
    const understood = found.understood.map((u) => ({ kind: u.kind, value: u.value, words: text.trim().slice(u.start, u.end) }));
    s.out.result({ results: pathAndScore(found.results), query, understood, matches: found.matches, place: found.place }, () => describe(found));
  },
};

export const similarCommand: Command = {
  name: 'similar',
  summary:
    'similar <photo>    photos that look like this one, or like several (more like these), with --text "at night" added (--limit N, default 20; the same filters as search)',
  options: { ...limitOption, ...filterOptions, text: { type: 'string' } },
  async run(s, positionals, values) {
    if (!positionals.length) throw new ShoeboxError('usage', 'Name a photo: shoebox similar ~/Pictures/IMG_0042.jpg');
    const limit = positiveInt(values.limit as string | undefined, 'limit', 20);
    const text = typeof values.text === 'string' ? values.text.trim() : '';
    const results =
      positionals.length === 1 && !text
        ? await s.app.search.similar({ path: positionals[0]! }, limit, filtersOf(values))
        : await s.app.search.likeThese(positionals.map((path) => ({ path })), text, limit, filtersOf(values));
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
