/**
 * The CLI and the window call the same use-cases, so a rule holds the same at
 * every door: the name "Unsorted" (in any case, with spaces around) is refused
 * for a folder by the CLI (exit 2) and by the API (a usage error with its
 * message code); global options work before the command as after it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openLibrary, closeLibrary } from '../../../src-main/core/context.js';
import { ShoeboxApp } from '../../../src-main/app/shoebox-app.js';
import { invoke } from '../../../src-main/api/dispatch.js';
import { shoebox, shoeboxJson } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/paths.js';

const RESERVED = ['Unsorted', 'Unsorted ', ' unsorted', 'UNSORTED', 'Unsorted\t'];

test('the CLI refuses "Unsorted" as a folder name however it is spelled (exit 2), and creates nothing', (t) => {
  const lib = ['--library', join(tempDir(t), 'library')];
  for (const name of RESERVED) {
    const r = shoebox(['folder', 'add', name, '--prompt', 'a photo', ...lib]);
    assert.equal(r.code, 2, `${JSON.stringify(name)}: ${r.stderr}`);
    assert.match(r.stderr, /"Unsorted" is where photos go that fit no folder/);
  }
  assert.deepEqual(shoeboxJson(['folder', 'list', ...lib]).folders, []);
  // "Unsorted!" is an ordinary name.
  assert.equal(shoeboxJson(['folder', 'add', 'Unsorted!', '--prompt', 'a photo', ...lib]).folders[0].name, 'Unsorted!');
  // A name differing only in case or spaces is the same folder.
  const dup = shoebox(['folder', 'add', ' unsorted! ', '--prompt', 'a photo', ...lib]);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /already exists/);
});

test('the API refuses the same names with the same message code, and a rename to one too', async (t) => {
  const ctx = openLibrary(join(tempDir(t), 'library'));
  const app = new ShoeboxApp(ctx);
  const caller = { app, transport: 'http' as const };
  try {
    for (const name of RESERVED) {
      const r = await invoke(caller, 'folders.create', { name, prompts: ['a photo'] });
      assert.ok(!r.ok && r.error.code === 'usage' && r.error.key === 'folder.reserved', `${JSON.stringify(name)}: ${JSON.stringify(r)}`);
    }
    const made = await invoke(caller, 'folders.create', { name: 'Receipts', prompts: ['a paper receipt'] });
    assert.ok(made.ok);
    const id = made.value.folders[0]!.id;
    const renamed = await invoke(caller, 'folders.update', { id, name: 'unsorted ' });
    assert.ok(!renamed.ok && renamed.error.key === 'folder.reserved');
    assert.equal(app.folders.get(id).name, 'Receipts', 'nothing changed');
  } finally {
    await app.close();
    closeLibrary(ctx);
  }
});

test('global options are taken before the command as well as after it (as the README writes them)', (t) => {
  const library = join(tempDir(t), 'library');
  const before = shoebox(['--library', library, '--json', 'category', 'add', 'Dogs', '--prompt', 'a dog']);
  assert.equal(before.code, 0, before.stderr);
  assert.equal(JSON.parse(before.stdout).folders[0].name, 'Dogs');
  const after = shoeboxJson(['categories', 'list', '--library', library]);
  assert.equal(after.folders[0].name, 'Dogs', 'the same library; "categories" (the old name) is the same command as "folder"');
  const wrong = shoebox(['--frobnicate', 'status']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.stderr, /Unknown option "--frobnicate"/);
});
