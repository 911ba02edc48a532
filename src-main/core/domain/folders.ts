/**
 * Rules for category folders' names, the same for the CLI, the API and the
 * window. Browser-safe (no Node imports), so the renderer checks as the core does.
 */

/** Where photos go that fit no folder. Not a folder of its own: no folder may take its name. */
export const UNSORTED = 'Unsorted';

export const FOLDER_NAME_MAX = 100;

/** The form names are compared in: "Receipts", " receipts " and "RECEIPTS" are one name; so are Korean in NFC and NFD. */
export function folderNameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en-US');
}

/** Whether `name` means Unsorted (so it cannot name a folder, and in `assign` it means "no folder"). */
export function isUnsortedName(name: string): boolean {
  return folderNameKey(name) === folderNameKey(UNSORTED);
}

export type FolderNameProblem = 'empty' | 'reserved' | 'too_long';

/** What is wrong with a new folder name, if anything (uniqueness is the store's check). */
export function folderNameProblem(name: string): FolderNameProblem | undefined {
  const clean = name.normalize('NFC').trim();
  if (!clean) return 'empty';
  if (isUnsortedName(clean)) return 'reserved';
  if (clean.length > FOLDER_NAME_MAX) return 'too_long';
  return undefined;
}

/** How sure sorting is of a photo's place, in words. */
export type Certainty = 'sure' | 'likely' | 'borderline';

/**
 * The word for a confidence (σ of the margin): borderline within 2 logits of
 * the cut-off (the photos a folder asks about), likely within 4, sure beyond
 * (and for a choice made by hand).
 */
export function certaintyOf(confidence: number, manual = false): Certainty {
  if (manual || confidence >= 0.982) return 'sure';
  return confidence >= 0.881 ? 'likely' : 'borderline';
}
