import { QRCodeSVG } from 'qrcode.react';

/** The QR code printed on a handover slip: it carries the slip number only (nothing personal). */
export function SlipQr({ slipNumber, label }: { slipNumber: string; label: string }) {
  return <QRCodeSVG value={slipNumber} size={120} level="M" aria-label={label} />;
}
