/** How category folders are written to disk. Browser-safe. */

/** copy: originals stay; move: the library follows; hardlink and symlink take no extra space. */
export const ORGANIZE_MODES = ['copy', 'move', 'hardlink', 'symlink'] as const;
export type OrganizeMode = (typeof ORGANIZE_MODES)[number];

export function isOrganizeMode(mode: string): mode is OrganizeMode {
  return (ORGANIZE_MODES as readonly string[]).includes(mode);
}
