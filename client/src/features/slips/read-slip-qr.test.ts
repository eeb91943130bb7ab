import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { qrMatrixFromSvg, qrRgba } from '../../testing/qr-matrix.ts';
import { SlipQr } from '../handovers/SlipQr.tsx';
import { readSlipQr } from './read-slip-qr.ts';

const printed = (text: string) => qrMatrixFromSvg(renderToStaticMarkup(createElement(SlipQr, { slipNumber: text, label: '' })));

describe('the handover slip QR code', () => {
  it('printed by the tablet is read back by the township scanner as the slip number', () => {
    for (const slipNumber of ['DXG-T01-20261122-J01', 'QSHS-A12B-20270105-J123']) {
      expect(readSlipQr(qrRgba(printed(slipNumber), 3))).toEqual({ kind: 'slip', slipNumber });
    }
  });

  it('tells another QR code (a receipt’s, a web address) from a slip, and an empty frame from both', () => {
    expect(readSlipQr(qrRgba(printed('https://example.org/DXG-T01-20261122-J01'), 3))).toEqual({ kind: 'other' });
    expect(readSlipQr(qrRgba([[false]], 40))).toEqual({ kind: 'none' });
  });
});
