/**
 * The GitHub Actions workflow (.github/workflows/ci.yml) does what the README
 * tells a developer to do, on each of the three OSes, and checks the real app:
 * its steps are read per OS (their `if:` and the matrix values filled in), and
 * the README's install and test commands must each be run on Linux, macOS and
 * Windows; the Electron test must run there with skips refused, and every
 * installer electron-builder.yml makes must be built and uploaded.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from '../helpers/paths.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(s: string): unknown };

interface Step {
  name?: string;
  if?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: { os: string[]; include?: Record<string, string>[] } };
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const OSES = { Linux: 'ubuntu', macOS: 'macos', Windows: 'windows' } as const;
type RunnerOs = keyof typeof OSES;

/** The README's set-up commands: its first shell block, less the two that start the app and wait (not a CI step). */
function readmeSetupCommands(readme: string): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith('Install, test, start'));
  assert.ok(section, 'README has an "Install, test, start" section');
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'with a shell block');
  const START_THE_APP = [/^npm start\b/, /^npx shoebox serve\b/];
  return block
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !START_THE_APP.some((r) => r.test(l)));
}

/** Whether a step runs on this OS: no `if:`, or one of the simple forms this workflow uses (anything else fails the test). */
function runsOn(step: Step, os: RunnerOs): boolean {
  if (step.if === undefined) return true;
  const m = /^\s*(?:always\(\)\s*&&\s*)?runner\.os\s*(==|!=)\s*'(\w+)'\s*$/.exec(step.if) ?? (/^\s*always\(\)\s*$/.test(step.if) ? ['', '!=', '-'] : null);
  assert.ok(m, `a condition this test cannot read: "${step.if}" (step ${step.name ?? step.run ?? step.uses})`);
  return m[1] === '==' ? m[2] === os : m[2] !== os;
}

/** The steps of `job` on this OS, with ${{ matrix.* }} and ${{ runner.os }} filled in. */
function stepsOn(job: Job, os: RunnerOs): Step[] {
  const matrix = job.strategy?.matrix;
  const osName = matrix ? matrix.os.find((o) => o.startsWith(OSES[os])) : job['runs-on'];
  if (!osName || !osName.startsWith(OSES[os])) return [];
  const values: Record<string, string> = { os: osName, ...(matrix?.include?.find((i) => i.os === osName) ?? {}) };
  const fill = (s: string): string =>
    s.replace(/\$\{\{\s*(matrix|runner)\.(\w+)\s*\}\}/g, (_all, ctx: string, key: string) => {
      if (ctx === 'runner') {
        assert.equal(key, 'os', `only runner.os is known here, not runner.${key}`);
        return os;
      }
      assert.ok(key in values, `matrix.${key} has no value for ${osName}`);
      return values[key]!;
    });
  return job.steps
    .filter((s) => runsOn(s, os))
    .map((s) => ({ ...s, ...(s.run ? { run: fill(s.run) } : {}), ...(s.with ? { with: Object.fromEntries(Object.entries(s.with).map(([k, v]) => [k, fill(String(v))])) } : {}) }));
}

/** Whether `command` is run as a command of its own in a step's script (possibly after a wrapper such as `xvfb-run -a`). */
function runsCommand(run: string, command: string): boolean {
  const esc = command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(^|\\n|&&|;|\\|\\||xvfb-run(\\s+-\\S+)*)\\s*${esc}(\\s*$|\\s*(&&|;|\\|\\||\\n))`, 'm').test(run);
}

const workflow = (): Workflow => yaml.load(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as Workflow;
const theJob = (): Job => {
  const jobs = Object.values(workflow().jobs);
  assert.equal(jobs.length, 1, 'one job, run on every OS by its matrix');
  return jobs[0]!;
};

test('the workflow runs the README\'s set-up commands (npm ci, npm test) on Linux, macOS and Windows', () => {
  const commands = readmeSetupCommands(readFileSync(join(ROOT, 'README.md'), 'utf8'));
  for (const c of ['npm ci', 'npm test']) assert.ok(commands.includes(c), `the README tells developers to run ${c} (${commands.join(', ')})`);
  const w = workflow();
  assert.ok('push' in w.on && 'pull_request' in w.on, 'it runs on pushes and pull requests');
  const job = theJob();
  for (const os of Object.keys(OSES) as RunnerOs[]) {
    const steps = stepsOn(job, os);
    assert.ok(steps.length > 0, `the job runs on ${os}`);
    const runs = steps.map((s) => s.run ?? '');
    // each command, in the README's order
    let at = -1;
    for (const c of commands) {
      const i = runs.findIndex((r, k) => k > at && runsCommand(r, c));
      assert.ok(i >= 0, `${os}: "${c}" is run (after the previous README command)`);
      at = i;
    }
    assert.ok(!JSON.stringify(steps).includes('ELECTRON_SKIP_BINARY_DOWNLOAD'), `${os}: Electron's binary is downloaded`);
    if (os === 'Linux') assert.ok(runs.some((r) => /^xvfb-run\b.*npm test/m.test(r)), 'Linux: npm test under xvfb-run (the Electron test needs a display)');
  }
});

test('the workflow runs the Electron test as the development and the packaged app, with skips refused, and uploads every installer', () => {
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, { target: string[] }>;
  const ext: Record<string, string> = { AppImage: 'AppImage', deb: 'deb', nsis: 'exe', dmg: 'dmg' };
  for (const os of Object.keys(OSES) as RunnerOs[]) {
    const steps = stepsOn(theJob(), os);
    const electronRuns = steps.filter((s) => /run-tests\.js\s+electron\/app/.test(s.run ?? ''));
    assert.deepEqual(electronRuns.map((s) => s.env?.SHOEBOX_ELECTRON_APP), ['dev', 'packaged'], `${os}: the Electron test, dev app then packaged app`);
    for (const s of electronRuns) assert.equal(s.env?.SHOEBOX_REQUIRE_ELECTRON, '1', `${os}: the Electron test may not skip`);
    const at = (re: RegExp): number => steps.findIndex((s) => re.test(s.run ?? ''));
    const dist = at(/npm run dist -- --publish never/);
    assert.ok(dist >= 0, `${os}: electron-builder runs, publishing nothing`);
    assert.ok(at(/electron-builder install-app-deps/) < steps.indexOf(electronRuns[0]!), `${os}: natives rebuilt for Electron before the dev app runs`);
    assert.ok(dist < steps.indexOf(electronRuns[1]!), `${os}: the packaged app is tested after it is built`);
    if (os === 'Linux') for (const s of electronRuns) assert.match(s.run!, /^xvfb-run/, 'Linux: Electron under xvfb-run');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact') && /release\//.test(s.with?.path ?? ''));
    assert.ok(upload, `${os}: the installers are uploaded`);
    const platform = { Linux: 'linux', macOS: 'mac', Windows: 'win' }[os];
    for (const target of config[platform]!.target) {
      assert.ok(ext[target], `a target this test knows: ${target}`);
      assert.ok(upload.with!.path!.includes(`release/*.${ext[target]}`), `${os}: the ${target} installer is uploaded`);
    }
  }
});

test('the installers carry what the app reads at run time: the model catalog beside app.asar, and a .deb maintainer', () => {
  const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as {
    extraResources?: { from: string; to: string; filter?: string[] }[];
    linux: { maintainer?: string };
  };
  // core/models/catalog.ts: in a packaged app, process.resourcesPath/models/catalog.json.
  const catalog = config.extraResources?.find((r) => r.from === 'resources/models');
  assert.ok(catalog, 'resources/models is copied beside app.asar');
  assert.equal(catalog.to, 'models');
  assert.ok(!catalog.filter || catalog.filter.includes('catalog.json'), 'with catalog.json');
  assert.ok(config.linux.maintainer, 'the .deb has a maintainer (electron-builder refuses one without)');
});

test('the workflow reader is not fooled: a workflow without npm test on Windows, or with an unreadable condition, fails', () => {
  const job: Job = {
    'runs-on': '${{ matrix.os }}',
    strategy: { matrix: { os: ['ubuntu-latest', 'windows-latest'], include: [{ os: 'ubuntu-latest', display: 'xvfb-run -a' }, { os: 'windows-latest', display: '' }] } },
    steps: [{ run: 'npm ci' }, { if: "runner.os == 'Linux'", run: '${{ matrix.display }} npm test' }, { run: 'npm run test:unit' }],
  };
  const runs = (os: RunnerOs): string[] => stepsOn(job, os).map((s) => s.run ?? '');
  assert.ok(runs('Linux').some((r) => runsCommand(r, 'npm test')));
  assert.ok(!runs('Windows').some((r) => runsCommand(r, 'npm test')), 'npm test only on Linux');
  assert.ok(!runsCommand('npm run test:unit', 'npm test') && !runsCommand('npm testing', 'npm test') && !runsCommand('echo npm test', 'npm test'));
  assert.deepEqual(stepsOn(job, 'macOS'), [], 'no macOS in the matrix');
  assert.throws(() => stepsOn({ ...job, steps: [{ if: "contains(matrix.os, 'ubuntu')", run: 'npm test' }] }, 'Linux'), /cannot read/);
});
