// The workload both sync systems carry in the comparison: case records made by the real client
// commands, and photos of realistic JPEG sizes (150–400 KB of incompressible bytes).
import { randomBytes } from 'node:crypto';

const MIN_PHOTO = 150_000;
const MAX_PHOTO = 400_000;

/** `count` photos spread evenly over 150–400 KB; random bytes, so no link or format can compress them. */
export function makePhotos(count: number): Blob[] {
  return Array.from({ length: count }, (_, i) => {
    const size = MIN_PHOTO + Math.round(((MAX_PHOTO - MIN_PHOTO) * (i + 0.5)) / count);
    return new Blob([randomBytes(size)], { type: 'image/jpeg' });
  });
}

export function photoBytes(photos: Blob[]): number {
  return photos.reduce((n, p) => n + p.size, 0);
}
