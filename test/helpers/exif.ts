/**
 * Real EXIF in generated JPEGs (piexifjs, pure JavaScript): date taken,
 * camera make and model, GPS. What a camera writes, so indexing reads it as it
 * reads any photo.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface Piexif {
  ImageIFD: Record<string, number>;
  ExifIFD: Record<string, number>;
  GPSIFD: Record<string, number>;
  dump(exif: object): string;
  insert(exif: string, jpeg: string): string;
  GPSHelper: { degToDmsRational(deg: number): number[][] };
}
const piexif = createRequire(import.meta.url)('piexifjs') as Piexif;

export interface ExifFacts {
  /** 'YYYY:MM:DD HH:MM:SS' as cameras write it */
  taken?: string;
  make?: string;
  model?: string;
  lat?: number;
  lon?: number;
}

/** Writes EXIF into a JPEG file in place. */
export function writeExif(file: string, facts: ExifFacts): void {
  const zeroth: Record<number, unknown> = {};
  const exif: Record<number, unknown> = {};
  const gps: Record<number, unknown> = {};
  if (facts.make) zeroth[piexif.ImageIFD.Make!] = facts.make;
  if (facts.model) zeroth[piexif.ImageIFD.Model!] = facts.model;
  if (facts.taken) exif[piexif.ExifIFD.DateTimeOriginal!] = facts.taken;
  if (facts.lat !== undefined && facts.lon !== undefined) {
    gps[piexif.GPSIFD.GPSLatitudeRef!] = facts.lat >= 0 ? 'N' : 'S';
    gps[piexif.GPSIFD.GPSLatitude!] = piexif.GPSHelper.degToDmsRational(Math.abs(facts.lat));
    gps[piexif.GPSIFD.GPSLongitudeRef!] = facts.lon >= 0 ? 'E' : 'W';
    gps[piexif.GPSIFD.GPSLongitude!] = piexif.GPSHelper.degToDmsRational(Math.abs(facts.lon));
  }
  const bytes = piexif.dump({ '0th': zeroth, Exif: exif, GPS: gps });
  const jpeg = readFileSync(file).toString('binary');
  writeFileSync(file, Buffer.from(piexif.insert(bytes, jpeg), 'binary'));
}
