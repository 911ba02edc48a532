/**
 * The search box's understanding of a query, in English and Korean: dates
 * (years, months, days, ranges, seasons, "last year", "작년", "지난달"), cameras,
 * folders and places that occur in the library, screenshots, and exclusions
 * (`-red`, `-"red car"`, "without people", "사람 빼고"). What it understands
 * becomes filters, each with the span of the text it came from (the window's
 * chips); the rest goes to the model as words.
 *
 * Pure and browser-safe: the CLI and the API parse with it, and the window
 * rebuilds the model's words with it when a chip is removed.
 */
import type { PhotoKind, UnderstoodQuery } from './search.js';

/** What the library has, for the parser to recognise: only these are turned into filters. */
export interface QueryVocabulary {
  /** cameras as the library names them ("Canon Canon EOS 80D", "Apple iPhone 12") */
  cameras?: readonly string[] | undefined;
  /** sorting folders' and photo folders' names */
  folders?: readonly string[] | undefined;
  /** place names (English and Korean) that occur in the library */
  places?: readonly string[] | undefined;
  /** or: the place a phrase names ("busan", "부산"), as the filter takes it; undefined when none */
  matchPlace?: ((phrase: string) => string | undefined) | undefined;
}

export type UnderstoodKind = 'date' | 'camera' | 'folder' | 'place' | 'kind' | 'exclude';

/** One thing understood, with where it was written (a chip). */
export interface Understood {
  kind: UnderstoodKind;
  /** the filter's value: a camera, folder or place name, a kind, an excluded term; for a date "from..to" */
  value: string;
  /** dates: the bounds (either may be missing: "since 2020") */
  from?: string | undefined;
  to?: string | undefined;
  /** the span of the text it came from (connecting words like "in", "from" included) */
  start: number;
  end: number;
}

export interface ParsedQuery extends UnderstoodQuery {
  understood: Understood[];
}

export interface ParseOptions {
  /** today's date (YYYY-MM-DD or a Date, local), for "last year", "지난달", "March" */
  today?: string | Date | undefined;
}

// ---------------------------------------------------------------- tokens

interface Token {
  raw: string;
  start: number;
  end: number;
  /** lower case, without surrounding punctuation */
  norm: string;
  /** a Korean particle taken off the end ("부산에서" → stem 부산, particle 에서) */
  stem: string;
  particle: string;
  /** "…" written in quotes: always words */
  quoted: boolean;
  used: boolean;
}

const PARTICLES = [
  '에서부터', '에서까지', '에서도', '에서는', '에서의', '에서', '으로는', '으로', '부터', '까지', '이랑', '에는', '에도', '에의',
  '의', '에', '로', '와', '과', '랑', '은', '는', '이', '가', '을', '를', '도', '만',
];
const HANGUL = /[\uac00-\ud7a3]/;

function splitParticle(norm: string): [string, string] {
  if (!HANGUL.test(norm.slice(-1))) return [norm, ''];
  for (const p of PARTICLES) if (norm.length > p.length && norm.endsWith(p)) return [norm.slice(0, -p.length), p];
  return [norm, ''];
}

/** An excluded Korean word without its topic or object particle (사람은 → 사람; 고양이 stays: 이 may be the word's own). */
function excludedWord(word: string): string {
  const m = /^(.+?)(은|는|을|를|도|만|이랑|랑)$/.exec(word);
  return m && HANGUL.test(m[1]!) ? m[1]! : word;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/-?"[^"]*"?|\S+/g)) {
    const raw = m[0];
    const quoted = raw.replace(/^-/, '').startsWith('"');
    const norm = quoted ? raw.toLocaleLowerCase() : raw.toLocaleLowerCase().replace(/^[,.;:!?()[\]{}'“”‘’]+|[,.;:!?()[\]{}'“”‘’]+$/g, '');
    const [stem, particle] = quoted ? [norm, ''] : splitParticle(norm);
    tokens.push({ raw, start: m.index, end: m.index + raw.length, norm, stem, particle, quoted, used: false });
  }
  return tokens.filter((t) => t.norm !== '');
}

// ---------------------------------------------------------------- dates

interface Ymd {
  y: number;
  m: number;
  d: number;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
/** Month words that are also common words: alone they need a connector, a year or a capital. */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'apr', 'feb']);

type Season = 'spring' | 'summer' | 'autumn' | 'winter';
const SEASONS: Record<string, Season> = {
  spring: 'spring', summer: 'summer', autumn: 'autumn', fall: 'autumn', winter: 'winter',
  봄: 'spring', 여름: 'summer', 가을: 'autumn', 겨울: 'winter',
};
const SEASON_START: Record<Season, number> = { spring: 3, summer: 6, autumn: 9, winter: 12 };

const pad = (n: number): string => String(n).padStart(2, '0');
const ym = (y: number, m: number): string => `${y}-${pad(m)}`;
const ymdText = (d: Ymd): string => `${d.y}-${pad(d.m)}-${pad(d.d)}`;

function addDays(d: Ymd, n: number): Ymd {
  const t = new Date(Date.UTC(d.y, d.m - 1, d.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}
function addMonths(y: number, m: number, n: number): [number, number] {
  const k = y * 12 + (m - 1) + n;
  return [Math.floor(k / 12), (k % 12) + 1];
}
function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
const isYear = (n: number): boolean => n >= 1900 && n <= 2100;

function seasonRange(y: number, s: Season): [string, string] {
  const start = SEASON_START[s];
  const [ey, em] = addMonths(y, start, 2);
  return [ym(y, start), ym(ey, em)];
}
/** The season that began most recently on or before today (`last`: the one before the one we are in). */
function recentSeason(today: Ymd, s: Season, last: boolean): [string, string] {
  const start = SEASON_START[s];
  let y = today.m >= start ? today.y : today.y - 1;
  if (s === 'winter' && today.m <= 2) y = today.y - 1;
  const [ey, em] = addMonths(y, start, 2);
  const inside = today.y * 12 + today.m <= ey * 12 + em;
  if (last && inside) y -= 1;
  return seasonRange(y, s);
}
/** The month's latest occurrence, this year or last. */
const recentMonth = (today: Ymd, m: number): number => (m <= today.m ? today.y : today.y - 1);

interface DateAtom {
  len: number;
  from: string;
  to: string;
}

const isNum = (s: string, re: RegExp): RegExpExecArray | null => re.exec(s);

/** A date expression starting at token i, or undefined. */
function dateAtom(t: Token[], i: number, today: Ymd): DateAtom | undefined {
  const at = (k: number): Token | undefined => (t[i + k] && !t[i + k]!.used && !t[i + k]!.quoted ? t[i + k] : undefined);
  const a = at(0);
  if (!a) return undefined;
  const w = a.norm;
  const s = a.stem;
  const next = (k: number): string => at(k)?.norm ?? '';
  const nextStem = (k: number): string => at(k)?.stem ?? '';
  let m: RegExpExecArray | null;

  // Korean: 2023년 [7월 [14일]] / 2023년 여름 / 7월 [14일]
  if ((m = isNum(s, /^(\d{4})년(?:(\d{1,2})월(?:(\d{1,2})일)?)?$/)) && isYear(Number(m[1]))) {
    const y = Number(m[1]);
    if (m[3] && validDay(y, Number(m[2]), Number(m[3]))) return day({ y, m: Number(m[2]), d: Number(m[3]) }, 1);
    if (m[2]) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? month(y, Number(m[2]), 1) : undefined;
    const mm = /^(\d{1,2})월$/.exec(a.particle ? '' : nextStem(1));
    if (mm && Number(mm[1]) >= 1 && Number(mm[1]) <= 12) {
      const dd = /^(\d{1,2})일$/.exec(at(1)!.particle ? '' : nextStem(2));
      if (dd && validDay(y, Number(mm[1]), Number(dd[1]))) return day({ y, m: Number(mm[1]), d: Number(dd[1]) }, 3);
      return month(y, Number(mm[1]), 2);
    }
    const season = a.particle ? undefined : SEASONS[nextStem(1)];
    if (season) return range(seasonRange(y, season), 2);
    return range([String(y), String(y)], 1);
  }
  if ((m = isNum(s, /^(\d{1,2})월(?:(\d{1,2})일)?$/)) && Number(m[1]) >= 1 && Number(m[1]) <= 12) {
    const mo = Number(m[1]);
    const y = recentMonth(today, mo);
    if (m[2] && validDay(y, mo, Number(m[2]))) return day({ y, m: mo, d: Number(m[2]) }, 1);
    const dd = /^(\d{1,2})일$/.exec(a.particle ? '' : nextStem(1));
    if (dd && validDay(y, mo, Number(dd[1]))) return day({ y, m: mo, d: Number(dd[1]) }, 2);
    return month(y, mo, 1);
  }
  // 2023-07-14, 2023.7.14, 2023/07
  if ((m = isNum(s, /^(\d{4})[-./](\d{1,2})(?:[-./](\d{1,2}))?\.?$/)) && isYear(Number(m[1]))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (m[3]) return validDay(y, mo, Number(m[3])) ? day({ y, m: mo, d: Number(m[3]) }, 1) : undefined;
    return mo >= 1 && mo <= 12 ? month(y, mo, 1) : undefined;
  }
  // 2021-2023, 2021~2023
  if ((m = isNum(s, /^(\d{4})[-–~](\d{4})$/)) && isYear(Number(m[1])) && isYear(Number(m[2])) && Number(m[1]) <= Number(m[2])) {
    return range([m[1]!, m[2]!], 1);
  }
  // 2023 [July | summer]
  if ((m = isNum(s, /^(\d{4})$/)) && isYear(Number(m[1]))) {
    const y = Number(m[1]);
    const mo = MONTHS[next(1)];
    if (mo) return month(y, mo, 2);
    const season = SEASONS[next(1)];
    if (season) return range(seasonRange(y, season), 2);
    return range([String(y), String(y)], 1);
  }
  // July [14[,]] [2023] / 14 July 2023
  const mo = MONTHS[w];
  if (mo) {
    let len = 1;
    let d: number | undefined;
    const dm = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(next(1));
    if (dm) {
      d = Number(dm[1]);
      len = 2;
    }
    const ym_ = /^(\d{4})$/.exec(next(len) || '') ?? (next(len) === 'of' ? /^(\d{4})$/.exec(next(len + 1)) : null);
    if (ym_ && isYear(Number(ym_[1]))) {
      const y = Number(ym_[1]);
      len += next(len) === 'of' ? 2 : 1;
      if (d !== undefined) return validDay(y, mo, d) ? day({ y, m: mo, d }, len) : undefined;
      return month(y, mo, len);
    }
    const y = recentMonth(today, mo);
    if (d !== undefined) return validDay(y, mo, d) ? day({ y, m: mo, d }, len) : undefined;
    const capital = /^[A-Z]/.test(a.raw);
    const before = t[i - 1] && !t[i - 1]!.used ? t[i - 1]!.norm : '';
    if (AMBIGUOUS_MONTHS.has(w) && !capital && !DATE_CONNECTORS.has(before)) return undefined;
    return month(y, mo, 1);
  }
  {
    const dm = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(w);
    const mo2 = MONTHS[next(1)];
    if (dm && mo2) {
      const yy = /^(\d{4})$/.exec(next(2));
      const y = yy && isYear(Number(yy[1])) ? Number(yy[1]) : recentMonth(today, mo2);
      return validDay(y, mo2, Number(dm[1])) ? day({ y, m: mo2, d: Number(dm[1]) }, yy ? 3 : 2) : undefined;
    }
  }
  // summer [of] 2023 / summer (with a connector)
  const season = SEASONS[w] ?? SEASONS[s];
  if (season && !HANGUL.test(w)) {
    const yy = /^(\d{4})$/.exec(next(1)) ?? (next(1) === 'of' ? /^(\d{4})$/.exec(next(2)) : null);
    if (yy && isYear(Number(yy[1]))) return range(seasonRange(Number(yy[1]), season), next(1) === 'of' ? 3 : 2);
    const before = t[i - 1] && !t[i - 1]!.used ? t[i - 1]!.norm : '';
    if (DATE_CONNECTORS.has(before)) return range(recentSeason(today, season, false), 1);
    return undefined;
  }
  if (season && a.particle === '에') return range(recentSeason(today, season, false), 1);

  // relative, English
  const two = `${w} ${next(1)}`;
  const three = `${two} ${next(2)}`;
  if (w === 'today') return day(today, 1);
  if (w === 'yesterday') return day(addDays(today, -1), 1);
  if (two === 'this year') return range([String(today.y), String(today.y)], 2);
  if (two === 'last year') return range([String(today.y - 1), String(today.y - 1)], 2);
  if (three === 'the year before' && next(3) === 'last') return range([String(today.y - 2), String(today.y - 2)], 4);
  if (two === 'this month') return month(today.y, today.m, 2);
  if (two === 'last month') return month(...addMonths(today.y, today.m, -1), 2);
  if (two === 'this week' || two === 'last week') {
    const monday = addDays(today, -((new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay() + 6) % 7) - (w === 'last' ? 7 : 0));
    return range([ymdText(monday), ymdText(addDays(monday, 6))], 2);
  }
  if ((w === 'this' || w === 'last') && SEASONS[next(1)]) return range(recentSeason(today, SEASONS[next(1)]!, w === 'last'), 2);
  if ((m = /^(\d{1,2})$/.exec(w)) && /^(years?|months?)$/.test(next(1)) && next(2) === 'ago') {
    const n = Number(m[1]);
    if (next(1).startsWith('year')) return range([String(today.y - n), String(today.y - n)], 3);
    return month(...addMonths(today.y, today.m, -n), 3);
  }
  // relative, Korean
  if (s === '오늘') return day(today, 1);
  if (s === '어제') return day(addDays(today, -1), 1);
  if (s === '그저께' || s === '그제') return day(addDays(today, -2), 1);
  if (s === '올해' || s === '금년' || s === '올해에') return yearOr(today.y, SEASONS[nextStem(1)], a.particle, 1);
  if (s === '작년' || s === '지난해' || s === '작년도') return yearOr(today.y - 1, SEASONS[nextStem(1)], a.particle, 1);
  if (s === '재작년') return yearOr(today.y - 2, SEASONS[nextStem(1)], a.particle, 1);
  if (s === '지난' && nextStem(1) === '해') return range([String(today.y - 1), String(today.y - 1)], 2);
  if (s === '이번달' || (s === '이번' && nextStem(1) === '달')) return month(today.y, today.m, s === '이번' ? 2 : 1);
  if (s === '지난달' || s === '저번달' || ((s === '지난' || s === '저번') && nextStem(1) === '달')) return month(...addMonths(today.y, today.m, -1), s.endsWith('달') ? 1 : 2);
  if (s === '이번주' || s === '지난주' || s === '저번주' || ((s === '이번' || s === '지난' || s === '저번') && nextStem(1) === '주')) {
    const last = !s.startsWith('이번');
    const monday = addDays(today, -((new Date(Date.UTC(today.y, today.m - 1, today.d)).getUTCDay() + 6) % 7) - (last ? 7 : 0));
    return range([ymdText(monday), ymdText(addDays(monday, 6))], s.endsWith('주') ? 1 : 2);
  }
  if ((s === '올' || s === '이번' || s === '지난' || s === '저번') && SEASONS[nextStem(1)]) {
    const season = SEASONS[nextStem(1)]!;
    return range(s === '올' ? seasonRange(today.y, season) : recentSeason(today, season, s !== '이번'), 2);
  }
  if ((m = /^(올|지난|저번)(봄|여름|가을|겨울)$/.exec(s))) {
    const season = SEASONS[m[2]!]!;
    return range(m[1] === '올' ? seasonRange(today.y, season) : recentSeason(today, season, true), 1);
  }
  if ((m = /^(\d{1,2})(년|개월|달)$/.exec(s)) && (nextStem(1) === '전' || nextStem(1) === '전에')) {
    const n = Number(m[1]);
    if (m[2] === '년') return range([String(today.y - n), String(today.y - n)], 2);
    return month(...addMonths(today.y, today.m, -n), 2);
  }
  return undefined;

  function range([from, to]: [string, string], len: number): DateAtom {
    return { len, from, to };
  }
  function month(y: number, mo: number, len: number): DateAtom {
    return { len, from: ym(y, mo), to: ym(y, mo) };
  }
  function day(d: Ymd, len: number): DateAtom {
    return { len, from: ymdText(d), to: ymdText(d) };
  }
  /** 작년 / 작년 여름 / 작년에 */
  function yearOr(y: number, season: Season | undefined, particle: string, len: number): DateAtom {
    if (season && !particle) return range(seasonRange(y, season), len + 1);
    return range([String(y), String(y)], len);
  }
}

/** "now", "the present": the end of a range (from 2019 to now). */
function untilNow(t: Token[], i: number, today: Ymd): DateAtom | undefined {
  const tok = t[i];
  if (!tok || tok.used || tok.quoted) return undefined;
  if (tok.norm === 'now' || tok.norm === 'present') return { len: 1, from: ymdText(today), to: ymdText(today) };
  if (tok.norm === 'the' && t[i + 1]?.norm === 'present') return { len: 2, from: ymdText(today), to: ymdText(today) };
  return undefined;
}

/** The day before a date's first day, or after its last ("before 2020", "after July 2023"). */
function beside(date: string, side: 'before' | 'after'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number | undefined, number | undefined];
  if (m === undefined) return String(side === 'before' ? y - 1 : y + 1);
  if (d === undefined) return ym(...addMonths(y, m, side === 'before' ? -1 : 1));
  return ymdText(addDays({ y, m, d }, side === 'before' ? -1 : 1));
}

// ---------------------------------------------------------------- words around filters

/** Words that tie a date to the sentence ("photos from March", "in 2023"): they go with it. */
const DATE_CONNECTORS = new Set(['in', 'from', 'during', 'on', 'of', 'taken', 'since', 'this', 'last', 'between', 'around', 'at']);
const PLACE_CONNECTORS = new Set(['in', 'at', 'near', 'around', 'from', 'of', 'taken']);
const CAMERA_CONNECTORS = new Set(['with', 'on', 'by', 'from', 'taken', 'shot', 'using', 'camera', 'an', 'a', 'my', 'the']);
const FOLDER_CONNECTORS = new Set(['in', 'from', 'the', 'my', 'folder']);
/** Words that end an English exclusion ("without people on the beach" → people). */
const STOP_WORDS = new Set([
  'on', 'in', 'at', 'with', 'and', 'or', 'from', 'near', 'the', 'of', 'by', 'during', 'taken', 'but', 'a', 'an', 'to', 'for', 'under', 'over',
]);
/** Camera brands written in Korean, and brand words that stand for a make. */
const CAMERA_ALIASES: Record<string, string> = {
  캐논: 'canon', 니콘: 'nikon', 소니: 'sony', 아이폰: 'iphone', 갤럭시: 'galaxy', 삼성: 'samsung', 후지: 'fujifilm', 후지필름: 'fujifilm',
  라이카: 'leica', 올림푸스: 'olympus', 파나소닉: 'panasonic', 리코: 'ricoh', 펜탁스: 'pentax', 고프로: 'gopro', 샤오미: 'xiaomi', 화웨이: 'huawei',
  fuji: 'fujifilm',
};
/** Make names that are ordinary words too: only with a connector ("shot on Apple"). */
const COMMON_WORD_MAKES = new Set(['apple', 'google', 'sharp', 'kodak', 'casio', 'lg', 'one']);
const SCREENSHOT_WORDS = new Set(['screenshot', 'screenshots', 'screencap', 'screencaps', 'screengrab', 'screengrabs', '스크린샷', '캡처', '캡쳐', '스샷', '화면캡처', '화면캡쳐']);
const EXCLUDE_BEFORE = new Set(['without', 'no', 'not', 'except', 'excluding', 'minus']);
const EXCLUDE_AFTER = new Set(['빼고', '제외', '제외하고', '없는', '없이', '말고', '빼서', '제외한']);

// ---------------------------------------------------------------- the parser

/** Understands a query: filters and exclusions out of the text, the rest for the model. */
export function parseQuery(text: string, vocab: QueryVocabulary = {}, opts: ParseOptions = {}): ParsedQuery {
  const today = toYmd(opts.today ?? new Date());
  const t = tokenize(text);
  const understood: Understood[] = [];
  const take = (kind: UnderstoodKind, value: string, first: number, last: number, extra: Partial<Understood> = {}): void => {
    for (let k = first; k <= last; k++) t[k]!.used = true;
    understood.push({ kind, value, start: t[first]!.start, end: t[last]!.end, ...extra });
  };
  /** Takes connecting words before a span (at most two: "taken in", "shot on"). */
  const leading = (i: number, words: Set<string>): number => {
    let k = i;
    while (k > 0 && i - k < 2 && !t[k - 1]!.used && !t[k - 1]!.quoted && !t[k - 1]!.particle && words.has(t[k - 1]!.norm)) k--;
    return k;
  };

  // -term, -"a phrase"
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.raw.startsWith('-') && tok.raw.length > 1 && !/^-\d/.test(tok.raw)) {
      const term = tok.raw.slice(1).replace(/^"|"$/g, '').trim();
      if (term) take('exclude', term, i, i);
      else tok.used = true;
    } else if (tok.raw.startsWith('+') && tok.raw.length > 1) {
      // "+dog": a word like any other
    }
  }

  // folders named with "folder"/"폴더", or written exactly as named after "in"/"from"
  const folders = [...(vocab.folders ?? [])]
    .sort((a, b) => b.length - a.length)
    .map((name) => ({ name, words: name.toLowerCase().split(/\s+/).filter(Boolean) }));
  for (let i = 0; i < t.length; i++) {
    for (const { name, words } of folders) {
      if (t[i]!.norm !== words[0] && t[i]!.stem !== words[0]) continue;
      const n = phraseAt(t, i, words);
      if (!n) continue;
      const after = t[i + n];
      const before = t[i - 1];
      const folderWordAfter = after && !after.used && (after.norm === 'folder' || after.stem === '폴더');
      const folderWordBefore = before && !before.used && (before.norm === 'folder' || before.stem === '폴더');
      const exact = (before?.norm === 'in' || before?.norm === 'from') && t.slice(i, i + n).map((x) => x.raw.replace(/[,.;:!?]+$/, '')).join(' ') === name;
      if (!folderWordAfter && !folderWordBefore && !exact) continue;
      const first = leading(folderWordBefore ? i - 1 : i, FOLDER_CONNECTORS);
      take('folder', name, first, folderWordAfter ? i + n : i + n - 1);
      break;
    }
  }

  // screenshots
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.used || tok.quoted) continue;
    const two = `${tok.norm} ${t[i + 1]?.norm ?? ''}`;
    if (SCREENSHOT_WORDS.has(tok.stem) || SCREENSHOT_WORDS.has(tok.norm)) take('kind', 'screenshot' satisfies PhotoKind, i, i);
    else if (/^screen shots?$/.test(two) || (tok.norm === '화면' && /^(캡처|캡쳐)/.test(t[i + 1]?.stem ?? ''))) take('kind', 'screenshot', i, i + 1);
  }

  // Korean exclusions: 사람 빼고, 사람은 제외, 사람 없는, 사람없는
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.used || tok.quoted) continue;
    if (EXCLUDE_AFTER.has(tok.stem) || EXCLUDE_AFTER.has(tok.norm)) {
      const prev = t[i - 1];
      if (prev && !prev.used && !prev.quoted) take('exclude', excludedWord(prev.norm), i - 1, i);
      continue;
    }
    const glued = /^(.+?)(빼고|제외하고|제외|없는|없이|말고)$/.exec(tok.norm);
    if (glued && HANGUL.test(glued[1]!)) take('exclude', excludedWord(glued[1]!), i, i);
  }

  // cameras in the library
  const cameras = vocab.cameras ?? [];
  if (cameras.length) {
    const spaced = cameras.map((c) => ` ${c.toLocaleLowerCase('en-US').replace(/[^\p{L}\p{N}]+/gu, ' ')} `);
    for (let i = 0; i < t.length; i++) {
      if (t[i]!.used || t[i]!.quoted) continue;
      for (let n = Math.min(4, t.length - i); n >= 1; n--) {
        const span = t.slice(i, i + n);
        if (span.some((x, k) => x.used || x.quoted || (k < n - 1 && x.particle))) continue;
        const words = span.map((x, k) => (k === n - 1 ? x.stem : x.norm)).map((x) => CAMERA_ALIASES[x] ?? x);
        const phrase = words.join(' ');
        const needle = ` ${phrase.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
        const hit = needle.trim() ? spaced.findIndex((c) => c.includes(needle)) : -1;
        if (hit < 0) continue;
        const distinctive = words.some((x) => /\d/.test(x) || x.length >= 3) && !(n === 1 && COMMON_WORD_MAKES.has(words[0]!));
        const connected = i > 0 && CAMERA_CONNECTORS.has(t[i - 1]!.norm);
        if (!distinctive && !connected) continue;
        if (n === 1 && !connected && !isBrandish(words[0]!, cameras[hit]!)) continue;
        const value = originalWords(cameras[hit]!, phrase);
        let last = i + n - 1;
        // 아이폰으로 찍은 / 캐논 카메라로
        while (t[last + 1] && !t[last + 1]!.used && /^(찍은|찍힌|찍었던|카메라|카메라로|카메라로찍은|camera)$/.test(t[last + 1]!.norm)) last++;
        take('camera', value, leading(i, CAMERA_CONNECTORS), last);
        break;
      }
    }
  }

  // places in the library
  const placeList = vocab.places ?? [];
  if (placeList.length || vocab.matchPlace) {
    const byKey = new Map(placeList.map((p) => [p.toLowerCase(), p]));
    const match = (phrase: string): string | undefined => byKey.get(phrase) ?? vocab.matchPlace?.(phrase);
    for (let i = 0; i < t.length; i++) {
      if (t[i]!.used || t[i]!.quoted) continue;
      for (let n = Math.min(3, t.length - i); n >= 1; n--) {
        const span = t.slice(i, i + n);
        if (span.some((x, k) => x.used || x.quoted || (k < n - 1 && x.particle))) continue;
        const plain = span.map((x) => x.norm).join(' ');
        const stemmed = span.map((x, k) => (k === n - 1 ? x.stem : x.norm)).join(' ');
        const place = (n === 1 && /^\d+$/.test(plain) ? undefined : match(plain)) ?? (stemmed !== plain ? match(stemmed) : undefined);
        if (!place) continue;
        take('place', place, leading(i, PLACE_CONNECTORS), i + n - 1);
        break;
      }
    }
  }

  // dates: one expression or a range
  for (let i = 0; i < t.length && !understood.some((u) => u.kind === 'date'); i++) {
    const tok = t[i]!;
    if (tok.used || tok.quoted) continue;
    const lead = tok.norm;
    if ((lead === 'between' || lead === 'from') && !tok.particle) {
      const a = dateAtom(t, i + 1, today);
      const sep = a && t[i + 1 + a.len];
      if (a && sep && !sep.used && (lead === 'between' ? sep.norm === 'and' : /^(to|until|till|through|-|–|~)$/.test(sep.norm))) {
        const b = dateAtom(t, i + 2 + a.len, today) ?? untilNow(t, i + 2 + a.len, today);
        if (b) {
          takeDate(leading(i, DATE_CONNECTORS), i + 1 + a.len + b.len, a.from, b.to);
          continue;
        }
      }
    }
    if ((lead === 'since' || lead === 'after' || lead === 'before' || lead === 'until' || lead === 'till') && !tok.particle) {
      const a = dateAtom(t, i + 1, today);
      if (a) {
        if (lead === 'since') takeDate(i, i + a.len, a.from, undefined);
        else if (lead === 'after') takeDate(i, i + a.len, beside(a.to, 'after'), undefined);
        else if (lead === 'before') takeDate(i, i + a.len, undefined, beside(a.from, 'before'));
        else takeDate(i, i + a.len, undefined, a.to);
        continue;
      }
    }
    const a = dateAtom(t, i, today);
    if (!a) continue;
    const lastTok = t[i + a.len - 1]!;
    const sep = t[i + a.len];
    // A to B / A - B / A~B / A부터 B까지 / A에서 B까지
    if (sep && !sep.used && /^(to|until|till|through|-|–|~)$/.test(sep.norm)) {
      const b = dateAtom(t, i + a.len + 1, today) ?? untilNow(t, i + a.len + 1, today);
      if (b) {
        takeDate(leading(i, DATE_CONNECTORS), i + a.len + b.len, a.from, b.to);
        continue;
      }
    }
    if (lastTok.particle === '부터' || lastTok.particle === '에서' || lastTok.particle === '에서부터') {
      const b = dateAtom(t, i + a.len, today);
      const bLast = b && t[i + a.len + b.len - 1];
      const nowTok = t[i + a.len];
      if (!b && nowTok && !nowTok.used && /^(지금까지|현재까지|오늘까지)$/.test(nowTok.norm)) {
        takeDate(i, i + a.len, a.from, ymdText(today));
        continue;
      }
      if (b && bLast?.particle === '까지') {
        takeDate(i, i + a.len + b.len - 1, a.from, b.to);
        continue;
      }
      if (lastTok.particle !== '에서') {
        takeDate(i, i + a.len - 1, a.from, undefined);
        continue;
      }
    }
    if (lastTok.particle === '까지') {
      takeDate(i, i + a.len - 1, undefined, a.to);
      continue;
    }
    const after = t[i + a.len];
    if (after && !after.used && /^(이후|이후에|이후의|부터)$/.test(after.norm)) {
      takeDate(i, i + a.len, after.norm === '부터' ? a.from : beside(a.to, 'after'), undefined);
      continue;
    }
    if (after && !after.used && /^(이전|이전에|이전의|전|전에)$/.test(after.norm)) {
      takeDate(i, i + a.len, undefined, beside(a.from, 'before'));
      continue;
    }
    takeDate(leading(i, DATE_CONNECTORS), i + a.len - 1, a.from, a.to);
  }
  function takeDate(first: number, last: number, from: string | undefined, to: string | undefined): void {
    // "taken in", "photos from": the connecting words go with the date, but never "this"/"last" alone before another word
    take('date', dateValue(from, to), first, last, { from, to });
  }

  // English exclusions: without people, no people, not red
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    if (tok.used || tok.quoted || !EXCLUDE_BEFORE.has(tok.norm)) continue;
    let k = i + 1;
    while (k < t.length && k - i <= 3 && !t[k]!.used && !t[k]!.quoted && !STOP_WORDS.has(t[k]!.norm)) {
      k++;
      if (/[,;.]$/.test(t[k - 1]!.raw)) break;
    }
    if (k === i + 1) continue;
    const term = t.slice(i + 1, k).map((x) => x.norm).join(' ');
    take('exclude', term, i, k - 1);
  }

  understood.sort((a, b) => a.start - b.start);
  const rest = restText(text, understood);
  // nothing understood: the words as typed (a lone "the" is still something to look for)
  const words = understood.length ? rest : text.replace(/"/g, '').replace(/^\+|\s\+/g, ' ').replace(/\s+/g, ' ').trim();
  return { text: words, ...chipFilters(understood), understood };
}

/** A date filter's value as one string: "2023", "2023-06..2023-08", "2020..", "..2019". */
export function dateValue(from: string | undefined, to: string | undefined): string {
  return from === to ? (from ?? '') : `${from ?? ''}..${to ?? ''}`;
}

/**
 * The words for the model: the text without the spans understood (the
 * window's chips), tidied. A chip removed from `understood` gives its words
 * back to the model.
 */
export function restText(text: string, understood: readonly Pick<Understood, 'start' | 'end'>[]): string {
  let out = '';
  let at = 0;
  for (const u of [...understood].sort((a, b) => a.start - b.start)) {
    if (u.start < at) continue;
    out += text.slice(at, u.start) + ' ';
    at = u.end;
  }
  out += text.slice(at);
  return out
    .split(/\s+/)
    .filter((w) => w && !/^[,.;:!?+\-–~]+$/.test(w))
    .map((w) => w.replace(/^\+(?=\S)/, '').replace(/"/g, ''))
    .filter(Boolean)
    .join(' ')
    .replace(/^(?:(?:and|or|in|on|at|from|with|of|the|,)\s+)+/i, '')
    .replace(/(?:\s+(?:and|or|in|on|at|from|with|of|the|taken|shot|photos? of))+[,.]?$/i, '')
    .replace(/[,;]+$/, '')
    .trim()
    .replace(GENERIC_ONLY, '');
}

/** A rest of only "photos", "pictures", "사진": nothing for the model to look for. */
const GENERIC_ONLY = /^(?:(?:all|my|the|photos?|pictures?|pics?|images?|shots?|사진|사진들|모든|내)\s*)+$/i;

/**
 * The text after a chip is removed, and the other chips' spans in it (what
 * the window does on ×): a date's or an exclusion's words are dropped; a
 * camera's, folder's, place's or kind's words stay, in quotes, as words for
 * the model that are never understood again ("a dog in Busan" → `a dog "in Busan"`).
 */
export function removeChip(text: string, understood: readonly Understood[], index: number): { text: string; understood: Understood[] } {
  const u = understood[index];
  if (!u) return { text, understood: [...understood] };
  let { start, end } = u;
  let replacement = '';
  if (u.kind === 'date' || u.kind === 'exclude') {
    if (text[end] === ' ') end++;
    else if (start > 0 && text[start - 1] === ' ') start--;
  } else replacement = `"${text.slice(start, end).replace(/"/g, '')}"`;
  const delta = replacement.length - (end - start);
  const rest = understood
    .filter((_, i) => i !== index)
    .map((o) => (o.start >= u.end ? { ...o, start: o.start + delta, end: o.end + delta } : { ...o }));
  return { text: text.slice(0, start) + replacement + text.slice(end), understood: rest };
}

/** The filters the chips stand for (the window's search after a chip is removed: nothing is parsed again). */
export function chipFilters(understood: readonly Understood[]): Omit<UnderstoodQuery, 'text'> {
  const date = understood.find((u) => u.kind === 'date');
  const first = (kind: UnderstoodKind): string | undefined => understood.find((u) => u.kind === kind)?.value;
  return {
    exclude: understood.filter((u) => u.kind === 'exclude').map((u) => u.value),
    from: date?.from,
    to: date?.to,
    camera: first('camera'),
    folder: first('folder'),
    place: first('place'),
    kind: first('kind') as PhotoKind | undefined,
  };
}

/** The words of a camera's name as the library writes them ("iphone 12" → "iPhone 12"). */
function originalWords(name: string, phrase: string): string {
  const words = phrase.split(' ');
  const parts = name.split(/\s+/);
  for (let i = 0; i + words.length <= parts.length; i++) {
    if (parts.slice(i, i + words.length).every((p, k) => p.toLocaleLowerCase('en-US').replace(/[^\p{L}\p{N}]+/gu, '') === words[k]!.replace(/[^\p{L}\p{N}]+/gu, ''))) {
      return parts.slice(i, i + words.length).join(' ');
    }
  }
  return phrase;
}

/** A single word names a camera alone when it is the make, the model's first word, or has a digit ("80d"). */
function isBrandish(word: string, name: string): boolean {
  if (/\d/.test(word)) return true;
  const parts = name.toLocaleLowerCase('en-US').split(/\s+/);
  return parts[0] === word || parts[1] === word || ['iphone', 'galaxy', 'pixel', 'eos', 'lumix', 'alpha', 'coolpix', 'powershot', 'cyber-shot'].includes(word);
}

/** How many tokens from i spell a name's `words` (lower case; a Korean particle may end the last); 0 when they do not. */
function phraseAt(t: Token[], i: number, words: string[]): number {
  if (!words.length || i + words.length > t.length) return 0;
  for (let k = 0; k < words.length; k++) {
    const tok = t[i + k]!;
    if (tok.used || tok.quoted) return 0;
    const last = k === words.length - 1;
    if (tok.norm !== words[k] && !(last && tok.stem === words[k])) return 0;
    if (!last && tok.particle) return 0;
  }
  return words.length;
}

function toYmd(today: string | Date): Ymd {
  if (typeof today === 'string') {
    const [y, m, d] = today.split('-').map(Number);
    return { y: y!, m: m!, d: d! };
  }
  return { y: today.getFullYear(), m: today.getMonth() + 1, d: today.getDate() };
}
