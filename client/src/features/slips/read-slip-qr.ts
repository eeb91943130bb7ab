import { slipNumberSchema } from '@daiban/schemas';
import jsQR from 'jsqr';

/** What a camera frame showed: a handover slip's number, some other QR code, or none. */
export type QrReading = { kind: 'slip'; slipNumber: string } | { kind: 'other' } | { kind: 'none' };

/** Reads the QR code in one frame (RGBA pixels, as a canvas gives them) and checks it is a slip number. */
export function readSlipQr(image: { data: Uint8ClampedArray; width: number; height: number }): QrReading {
  const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
  if (!code) return { kind: 'none' };
  const slipNumber = slipNumberSchema.safeParse(code.data.trim());
  return slipNumber.success ? { kind: 'slip', slipNumber: slipNumber.data } : { kind: 'other' };
}
