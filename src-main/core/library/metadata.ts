/** What the camera wrote: date taken, camera, GPS, orientation (exifr). Missing or broken EXIF is not an error. */
import exifr from 'exifr';

export interface PhotoMetadata {
  takenAt: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  orientation: number | null;
}

const NONE: PhotoMetadata = { takenAt: null, camera: null, lat: null, lon: null, orientation: null };

export async function readMetadata(buf: Buffer): Promise<PhotoMetadata> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(buf, {
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      translateValues: false,
      reviveValues: true,
      mergeOutput: true,
    })) as Record<string, unknown> | undefined;
  } catch {
    return NONE;
  }
  if (!tags) return NONE;
  // exifr names IFD0's DateTime (0x0132) "ModifyDate": the only date some editors and scanners leave.
  const date = (tags.DateTimeOriginal ?? tags.CreateDate ?? tags.ModifyDate ?? tags.DateTime) as unknown;
  const make = typeof tags.Make === 'string' ? tags.Make.trim() : '';
  const model = typeof tags.Model === 'string' ? tags.Model.trim() : '';
  // Many cameras repeat the make in the model ("Canon" + "Canon EOS 80D").
  const camera = model.toLowerCase().startsWith(make.toLowerCase()) ? model : [make, model].filter(Boolean).join(' ');
  const lat = typeof tags.latitude === 'number' && Number.isFinite(tags.latitude) ? tags.latitude : null;
  const lon = typeof tags.longitude === 'number' && Number.isFinite(tags.longitude) ? tags.longitude : null;
  return {
    takenAt: date instanceof Date && !Number.isNaN(date.getTime()) ? localIso(date) : null,
    camera: camera || null,
    lat,
    lon,
    orientation: typeof tags.Orientation === 'number' ? tags.Orientation : null,
  };
}

/** EXIF times have no zone; exifr reads them as local time. Keep the wall-clock time the camera showed. */
function localIso(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
