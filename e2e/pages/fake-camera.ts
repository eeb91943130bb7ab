import { writeFileSync } from 'node:fs';
import { qrGrey, qrMatrixFromSvg } from '../../client/src/testing/qr-matrix.ts';

const WIDTH = 640;
const HEIGHT = 480;

/**
 * Writes a Y4M video (what Chromium's fake camera plays with --use-file-for-fake-video-capture)
 * showing the QR code of a qrcode.react SVG in the middle of a white frame.
 */
export function writeQrVideo(svg: string, file: string) {
  const { grey, width, height } = qrGrey(qrMatrixFromSvg(svg), 8);
  const luma = new Uint8Array(WIDTH * HEIGHT).fill(255);
  const left = (WIDTH - width) >> 1;
  const top = (HEIGHT - height) >> 1;
  for (let y = 0; y < height; y++) luma.set(grey.subarray(y * width, (y + 1) * width), (top + y) * WIDTH + left);
  const chroma = new Uint8Array((WIDTH / 2) * (HEIGHT / 2) * 2).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]),
  );
}
