import { BLOB_BATCH_BYTES, BLOB_BATCH_MAX, BLOB_CHUNK_BYTES } from '@daiban/schemas';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StoredBlob } from '../data/db.ts';
import { planUploads } from './sync-engine.ts';

const photoArb = fc.record({
  sha256: fc.uuid(),
  size: fc.oneof(
    fc.integer({ min: 1, max: BLOB_CHUNK_BYTES }),
    fc.integer({ min: BLOB_CHUNK_BYTES + 1, max: 3 * BLOB_CHUNK_BYTES }),
  ),
  tried: fc.boolean(),
});

describe('planUploads', () => {
  it('sends every photo once; batches only photos never tried that fit in a chunk, within the batch limits', () => {
    fc.assert(
      fc.property(fc.uniqueArray(photoArb, { selector: (p) => p.sha256, maxLength: 60 }), (photos) => {
        const waiting = photos.map(
          (p): StoredBlob => ({ sha256: p.sha256, size: p.size, mime: 'image/jpeg', blob: new Blob([]), uploaded: 0 }),
        );
        const tried = new Set(photos.filter((p) => p.tried).map((p) => p.sha256));
        const plan = planUploads(waiting, tried);
        const ids = (list: StoredBlob[]) => list.map((p) => p.sha256).sort();
        expect(ids(plan.flat())).toEqual(ids(waiting));
        for (const upload of plan) {
          expect(upload.length).toBeGreaterThan(0);
          if (upload.length === 1) continue;
          expect(upload.length).toBeLessThanOrEqual(BLOB_BATCH_MAX);
          expect(upload.reduce((n, p) => n + p.size, 0)).toBeLessThanOrEqual(BLOB_BATCH_BYTES);
          for (const p of upload) expect(!tried.has(p.sha256) && p.size <= BLOB_CHUNK_BYTES).toBe(true);
        }
        // A batch closes only when the next photo would not fit: no two batches in turn could be one.
        const batchable = (u: StoredBlob[]) => u.every((p) => !tried.has(p.sha256) && p.size <= BLOB_CHUNK_BYTES);
        const batches = plan.filter(batchable);
        for (let i = 1; i < batches.length; i++) {
          const [before, after] = [batches[i - 1]!, batches[i]!];
          const merged = [...before, after[0]!];
          expect(merged.length > BLOB_BATCH_MAX || merged.reduce((n, p) => n + p.size, 0) > BLOB_BATCH_BYTES).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
