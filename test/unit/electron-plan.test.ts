/**
 * Which desktop app the Electron end-to-end test starts, or why it is skipped
 * (test/helpers/electron-app.ts), with made-up machines: the packaged app wins
 * when there is one, a missing binary or display or natives built for Node
 * are skips that say what to do, never a run that "passes".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planElectronRun, packagedCandidates, realElectronSearch, type ElectronSearch } from '../helpers/electron-app.js';

const ABI = 'Error: The module better_sqlite3.node was compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 139.';

function machine(over: Partial<ElectronSearch> = {}): ElectronSearch {
  return {
    env: { DISPLAY: ':99' },
    platform: 'linux',
    packaged: () => [],
    electron: () => ({ path: '/repo/node_modules/electron/dist/electron' }),
    probeNatives: () => undefined,
    ...over,
  };
}

test('the packaged app is tested when release/ has one; else the development app', () => {
  assert.deepEqual(planElectronRun(machine({ packaged: () => ['/repo/release/linux-unpacked/shoebox'] })), { target: { kind: 'packaged', executable: '/repo/release/linux-unpacked/shoebox' } });
  assert.deepEqual(planElectronRun(machine()), { target: { kind: 'dev', electron: '/repo/node_modules/electron/dist/electron' } });
  // Asked for by name: that one, or a skip that says why.
  assert.equal(planElectronRun(machine({ env: { DISPLAY: ':1', SHOEBOX_ELECTRON_APP: 'dev' }, packaged: () => ['/x/shoebox'] })).target?.kind, 'dev');
  assert.match(planElectronRun(machine({ env: { DISPLAY: ':1', SHOEBOX_ELECTRON_APP: 'packaged' } })).skip ?? '', /npm run dist/);
  assert.match(planElectronRun(machine({ env: { DISPLAY: ':1', SHOEBOX_ELECTRON_APP: 'yes' } })).skip ?? '', /"packaged" or "dev"/);
});

test('no Electron binary, no display, or natives built for Node: skipped with what to do', () => {
  const noBinary = planElectronRun(machine({ electron: () => ({ error: 'Electron failed to install correctly' }) }));
  assert.equal(noBinary.target, undefined);
  assert.match(noBinary.skip ?? '', /no Electron binary.*ELECTRON_SKIP_BINARY_DOWNLOAD.*install\.js/);
  assert.match(planElectronRun(machine({ env: {} })).skip ?? '', /xvfb-run/);
  assert.equal(planElectronRun(machine({ env: { WAYLAND_DISPLAY: 'wayland-0' } })).target?.kind, 'dev');
  assert.equal(planElectronRun(machine({ env: {}, platform: 'darwin' })).target?.kind, 'dev', 'macOS and Windows always have a display');
  const abi = planElectronRun(machine({ probeNatives: () => ABI }));
  assert.match(abi.skip ?? '', /built for Node, not for Electron \(NODE_MODULE_VERSION 115.*install-app-deps/);
  // Any other failure of the natives is not a reason to skip: the test runs and fails, showing it.
  assert.equal(planElectronRun(machine({ probeNatives: () => 'Segmentation fault' })).target?.kind, 'dev');
});

test('electron-builder\'s unpacked app is found on each OS', () => {
  assert.deepEqual(packagedCandidates('linux', ['/r/release/linux-unpacked', '/r/release/linux-arm64-unpacked', '/r/release/win-unpacked']), ['/r/release/linux-unpacked/shoebox', '/r/release/linux-arm64-unpacked/shoebox']);
  assert.deepEqual(packagedCandidates('win32', ['/r/release/win-unpacked', '/r/release/linux-unpacked']), ['/r/release/win-unpacked/Shoebox.exe']);
  assert.deepEqual(packagedCandidates('darwin', ['/r/release/mac-arm64', '/r/release/mac', '/r/release/.icon-icns']), ['/r/release/mac-arm64/Shoebox.app/Contents/MacOS/Shoebox', '/r/release/mac/Shoebox.app/Contents/MacOS/Shoebox']);
});

test('on this machine, the plan is a target or a reason (printed, so the log says which)', (t) => {
  const plan = planElectronRun(realElectronSearch());
  t.diagnostic(plan.target ? `Electron test runs ${plan.target.kind}` : `Electron test skipped: ${plan.skip}`);
  assert.ok((plan.target === undefined) !== (plan.skip === undefined));
});
