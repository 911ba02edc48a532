/**
 * Child process of the kill tests: runs an apply, an undo or a recovery on a
 * library and SIGKILLs itself at the N-th step (a point where a crash leaves a
 * distinct state on disk). N = 0 runs to the end and prints the step count.
 *   node kill-child.js <libDir> apply <mode> <destRoot> <N>
 *   node kill-child.js <libDir> undo - - <N>
 *   node kill-child.js <libDir> recover - - <N>
 *   node kill-child.js <libDir> resolve - <destRoot> <N>   (every duplicate group: keep one, move the others; destRoot "trash": to the trash;
 *     "windows:<folder>": to the Recycle Bin of a pretend Windows whose drive is <folder>, SID FAKE_SID)
 */
import { openLibrary } from '../../src-main/core/context.js';
import { applyPlan, planApply, recoverInterruptedBatches, undoBatch, type OrganizeMode } from '../../src-main/core/organize/index.js';
import { findLibraryGroups } from '../../src-main/core/duplicates/library.js';
import { resolveGroups } from '../../src-main/core/duplicates/resolve.js';
import { pretendWindows } from './pretend-windows.js';

const [libDir, action, mode, destRoot, killAtArg] = process.argv.slice(2);
const killAt = Number(killAtArg);
let steps = 0;
const onStep = (): void => {
  steps++;
  if (steps === killAt) process.kill(process.pid, 'SIGKILL');
};

const ctx = openLibrary(libDir!);
if (action === 'apply') {
  const plan = await planApply(ctx, { destRoot: destRoot!, mode: mode as OrganizeMode, unsorted: true });
  await applyPlan(ctx, plan, { onStep });
} else if (action === 'resolve') {
  if (destRoot!.startsWith('windows:')) pretendWindows(destRoot!.slice('windows:'.length));
  const toTrash = destRoot === 'trash' || destRoot!.startsWith('windows:');
  await resolveGroups(ctx, findLibraryGroups(ctx, undefined).map((group) => ({ group })), toTrash ? undefined : destRoot!, { onStep });
} else if (action === 'undo') {
  await undoBatch(ctx, undefined, { onStep });
} else {
  await recoverInterruptedBatches(ctx, { onStep });
}
ctx.db.close();
process.stdout.write(JSON.stringify({ steps }) + '\n');
