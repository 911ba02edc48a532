import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ERROR_MESSAGES, describeError, formatMessage, type MessageKey } from '../../src-main/core/messages/catalog.js';
import { ShoeboxError, errorInfo, fail, fromErrorInfo } from '../../src-main/core/util/errors.js';
import { ROOT } from '../helpers/paths.js';

const KEYS = Object.keys(ERROR_MESSAGES) as MessageKey[];

function paramsOf(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

test('every message has English and Korean text with the same {params}', () => {
  for (const key of KEYS) {
    const { en, ko } = ERROR_MESSAGES[key];
    assert.ok(en.trim(), `${key}: English text`);
    assert.ok(ko.trim(), `${key}: Korean text`);
    assert.deepEqual(paramsOf(ko), paramsOf(en), `${key}: same params in both`);
  }
});

test('keys are grouped by area and sorted within it (generic first, by code)', () => {
  const areas = KEYS.map((k) => k.split('.')[0]!);
  assert.equal(areas[0], 'generic');
  const seen = new Set<string>();
  areas.forEach((a, i) => {
    if (i > 0 && areas[i - 1] !== a) assert.ok(!seen.has(a), `area ${a} appears in two places`);
    seen.add(a);
  });
  const rest = KEYS.filter((k) => !k.startsWith('generic.'));
  assert.deepEqual(rest, [...rest].sort());
});

test('every code has a generic fallback', () => {
  for (const { code } of Object.values(ERROR_MESSAGES)) assert.ok(`generic.${code}` in ERROR_MESSAGES, code);
});

test("fail() gives the catalog's code and English text, and keeps key and params", () => {
  const err = fail('search.not_indexed', { id: 7 });
  assert.ok(err instanceof ShoeboxError);
  assert.equal(err.code, ERROR_MESSAGES['search.not_indexed'].code);
  assert.equal(err.message, 'Photo 7 is not indexed.');
  assert.equal(err.key, 'search.not_indexed');
  assert.deepEqual(err.params, { id: 7 });
  for (const key of KEYS) assert.equal(fail(key).code, ERROR_MESSAGES[key].code, key);
});

test("describeError says a keyed error in the user's language", () => {
  const info = errorInfo(fail('models.catalog_unknown', { id: 'nope', known: 'a, b' }));
  assert.equal(describeError(info, 'en'), info.message);
  assert.equal(describeError(info, 'ko'), formatMessage('models.catalog_unknown', { id: 'nope', known: 'a, b' }, 'ko'));
  assert.match(describeError(info, 'ko'), /모델 목록에 "nope" 모델이 없습니다/);
  // The same after crossing a thread or the API.
  assert.equal(describeError(errorInfo(fromErrorInfo(info)), 'ko'), describeError(info, 'ko'));
});

test('describeError falls back to the generic text of the code, with the English message as detail', () => {
  const err = { code: 'conflict', message: 'Busy with something.' };
  assert.equal(describeError(err, 'ko'), '지금은 할 수 없습니다: Busy with something.');
  assert.equal(describeError(err, 'en'), 'Not now: Busy with something.');
  // A key the catalog does not know (an older or newer backend) counts as none.
  assert.equal(describeError({ ...err, key: 'no.such_key' }, 'ko'), '지금은 할 수 없습니다: Busy with something.');
  // A code with no generic text of its own (the API boundary's own codes).
  assert.equal(describeError({ code: 'unknown_command', message: 'x' }, 'ko'), formatMessage('generic.internal', { detail: 'x' }, 'ko'));
});

/** Core files that still build ShoeboxErrors by hand; empty it as they are converted. */
const NOT_YET_CONVERTED: readonly string[] = ['store/categories.ts'];

test('the core builds its errors with fail(key), not new ShoeboxError(...)', () => {
  const core = join(ROOT, 'src-main', 'core');
  const offenders: string[] = [];
  (function walk(dir: string): void {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      const rel = relative(core, p).split(sep).join('/');
      if (e.isDirectory()) {
        if (rel !== 'messages') walk(p);
      } else if (e.name.endsWith('.ts') && rel !== 'util/errors.ts' && !NOT_YET_CONVERTED.includes(rel)) {
        if (/new ShoeboxError\(/.test(readFileSync(p, 'utf8'))) offenders.push(rel);
      }
    }
  })(core);
  assert.deepEqual(offenders, []);
});
