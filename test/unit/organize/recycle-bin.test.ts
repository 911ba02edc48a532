/**
 * The Windows Recycle Bin's files, as Windows writes them: the `$I` record
 * byte by byte, the `$R`/`$I` names, the SID from `whoami`, the drive of a
 * path, and where a file goes (a pretend Windows whose drive is a temp folder).
 * Real Windows is not here; these are the format's bytes, not Explorer's word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRecord, encodeRecord, parseWhoamiSid, recordName, recycledName, windowsDriveRoot } from '../../../src-main/core/organize/recycle-bin.js';
import { setTrashHost, trashFilesDir, trashFor, trashInfoPath, trashKind } from '../../../src-main/core/organize/trash.js';
import { ShoeboxError } from '../../../src-main/core/util/errors.js';
import { tempDir } from '../../helpers/paths.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

test('a $I record, version 2, byte by byte', () => {
  // C:\Photos\a.jpg, 12,345 bytes, deleted 2024-05-01 10:00:00 UTC.
  const rec = encodeRecord('C:\\Photos\\a.jpg', 12345, Date.UTC(2024, 4, 1, 10, 0, 0));
  const expected = hex(`
    02 00 00 00 00 00 00 00
    39 30 00 00 00 00 00 00
    00 90 31 54 ae 9b da 01
    10 00 00 00
    43 00 3a 00 5c 00 50 00 68 00 6f 00 74 00 6f 00 73 00 5c 00 61 00 2e 00 6a 00 70 00 67 00 00 00`);
  assert.deepEqual(rec, expected, `${rec.toString('hex')}\n${expected.toString('hex')}`);
  // 133590312000000000 = 2024-05-01T10:00:00Z in 100 ns steps since 1601.
  assert.equal(rec.readBigInt64LE(16), 133590312000000000n);
  assert.deepEqual(decodeRecord(rec), { version: 2, size: 12345, deletedMs: Date.UTC(2024, 4, 1, 10, 0, 0), path: 'C:\\Photos\\a.jpg' });
});

test('a $I record counts UTF-16 code units: Korean names and a character outside the BMP (two units)', () => {
  const path = 'D:\\사진\\여름 📷.heic';
  const rec = encodeRecord(path, 5_000_000_000, 0);
  assert.equal(path.length, 16, 'the emoji is a surrogate pair');
  assert.equal(rec.readInt32LE(24), 17, 'with the closing NUL');
  assert.equal(rec.length, 28 + 17 * 2);
  assert.equal(rec.readBigInt64LE(8), 5_000_000_000n, 'sizes past 4 GB');
  assert.equal(rec.readBigInt64LE(16), 116444736000000000n, 'the Unix epoch as FILETIME');
  assert.deepEqual(rec.subarray(28 + 3 * 2, 28 + 5 * 2), hex('ac c0 c4 c9'), '사 (U+C0AC) then 진 (U+C9C4), little-endian');
  assert.deepEqual(rec.subarray(28 + 9 * 2, 28 + 11 * 2), hex('3d d8 f7 dc'), '📷 as its surrogate pair D83D DCF7');
  assert.deepEqual(rec.subarray(-2), hex('00 00'));
  assert.equal(decodeRecord(rec)!.path, path);
});

test('a version-1 record (Windows Vista to 8.1: a fixed 260-character path) is read too; a broken one is not', () => {
  const v1 = Buffer.alloc(24 + 520);
  v1.writeBigInt64LE(1n, 0);
  v1.writeBigInt64LE(7n, 8);
  v1.writeBigInt64LE(116444736000000000n + 10000n * 1000n, 16);
  v1.write('C:\\x.jpg\0', 24, 'utf16le');
  assert.deepEqual(decodeRecord(v1), { version: 1, size: 7, deletedMs: 1000, path: 'C:\\x.jpg' });
  assert.equal(decodeRecord(Buffer.alloc(10)), null);
  const cut = encodeRecord('C:\\long\\name.jpg', 1, 0).subarray(0, 40);
  assert.equal(decodeRecord(cut), null, 'a path shorter than its length says');
});

test('names: $R + 6 letters or digits + the extension; $I the same', () => {
  let i = 0;
  assert.equal(recycledName('C:\\a\\IMG_0001.JPG', () => [0, 25, 26, 35, 1, 2][i++]!), '$RAZ09BC.JPG');
  for (let k = 0; k < 50; k++) assert.match(recycledName('x/b c.jpeg'), /^\$R[A-Z0-9]{6}\.jpeg$/);
  assert.match(recycledName('noext'), /^\$R[A-Z0-9]{6}$/);
  assert.equal(recordName('$RAZ09BC.JPG'), '$IAZ09BC.JPG');
  assert.equal(recordName('a.jpg'), null);
});

test('the SID from `whoami /user /fo csv /nh`, and the drive of a Windows path', () => {
  assert.equal(parseWhoamiSid('"desktop-1\\민수","S-1-5-21-1004336348-1177238915-682003330-1001"\r\n'), 'S-1-5-21-1004336348-1177238915-682003330-1001');
  assert.equal(parseWhoamiSid('ERROR: something'), undefined);
  assert.equal(windowsDriveRoot('C:\\Users\\a\\Pictures\\b.jpg'), 'C:\\');
  assert.equal(windowsDriveRoot('d:\\Photos\\b.jpg'), 'D:\\');
  assert.equal(windowsDriveRoot('\\\\nas\\share\\b.jpg'), undefined, 'a network share has no Recycle Bin');
});

test('where a file goes on (pretend) Windows: <drive>\\$Recycle.Bin\\<SID> (not made by asking); a network share is refused', (t) => {
  const dir = tempDir(t);
  const drive = join(dir, 'C');
  const share = join(dir, 'nas');
  mkdirSync(join(drive, 'Photos'), { recursive: true });
  mkdirSync(share);
  setTrashHost({ platform: 'win32', driveRoot: (p) => (p.startsWith(share) ? undefined : drive), sid: () => 'S-1-5-21-1-2-3-1001' });
  t.after(() => setTrashHost(null));
  assert.equal(trashKind(), 'windows');
  const bin = trashFor(join(drive, 'Photos', 'a.jpg'));
  assert.equal(bin, join(drive, '$Recycle.Bin', 'S-1-5-21-1-2-3-1001'));
  assert.ok(!existsSync(bin), 'asking (a dry run) makes nothing; the first move makes it');
  assert.equal(trashFilesDir(bin), bin, 'files lie in the SID folder itself');
  assert.equal(trashInfoPath(join(bin, '$RAB12CD.jpg')), join(bin, '$IAB12CD.jpg'));
  assert.throws(() => trashFor(join(share, 'a.jpg')), (e: unknown) => e instanceof ShoeboxError && e.key === 'duplicates.no_recycle_bin');
});
