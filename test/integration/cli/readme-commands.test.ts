/**
 * Every `shoebox …` command line the user is shown runs as written: those in
 * README.md and docs/*.md (code blocks and inline code) and the command forms
 * of `shoebox --help`. Placeholders are filled from the explicit table below
 * (a new placeholder without a value fails the test, as does a new command that
 * does not run); the library, the test model, generated photos and the model
 * catalog (served on loopback) stand in for the user's.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { generatePhotos } from '../../fixtures/synth/photos.js';
import { shoeboxAsync, shoeboxJsonAsync, shoeboxSpawn } from '../../helpers/cli.js';
import { ROOT, TINY_CLIP, tempDir } from '../../helpers/paths.js';
import { suiteCleanups } from '../../helpers/cleanup.js';
import { serveFolder } from '../../helpers/loopback-server.js';
import { writeTestCatalog } from '../../helpers/test-catalog.js';

// ---- where the lines come from -------------------------------------------------

interface Shown {
  /** the line as the user sees it, without `npx ` and comments */
  form: string;
  where: string;
}

/** `shoebox …` lines of a Markdown file: in code blocks (one a line) and in inline code. */
function fromMarkdown(file: string): Shown[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: Shown[] = [];
  const blocks = text.split(/^```.*$/m);
  blocks.forEach((block, i) => {
    if (i % 2 === 1) {
      for (const line of block.split('\n')) {
        const m = /^\s*(?:npx )?(shoebox\s.*?)(?:\s+#\s.*)?$/.exec(line);
        if (m) out.push({ form: m[1]!.trim(), where: `${file}: ${line.trim()}` });
      }
    } else {
      for (const m of block.matchAll(/`(?:npx )?(shoebox\s[^`]+)`/g)) {
        out.push({ form: m[1]!.replace(/\s+/g, ' ').trim(), where: `${file}: \`${m[0].slice(1, -1)}\`` });
      }
    }
  });
  return out;
}

/** The command forms `shoebox --help` prints (each summary up to its description). */
async function fromHelp(): Promise<Shown[]> {
  const r = await shoeboxAsync(['--help']);
  assert.equal(r.code, 0);
  const lines = r.stdout.split('\n');
  const start = lines.indexOf('Commands:');
  const forms = lines.slice(start + 1, lines.indexOf('', start));
  assert.ok(forms.length >= 10, r.stdout);
  return forms.map((l) => ({ form: 'shoebox ' + l.trim().split(/\s{3,}/)[0]!, where: `shoebox --help: ${l.trim()}` }));
}

// ---- from a form to the command lines it stands for ---------------------------

const GLOBAL_WITH_VALUE = new Set(['--library', '--model', '--accelerator']);

/** Index of the command's name among the words (global options may come first). */
function commandIndex(words: string[]): number {
  let i = 0;
  while (i < words.length && words[i]!.startsWith('-')) i += GLOBAL_WITH_VALUE.has(words[i]!) ? 2 : 1;
  return i;
}

/** Words: "quoted text", <placeholder with spaces>…, or plain; [optional] parts are kept (their brackets dropped). */
function words(form: string): string[] {
  return (form.replace(/[[\]]/g, '').match(/"[^"]*"|<[^>]*>\S*|\S+/g) ?? []).slice(1); // without "shoebox"
}

/**
 * `a | b | c` alternatives of a subcommand (`folder list | remove <name>`) become
 * one line each; a word with alternatives (`copy|move`, `<id|folder>`,
 * `--dry-run|--yes`) is taken in turn, so every alternative runs once.
 */
function expand(form: string): string[][] {
  const [first, ...rest] = form.split(' | ');
  const head = words(first!);
  const prefix = head.slice(0, commandIndex(head) + 1);
  const lines = [head, ...rest.map((alt) => [...prefix, ...words('shoebox ' + alt)])];
  return lines.flatMap((line) => {
    const alts = line.map((w) => {
      if (w.startsWith('"') || !w.includes('|')) return [w];
      const angle = /^<(.*)>(\S*)$/.exec(w);
      return angle ? angle[1]!.split('|').map((a) => `<${a}>${angle[2]}`) : w.split('|');
    });
    const n = Math.max(...alts.map((a) => a.length));
    return Array.from({ length: n }, (_, v) => alts.map((a) => a[Math.min(v, a.length - 1)]!));
  });
}

// ---- the user's world, for the tests -------------------------------------------

const dir = tempDir(suiteCleanups());
/** the user's home (`~`), with the photos in ~/Pictures */
const home = join(dir, 'home');
const pics = join(home, 'Pictures');
const library = join(dir, 'library');
const dest = join(dir, 'Sorted');
const server = await serveFolder(TINY_CLIP);
after(() => server.close());
const catalog = join(dir, 'catalog.json');
writeTestCatalog(catalog, server.url);
// XDG_DATA_HOME: `duplicates resolve` without --to moves copies to the Trash, here a temp folder's.
const env = { SHOEBOX_LIBRARY: library, SHOEBOX_CATALOG: catalog, XDG_DATA_HOME: join(dir, 'xdg') };
/** photos copied to make a duplicate group when a line needs one (`duplicates dismiss` removes one for good) */
let copies = 0;
let originals: string[] = [];
/** the id of the last apply made for an `undo <id>` line */
let applyId = 0;

/**
 * The values of the placeholders, by command ('*': any command). A key with a
 * space is an option and its value (`--library DIR`), tried before the word alone.
 * Model ids of the real catalog in docs/MODELS.md stand for the loopback catalog's.
 */
const VALUES: Record<string, Record<string, string | (() => string)>> = {
  '*': {
    '<model-folder>': TINY_CLIP,
    '<photo>': join(pics, '2023', 'IMG_0042.jpg'),
    '<text>': 'a photo of a red circle',
    '<name>': 'Receipts',
    '<old>': 'Old name',
    '<new>': 'New name',
    '--library DIR': library,
    '--model DIR': TINY_CLIP,
    '--catalog FILE': catalog,
    '--port N': '0',
    '--prompt …': 'a photo of a paper receipt',
    '--limit N': '10',
  },
  index: { '<photo folder>': pics, 'folders…': pics },
  folder: { '…': 'list', 'suggest <folder>': 'Receipts', '--to <position>': '1' },
  reject: { '<folder>': 'Receipts' },
  category: { '…': 'list' },
  assign: { '<folder>': 'Receipts' },
  duplicates: { N: '1', '<dir>': join(dir, 'Removed'), '<folder>': join(dir, 'Removed') },
  apply: { '<folder>': dest, '<dir>': dest, '--folders a,b': 'Receipts,Cats' },
  restore: { '<backup>': () => readdirSync(join(library, 'backups')).sort().at(-1)! }, // a backup's name, as `restore --list` shows
  undo: { id: () => String(applyId), '<id>': () => String(applyId), '<apply id>': () => String(applyId), '12': () => String(applyId) },
  model: {
    '<id>': 'tiny',
    'remove <id>': 'tiny-research', // not the model in use
    '<folder>': TINY_CLIP,
    'vit-b32-laion2b': 'tiny',
    'siglip-b16-i18n-256': 'tiny-research',
    '~/models/ViT-B-16-SigLIP2__webli': TINY_CLIP,
  },
};

/** A command line with its placeholders filled; throws for a placeholder the table has no value for. */
function fill(line: string[], where: string): (string | (() => string))[] {
  const cmd = line[commandIndex(line)] ?? '';
  const scopes = [VALUES[cmd] ?? {}, VALUES['*']!];
  const lookup = (key: string): string | (() => string) | undefined => scopes.map((s) => s[key]).find((v) => v !== undefined);
  return line.map((w, i) => {
    if (w.startsWith('"')) return w.slice(1, -1);
    const prev = line[i - 1];
    const v = (prev !== undefined ? lookup(`${prev} ${w}`) : undefined) ?? lookup(w) ?? lookup(w.replace(/…$/, ''));
    if (v !== undefined) return v;
    if (w.startsWith('~/')) return join(home, w.slice(2));
    if (/[<>…]|^[A-Z]{2,}$/.test(w)) throw new Error(`No value for "${w}" in ${where}: add one to the table of this test.`);
    return w;
  });
}

/** A copy of the library as it is now (for lines that would change it for good). */
function libraryCopy(): string {
  const copy = join(dir, `library-copy-${libraryCopies++}`);
  cpSync(library, copy, { recursive: true });
  return copy;
}
let libraryCopies = 0;

// ---- what each command needs to find before it runs ----------------------------

async function folderNames(): Promise<string[]> {
  return (await shoeboxJsonAsync(['folder', 'list'], env)).folders.map((f: { name: string }) => f.name);
}

async function ensureFolder(name: string, present: boolean): Promise<void> {
  const has = (await folderNames()).some((n) => n.toLowerCase() === name.toLowerCase());
  if (present && !has) await shoeboxJsonAsync(['folder', 'add', name, '--prompt', `a photo of ${name}`], env);
  if (!present && has) await shoeboxJsonAsync(['folder', 'remove', name], env);
}

/** Puts the library in the state the line is meant for (the folder it names exists, there is an apply to undo…). */
async function prepare(argv: (string | (() => string))[]): Promise<void> {
  const [cmd, sub, a, b] = argv.slice(commandIndex(argv.map(String))).map((w) => (typeof w === 'string' ? w : ''));
  if (cmd === 'folder' || cmd === 'category') {
    if (sub === 'add') await ensureFolder(a!, false);
    if (sub === 'remove' || sub === 'describe' || sub === 'suggest' || sub === 'move') await ensureFolder(a!, true);
    if (sub === 'rename') {
      await ensureFolder(a!, true);
      await ensureFolder(b!, false);
    }
  }
  if (cmd === 'assign' && a !== 'Unsorted' && a) await ensureFolder(a, true);
  if (cmd === 'reject' && a) await ensureFolder(a, true);
  if (cmd === 'apply') {
    const i = argv.indexOf('--folders');
    if (i >= 0) for (const f of String(argv[i + 1]).split(',')) await ensureFolder(f.trim(), true);
  }
  if (cmd === 'duplicates' && (argv.includes('--group') || argv.includes('resolve')) && (await shoeboxJsonAsync(['duplicates'], env)).groups.length === 0) {
    mkdirSync(join(pics, 'backup'), { recursive: true });
    copyFileSync(originals[copies % originals.length]!, join(pics, 'backup', `copy-${copies++}.jpg`)); // an exact copy: a group of its own
    await shoeboxJsonAsync(['index'], env);
  }
  if (cmd === 'undo') applyId = (await shoeboxJsonAsync(['apply', '--to', join(dir, 'to-undo'), '--yes'], env)).batchId;
  if (cmd === 'model' && sub === 'remove') await shoeboxJsonAsync(['model', 'download', a!, '--accept-licence'], env);
}

/** After a line that changed the photos on disk: put them back, so every later line finds them where the docs say. */
async function cleanUp(argv: string[], code: number): Promise<void> {
  if (code === 0 && (argv.includes('apply') || argv.includes('duplicates')) && argv.includes('--yes')) await shoeboxJsonAsync(['undo'], env);
}

/** Commands that run until Ctrl-C: started, awaited until ready, stopped; they must exit 0. */
const UNTIL_STOPPED: Record<string, RegExp> = { serve: /http:\/\/127\.0\.0\.1:\d+\//, watch: /Watching / };

async function runUntilReady(argv: string[], ready: RegExp): Promise<{ code: number; output: string }> {
  const child = shoeboxSpawn(argv, env);
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGINT'), 60_000);
    let stopped = false; // one Ctrl-C: a second one quits at once, by design
    const check = (d: Buffer): void => {
      output += d.toString();
      if (!stopped && ready.test(output)) stopped = child.kill('SIGINT');
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

test('every shoebox command line in the README, the docs and --help runs as written', async (t) => {
  const pictures = await generatePhotos({ outDir: pics, count: 8, seed: 77 });
  mkdirSync(join(pics, '2023'));
  renameSync(pictures[0]!.file, join(pics, '2023', 'IMG_0042.jpg'));
  originals = pictures.slice(1).map((p) => p.file);

  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`);
  const shown = [...fromMarkdown('README.md'), ...docs.flatMap(fromMarkdown), ...(await fromHelp())];
  // The README's first command, with the model named before the command, as a new user copies it.
  assert.ok(shown.some((s) => s.form === 'shoebox --model <model-folder> index ~/Pictures'), 'the README shows how to start');

  const seen = new Set<string>();
  const failures: string[] = [];
  let ran = 0;
  for (const { form, where } of shown) {
    for (const line of expand(form)) {
      let argv: (string | (() => string))[];
      try {
        argv = fill(line, where);
      } catch (err) {
        failures.push((err as Error).message);
        continue;
      }
      const key = argv.map((w) => (typeof w === 'string' ? w : '<later>')).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      await prepare(argv);
      const args = argv.map((w) => (typeof w === 'string' ? w : w()));
      const cmd = args[commandIndex(args)] ?? '';
      // `restore` puts an older backup in place: it runs on a copy, so later lines find the library as it was.
      const lineEnv = cmd === 'restore' ? { ...env, SHOEBOX_LIBRARY: libraryCopy() } : env;
      const r = UNTIL_STOPPED[cmd]
        ? await runUntilReady(args, UNTIL_STOPPED[cmd]!)
        : await shoeboxAsync(args, lineEnv).then((x) => ({ code: x.code, output: x.stdout + x.stderr }));
      ran++;
      if (r.code !== 0) failures.push(`${where}\n    shoebox ${args.join(' ')}\n    exited ${r.code}: ${r.output.trim().split('\n').slice(-3).join(' / ')}`);
      await cleanUp(args, r.code);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of the command lines shown to users failed:\n${failures.join('\n')}`);
  t.diagnostic(`${ran} command lines ran, from ${shown.length} shown`);
  assert.ok(ran >= 40, `${ran} command lines ran`);
});
