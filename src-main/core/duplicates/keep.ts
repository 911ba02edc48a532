/**
 * Which photo of a group to keep. Duplicates: the most pixels, then the
 * original format over a re-encode (the format the camera wrote, i.e. that of
 * a copy with the camera's EXIF, else the larger file at equal size: less
 * compression), then the one with EXIF, then the earliest (taken, then file
 * time), then the shortest path. Similar shots: the sharpest, then as above.
 */
export interface KeepFacts {
  id: number;
  path: string;
  size: number;
  width: number | null;
  height: number | null;
  takenAt: string | null;
  camera: string | null;
  mtimeMs: number;
  format: string | null;
  sharpness: number | null;
}

/** Formats a camera or phone writes as the original; a copy in any other is a conversion. */
const CAMERA_FORMATS = new Set(['jpeg', 'heif', 'dng', 'tiff']);

export function suggestKeep(photos: readonly KeepFacts[], kind: 'exact' | 'near' | 'similar'): KeepFacts {
  const withExif = photos.filter((p) => p.camera !== null || p.takenAt !== null);
  const original = withExif.find((p) => p.format !== null)?.format;
  const isOriginalFormat = (p: KeepFacts): number =>
    original ? (p.format === original ? 1 : 0) : CAMERA_FORMATS.has(p.format ?? '') ? 1 : 0;
  const pixels = (p: KeepFacts): number => (p.width ?? 0) * (p.height ?? 0);
  const exif = (p: KeepFacts): number => (p.camera !== null || p.takenAt !== null ? 1 : 0);
  const order = (a: KeepFacts, b: KeepFacts): number =>
    (kind === 'similar' ? (b.sharpness ?? 0) - (a.sharpness ?? 0) : 0) ||
    pixels(b) - pixels(a) ||
    isOriginalFormat(b) - isOriginalFormat(a) ||
    exif(b) - exif(a) ||
    b.size - a.size ||
    (a.takenAt ?? '\uffff').localeCompare(b.takenAt ?? '\uffff') ||
    a.mtimeMs - b.mtimeMs ||
    a.path.length - b.path.length ||
    a.path.localeCompare(b.path);
  return [...photos].sort(order)[0]!;
}
