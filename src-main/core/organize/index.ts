/** Organize on disk: preview (plan), apply, undo, history and crash recovery of category folders written as real folders. */
export { planApply, formatBytes, isInside, type ApplyPlan, type PlannedOp, type PlanOptions } from './plan.js';
export { applyPlan, type RunOptions } from './apply.js';
export { undoBatch, undoTarget, lastUndoable } from './undo.js';
export { recoverInterruptedBatches, needsRecovery, describeRecovery, type RecoveryReport } from './recover.js';
export { listHistory, type HistoryEntry } from './history.js';
export type { BatchReport, KeptFile } from './report.js';
export type { OrganizeMode } from './journal.js';
export { safeName, safeFileName, distinctFolderNames } from './safe-names.js';
