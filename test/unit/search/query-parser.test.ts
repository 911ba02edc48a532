/**
 * The search box's parser, English and Korean, as a table: the text in, the
 * words for the model and the filters out. Today is 2026-12-01 (a Tuesday).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chipFilters, parseQuery, removeChip, restText, type QueryVocabulary } from '../../../src-main/core/domain/query-parser.js';

const TODAY = '2026-12-01';
const VOCAB: QueryVocabulary = {
  cameras: ['Canon Canon EOS 80D', 'Apple iPhone 12', 'SAMSUNG SM-G991B', 'NIKON CORPORATION NIKON D750'],
  folders: ['Receipts', 'Holidays 2023', 'Pictures', '여행'],
  // a fake place list: the places helper fills this from the library's gazetteer
  places: ['Busan', '부산', 'Seoul', '서울', 'New York', 'Jeju'],
};

type Want = { text: string; from?: string; to?: string; camera?: string; folder?: string; place?: string; kind?: string; exclude?: string[] };

const TABLE: [string, Want][] = [
  // the examples
  ['a dog on the beach in Busan 2023', { text: 'a dog on the beach', place: 'Busan', from: '2023', to: '2023' }],
  ['2023년 7월 부산 해변의 강아지', { text: '해변의 강아지', place: '부산', from: '2023-07', to: '2023-07' }],
  ['receipts last year', { text: 'receipts', from: '2025', to: '2025' }],
  ['screenshots from March', { text: '', kind: 'screenshot', from: '2026-03', to: '2026-03' }],
  ['beach in Busan, July 2023', { text: 'beach', place: 'Busan', from: '2023-07', to: '2023-07' }],
  // years and months
  ['sunset 2019', { text: 'sunset', from: '2019', to: '2019' }],
  ['sunset in 2019', { text: 'sunset', from: '2019', to: '2019' }],
  ['2023년 노을', { text: '노을', from: '2023', to: '2023' }],
  ['2023년에 찍은 노을', { text: '찍은 노을', from: '2023', to: '2023' }],
  ['July 2023 fireworks', { text: 'fireworks', from: '2023-07', to: '2023-07' }],
  ['fireworks 2023 July', { text: 'fireworks', from: '2023-07', to: '2023-07' }],
  ['cake 2023-07', { text: 'cake', from: '2023-07', to: '2023-07' }],
  ['cake 2023-07-14', { text: 'cake', from: '2023-07-14', to: '2023-07-14' }],
  ['cake on July 14, 2023', { text: 'cake', from: '2023-07-14', to: '2023-07-14' }],
  ['케이크 2023.7.14', { text: '케이크', from: '2023-07-14', to: '2023-07-14' }],
  ['7월 바다', { text: '바다', from: '2026-07', to: '2026-07' }],
  ['2023년 7월 14일 생일', { text: '생일', from: '2023-07-14', to: '2023-07-14' }],
  ['2023년7월 바다', { text: '바다', from: '2023-07', to: '2023-07' }],
  ['snow in December', { text: 'snow', from: '2026-12', to: '2026-12' }],
  ['12월 눈', { text: '눈', from: '2026-12', to: '2026-12' }],
  ['flowers in may', { text: 'flowers', from: '2026-05', to: '2026-05' }],
  ['it may rain', { text: 'it may rain' }],
  ['march of the penguins', { text: 'march of the penguins' }],
  // ranges
  ['from 2021 to 2023 cats', { text: 'cats', from: '2021', to: '2023' }],
  ['cats 2021-2023', { text: 'cats', from: '2021', to: '2023' }],
  ['cats between 2021 and 2022', { text: 'cats', from: '2021', to: '2022' }],
  ['cats since 2020', { text: 'cats', from: '2020' }],
  ['cats before 2020', { text: 'cats', to: '2019' }],
  ['cats after July 2023', { text: 'cats', from: '2023-08' }],
  ['2021년부터 2023년까지 고양이', { text: '고양이', from: '2021', to: '2023' }],
  ['2020년 이후 고양이', { text: '고양이', from: '2021' }],
  ['cats from 2019 to now', { text: 'cats', from: '2019', to: '2026-12-01' }],
  ['2019년부터 지금까지 고양이', { text: '고양이', from: '2019', to: '2026-12-01' }],
  ['dog 2023 2024', { text: 'dog 2024', from: '2023', to: '2023' }],
  ['2020년부터 고양이', { text: '고양이', from: '2020' }],
  // relative dates and seasons
  ['this year', { text: '', from: '2026', to: '2026' }],
  ['올해 꽃', { text: '꽃', from: '2026', to: '2026' }],
  ['작년 크리스마스', { text: '크리스마스', from: '2025', to: '2025' }],
  ['작년에 찍은 영수증', { text: '찍은 영수증', from: '2025', to: '2025' }],
  ['지난해 영수증', { text: '영수증', from: '2025', to: '2025' }],
  ['재작년 여행', { text: '여행', from: '2024', to: '2024' }],
  ['last month', { text: '', from: '2026-11', to: '2026-11' }],
  ['지난달 영수증', { text: '영수증', from: '2026-11', to: '2026-11' }],
  ['지난 달 영수증', { text: '영수증', from: '2026-11', to: '2026-11' }],
  ['this month', { text: '', from: '2026-12', to: '2026-12' }],
  ['이번 달 사진', { text: '', from: '2026-12', to: '2026-12' }],
  ['yesterday', { text: '', from: '2026-11-30', to: '2026-11-30' }],
  ['어제 저녁', { text: '저녁', from: '2026-11-30', to: '2026-11-30' }],
  ['today', { text: '', from: '2026-12-01', to: '2026-12-01' }],
  ['오늘', { text: '', from: '2026-12-01', to: '2026-12-01' }],
  ['last week', { text: '', from: '2026-11-23', to: '2026-11-29' }],
  ['지난주 사진', { text: '', from: '2026-11-23', to: '2026-11-29' }],
  ['2 years ago', { text: '', from: '2024', to: '2024' }],
  ['2년 전 바다', { text: '바다', from: '2024', to: '2024' }],
  ['this summer', { text: '', from: '2026-06', to: '2026-08' }],
  ['last summer', { text: '', from: '2026-06', to: '2026-08' }],
  ['beach in summer', { text: 'beach', from: '2026-06', to: '2026-08' }],
  ['summer dress', { text: 'summer dress' }],
  ['summer 2023 beach', { text: 'beach', from: '2023-06', to: '2023-08' }],
  ['winter 2023', { text: '', from: '2023-12', to: '2024-02' }],
  ['last winter', { text: '', from: '2025-12', to: '2026-02' }],
  ['올여름 바다', { text: '바다', from: '2026-06', to: '2026-08' }],
  ['작년 여름 바다', { text: '바다', from: '2025-06', to: '2025-08' }],
  ['2023년 여름 바다', { text: '바다', from: '2023-06', to: '2023-08' }],
  ['지난 겨울 눈사람', { text: '눈사람', from: '2025-12', to: '2026-02' }],
  ['가을에 단풍', { text: '단풍', from: '2026-09', to: '2026-11' }],
  // cameras in the library
  ['cats shot on iPhone', { text: 'cats', camera: 'iPhone' }],
  ['cats iphone 12', { text: 'cats', camera: 'iPhone 12' }],
  ['canon sunset', { text: 'sunset', camera: 'Canon' }],
  ['portrait taken with the EOS 80D', { text: 'portrait', camera: 'EOS 80D' }],
  ['아이폰으로 찍은 고양이', { text: '고양이', camera: 'iPhone' }],
  ['캐논 노을', { text: '노을', camera: 'Canon' }],
  ['red apple', { text: 'red apple' }],
  ['sony concert', { text: 'sony concert' }],
  ['nikon d750 bird', { text: 'bird', camera: 'NIKON D750' }],
  // folders
  ['dogs in the Receipts folder', { text: 'dogs', folder: 'Receipts' }],
  ['beach in Holidays 2023', { text: 'beach', folder: 'Holidays 2023' }],
  ['여행 폴더의 바다', { text: '바다', folder: '여행' }],
  ['receipts', { text: 'receipts' }],
  // kinds
  ['스크린샷', { text: '', kind: 'screenshot' }],
  ['작년 스크린샷', { text: '', kind: 'screenshot', from: '2025', to: '2025' }],
  ['screen shots of chats', { text: 'chats', kind: 'screenshot' }],
  ['카톡 캡처', { text: '카톡', kind: 'screenshot' }],
  // places
  ['sushi in New York', { text: 'sushi', place: 'New York' }],
  ['부산에서 찍은 바다', { text: '찍은 바다', place: '부산' }],
  ['서울의 야경', { text: '야경', place: '서울' }],
  ['jeju oranges', { text: 'oranges', place: 'Jeju' }],
  // exclusions
  ['beach -people', { text: 'beach', exclude: ['people'] }],
  ['car -"red car"', { text: 'car', exclude: ['red car'] }],
  ['beach without people', { text: 'beach', exclude: ['people'] }],
  ['beach with no people', { text: 'beach', exclude: ['people'] }],
  ['mountains without snow, 2023', { text: 'mountains', exclude: ['snow'], from: '2023', to: '2023' }],
  ['dogs not on grass', { text: 'dogs not on grass' }],
  ['해변 사람 빼고', { text: '해변', exclude: ['사람'] }],
  ['해변 사람은 제외', { text: '해변', exclude: ['사람'] }],
  ['사람 없는 해변', { text: '해변', exclude: ['사람'] }],
  ['사람없는 해변', { text: '해변', exclude: ['사람'] }],
  ['고양이 말고 강아지', { text: '강아지', exclude: ['고양이'] }],
  ['+dog +beach', { text: 'dog beach' }],
  // words only
  ['a dog on the beach', { text: 'a dog on the beach' }],
  ['"2023" poster', { text: '2023 poster' }],
  ['a dog "in Busan" 2023', { text: 'a dog in Busan', from: '2023', to: '2023' }],
  ['qwxz zzzz', { text: 'qwxz zzzz' }],
  ['the', { text: 'the' }],
  ['photos', { text: 'photos' }],
  ['', { text: '' }],
];

for (const [query, want] of TABLE) {
  test(`understands ${JSON.stringify(query)}`, () => {
    const q = parseQuery(query, VOCAB, { today: TODAY });
    const got: Want = { text: q.text };
    for (const k of ['from', 'to', 'camera', 'folder', 'place', 'kind'] as const) if (q[k] !== undefined) got[k] = q[k];
    if (q.exclude.length) got.exclude = q.exclude;
    assert.deepEqual(got, want);
  });
}

test('each thing understood says where it was written; removing it gives its words back to the model', () => {
  const text = 'a dog on the beach in Busan 2023';
  const q = parseQuery(text, VOCAB, { today: TODAY });
  assert.deepEqual(
    q.understood.map((u) => [u.kind, u.value, text.slice(u.start, u.end)]),
    [
      ['place', 'Busan', 'in Busan'],
      ['date', '2023', '2023'],
    ],
  );
  assert.equal(restText(text, q.understood.filter((u) => u.kind !== 'place')), 'a dog on the beach in Busan');
  assert.equal(restText(text, []), text);
});

test('a place is recognised through a callback too (a gazetteer), with Korean particles off', () => {
  const seen: string[] = [];
  const matchPlace = (phrase: string): string | undefined => {
    seen.push(phrase);
    return phrase === '제주' || phrase === 'jeju island' ? 'Jeju' : undefined;
  };
  assert.equal(parseQuery('제주에서 귤', { matchPlace }, { today: TODAY }).place, 'Jeju');
  assert.equal(parseQuery('oranges on Jeju Island', { matchPlace }, { today: TODAY }).text, 'oranges');
  assert.ok(seen.includes('제주'));
});

test('nothing in the library, nothing recognised but dates, kinds and exclusions', () => {
  const q = parseQuery('cats shot on iPhone in Busan 2023 -dogs', {}, { today: TODAY });
  assert.equal(q.camera, undefined);
  assert.equal(q.place, undefined);
  assert.equal(q.text, 'cats shot on iPhone in Busan');
  assert.deepEqual([q.from, q.exclude], ['2023', ['dogs']]);
});

test("removing a chip: a date's words are dropped, a place's stay as quoted words, and the rest is exactly as before", () => {
  const text = 'a dog on the beach in Busan 2023 -people';
  const q = parseQuery(text, VOCAB, { today: TODAY });
  assert.deepEqual(q.understood.map((u) => u.kind), ['place', 'date', 'exclude']);
  const noDate = removeChip(text, q.understood, 1);
  assert.equal(noDate.text, 'a dog on the beach in Busan -people');
  assert.deepEqual(noDate.understood.map((u) => noDate.text.slice(u.start, u.end)), ['in Busan', '-people']);
  assert.deepEqual(chipFilters(noDate.understood), { ...chipFilters(q.understood), from: undefined, to: undefined });
  const noPlace = removeChip(noDate.text, noDate.understood, 0);
  assert.equal(noPlace.text, 'a dog on the beach "in Busan" -people');
  assert.equal(restText(noPlace.text, noPlace.understood), 'a dog on the beach in Busan');
  // typed again, the quoted words are never understood: the same search as the chips say
  const again = parseQuery(noPlace.text, VOCAB, { today: TODAY });
  assert.deepEqual([again.text, again.place, again.exclude], ['a dog on the beach in Busan', undefined, ['people']]);
  const noExclusion = removeChip(noPlace.text, noPlace.understood, 0);
  assert.equal(noExclusion.text, 'a dog on the beach "in Busan"');
});
