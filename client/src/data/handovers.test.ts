import type { Case, Handover, ServiceItem } from '@daiban/schemas';
import { describe, expect, it } from 'vitest';
import { holderOf, originalsLate, originalsOf, receiptOf } from './handovers.ts';

const c = {
  status: 'submitted',
  receivedAt: '2026-11-20T02:00:00.000Z', // Friday in China
  materials: [
    { key: 'form', name: '申请表', required: true, status: 'collected', attachments: [] },
    { key: 'id_copy', name: '身份证复印件', required: true, status: 'collected', attachments: [] },
    { key: 'hukou', name: '户口簿', required: true, status: 'missing', attachments: [] },
  ],
} as unknown as Case;
const item = {
  materials: [
    { key: 'form', form: 'original' },
    { key: 'id_copy', form: 'copy' },
    { key: 'hukou', form: 'original_and_copy' },
  ],
} as unknown as ServiceItem;
const slip = (status: Handover['status'], createdAt: string) => ({ status, createdAt }) as Handover;

describe('paper originals', () => {
  it('are the collected materials the item wants in original', () => {
    expect(originalsOf(c, item)).toEqual([{ key: 'form', name: '申请表' }]);
  });

  it('are held by whoever the newest slip says, and by the applicant once the result is handed back', () => {
    expect(holderOf({}, [])).toBe('village');
    expect(holderOf({}, [slip('received', '2026-11-01T00:00:00Z'), slip('in_transit', '2026-11-02T00:00:00Z')])).toBe(
      'in_transit',
    );
    expect(holderOf({}, [slip('received', '2026-11-03T00:00:00Z'), slip('in_transit', '2026-11-02T00:00:00Z')])).toBe('township');
    const delivery = { deliveredAt: '2026-11-10T00:00:00Z', receivedBy: '本人' };
    expect(holderOf({ delivery }, [slip('received', '2026-11-03T00:00:00Z')])).toBe('applicant');
  });

  it('are late when still in the village three working days after receipt', () => {
    // Received Friday the 20th; three working days later is Wednesday the 25th.
    expect(originalsLate(c, 'village', true, new Date('2026-11-25T02:00:00Z'))).toBe(false);
    expect(originalsLate(c, 'village', true, new Date('2026-11-26T02:00:00Z'))).toBe(true);
    expect(originalsLate(c, 'in_transit', true, new Date('2026-11-30T02:00:00Z'))).toBe(false);
    expect(originalsLate(c, 'village', false, new Date('2026-11-30T02:00:00Z'))).toBe(false);
  });

  it('say what the township confirmed of each case on the newest slip: who, when, how many, what was missing and why', () => {
    const caseId = '00000000-0000-4000-8000-00000000000a';
    const other = '00000000-0000-4000-8000-00000000000b';
    const originals = [
      { key: 'form', name: '申请表' },
      { key: 'hukou', name: '户口簿' },
    ];
    const confirmed = {
      status: 'received',
      createdAt: '2026-11-21T00:00:00Z',
      items: [
        { caseId, caseNumber: 'DXG-T01-20261121-0001', originals },
        { caseId: other, caseNumber: 'DXG-T01-20261121-0002', originals },
      ],
      receivedAt: '2026-11-23T02:00:00.000Z',
      receivedBy: { id: 'sup', name: '刘建国' },
      missing: [{ caseId, key: 'hukou', note: '信封内未见' }],
    } as Handover;
    expect(receiptOf(caseId, [confirmed])).toEqual({
      by: '刘建国',
      at: '2026-11-23T02:00:00.000Z',
      received: 1,
      total: 2,
      missing: [{ key: 'hukou', name: '户口簿', note: '信封内未见' }],
    });
    expect(receiptOf(other, [confirmed])).toMatchObject({ received: 2, total: 2, missing: [] });
    expect(receiptOf(caseId, [{ ...confirmed, status: 'in_transit' }])).toBeUndefined();
    expect(
      receiptOf(caseId, [confirmed, { ...confirmed, status: 'in_transit', createdAt: '2026-11-24T00:00:00Z' }]),
    ).toBeUndefined();
  });
});
