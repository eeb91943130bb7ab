// The workload both sync systems carry in the comparison: case records made by the real client
// commands, and photos of realistic JPEG sizes (150–400 KB of incompressible bytes).
import { randomBytes } from 'node:crypto';
import { residentIdCheckChar } from '@daiban/schemas';

const MIN_PHOTO = 150_000;
const MAX_PHOTO = 400_000;

/** `count` photos spread evenly over 150–400 KB; random bytes, so no link or format can compress them. */
export function makePhotos(count: number): Blob[] {
  return Array.from({ length: count }, (_, i) => {
    const size = MIN_PHOTO + Math.round(((MAX_PHOTO - MIN_PHOTO) * (i + 0.5)) / count);
    return new Blob([randomBytes(size)], { type: 'image/jpeg' });
  });
}

/** A valid resident ID number distinct for each n (the birth date moves one day per n). */
export function benchIdNumber(n: number): string {
  const birth = new Date(Date.UTC(1935, 0, 1) + n * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `430981${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function photoBytes(photos: Blob[]): number {
  return photos.reduce((n, p) => n + p.size, 0);
}
