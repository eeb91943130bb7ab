/**
 * Turns the SVG that qrcode.react renders into its module matrix and from there into pixels,
 * so tests can show a real printed QR code to the scanner (node has no canvas).
 */

/** The dark modules of a QR code from qrcode.react's SVG: its path is one `M x y h w v1 H x z` run per row segment. */
export function qrMatrixFromSvg(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  // The first path is the light background square, the last one the dark modules.
  const path = [...svg.matchAll(/<path[^>]* d="([^"]+)"/g)].map((m) => m[1] ?? '').at(-1);
  if (!size || !path) throw new Error('not a qrcode.react SVG');
  const matrix = Array.from({ length: size }, () => new Array<boolean>(size).fill(false));
  for (const [, x, y, w] of path.matchAll(/M(\d+)[ ,](\d+)\s*h(\d+)v1H\d+z/g)) {
    for (let i = 0; i < Number(w); i++) matrix[Number(y)]![Number(x) + i] = true;
  }
  return matrix;
}

/** Grey levels (0 dark, 255 light) of the matrix at `scale` pixels per module with a 4-module quiet zone. */
export function qrGrey(matrix: boolean[][], scale: number): { grey: Uint8Array; width: number; height: number } {
  const side = (matrix.length + 8) * scale;
  const grey = new Uint8Array(side * side).fill(255);
  for (const [y, row] of matrix.entries()) {
    for (const [x, dark] of row.entries()) {
      if (!dark) continue;
      for (let dy = 0; dy < scale; dy++) {
        const line = ((y + 4) * scale + dy) * side;
        grey.fill(0, line + (x + 4) * scale, line + (x + 5) * scale);
      }
    }
  }
  return { grey, width: side, height: side };
}

/** The same picture as RGBA pixels, as a canvas would hand them to the scanner. */
export function qrRgba(matrix: boolean[][], scale: number): { data: Uint8ClampedArray; width: number; height: number } {
  const { grey, width, height } = qrGrey(matrix, scale);
  const data = new Uint8ClampedArray(width * height * 4);
  for (const [i, v] of grey.entries()) data.set([v, v, v, 255], i * 4);
  return { data, width, height };
}
