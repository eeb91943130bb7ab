import type { Page } from '@playwright/test';

/** A JPEG as a tablet camera would give it: busy content, high quality, `width` × `height`. */
export async function cameraPhoto(page: Page, width: number, height: number): Promise<Buffer> {
  const bytes = await page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      for (let i = 0; i < 400; i++) {
        g.fillStyle = `hsl(${(i * 47) % 360}, 70%, ${30 + (i % 40)}%)`;
        g.fillRect((i * 173) % w, (i * 97) % h, 60 + (i % 200), 40 + (i % 150));
      }
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    },
    [width, height] as const,
  );
  return Buffer.from(bytes);
}
