import imageCompression from 'browser-image-compression';
import { db } from './db.ts';
import { openPhoto } from './vault.ts';

/**
 * Turns a stored photo a quarter turn clockwise (a scan taken sideways), as a new JPEG.
 * Returns a function so the caller can run it where it likes (outside any transaction).
 */
export function rotateImage(sha256: string): () => Promise<Blob> {
  return async () => {
    const stored = await db.blobs.get(sha256);
    if (!stored) throw new Error('photo not on this device');
    const bitmap = await createImageBitmap(await openPhoto(db, stored));
    const canvas = new OffscreenCanvas(bitmap.height, bitmap.width);
    const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    g.translate(bitmap.height, 0);
    g.rotate(Math.PI / 2);
    g.drawImage(bitmap, 0, 0);
    return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  };
}

/** Photos are stored with their long edge at most this many pixels. */
export const MAX_IMAGE_EDGE = 2048;

/**
 * Downscales a photo on the device before it is stored (long edge ≤ 2048 px, JPEG), so a
 * tablet's 12-megapixel shot becomes a few hundred KB on the village link. PDFs and files
 * that are not images pass through unchanged (the attach command checks their type).
 */
export async function prepareForStorage(file: Blob): Promise<Blob> {
  if (!file.type.startsWith('image/')) return file;
  const compressed = await imageCompression(file as File, {
    maxWidthOrHeight: MAX_IMAGE_EDGE,
    fileType: 'image/jpeg',
    initialQuality: 0.8,
    maxSizeMB: 1.5,
    // The library's worker would load its code from a CDN: run it here instead, offline.
    useWebWorker: false,
  });
  return compressed;
}
