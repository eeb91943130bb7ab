import imageCompression from 'browser-image-compression';

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
