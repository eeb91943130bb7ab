// The workload both sync systems carry in the comparison: case records made by the real client
// commands, and photos of realistic JPEG sizes (150–400 KB of incompressible bytes). Runs in Node
// and, bundled, in Chromium's page (bench/comparison-page.ts): the same photos in both.

const MIN_PHOTO = 150_000;
const MAX_PHOTO = 400_000;

/**
 * `count` photos spread evenly over 150–400 KB: bytes of a seeded generator (mulberry32), which no
 * link or format can compress, and the same wherever they are made.
 */
export function makePhotos(count: number): Blob[] {
  return Array.from({ length: count }, (_, i) => {
    const size = MIN_PHOTO + Math.round(((MAX_PHOTO - MIN_PHOTO) * (i + 0.5)) / count);
    return new Blob([noise(size, i + 1)], { type: 'image/jpeg' });
  });
}

export function photoBytes(photos: Blob[]): number {
  return photos.reduce((n, p) => n + p.size, 0);
}

function noise(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const words = new Uint32Array(Math.ceil(size / 4));
  let state = seed >>> 0;
  for (let i = 0; i < words.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    words[i] = (t ^ (t >>> 14)) >>> 0;
  }
  return new Uint8Array(words.buffer, 0, size);
}
