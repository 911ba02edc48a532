/**
 * A pretend Windows for the trash rules (core/organize/trash.ts): every path
 * is on one drive whose root is `drive` (a temp folder), the user's SID is
 * FAKE_SID. The moves, the journal and undo are the real ones.
 */
import { join } from 'node:path';
import { setTrashHost } from '../../src-main/core/organize/trash.js';

export const FAKE_SID = 'S-1-5-21-1004336348-1177238915-682003330-1001';

/** Returns the Recycle Bin folder of the pretend drive. */
export function pretendWindows(drive: string): string {
  setTrashHost({ platform: 'win32', driveRoot: () => drive, sid: () => FAKE_SID });
  return join(drive, '$Recycle.Bin', FAKE_SID);
}
