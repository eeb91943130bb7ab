import { describe, expect, it } from 'vitest';
import { canMove } from './lifecycle.ts';
import { mutationSchema } from './mutation.ts';

describe('mutations', () => {
  it('parses a receive mutation and refuses an unknown type', () => {
    const base = { id: '0b9f6c1e-3d4a-4c8e-9a51-2f7d6e8b1c03', deviceSeq: 1, hlc: '001700000000000-00000-dev' };
    const receive = {
      ...base,
      type: 'case.receive',
      payload: { caseId: '6a1d2e3f-4b5c-4d6e-8f70-8192a3b4c5d6', receivedAt: '2026-11-21T08:00:00.000Z' },
    };
    expect(mutationSchema.parse(receive).type).toBe('case.receive');
    expect(mutationSchema.safeParse({ ...receive, type: 'case.delete' }).success).toBe(false);
    expect(mutationSchema.safeParse({ ...receive, deviceSeq: 0 }).success).toBe(false);
  });
});

describe('case lifecycle', () => {
  it('lets agents receive drafts and the township accept submitted cases', () => {
    expect(canMove('agent', 'draft', 'received')).toBe(true);
    expect(canMove('township', 'submitted', 'accepted')).toBe(true);
  });

  it('keeps township decisions from agents and closed cases closed', () => {
    expect(canMove('agent', 'submitted', 'accepted')).toBe(false);
    expect(canMove('township', 'rejected', 'accepted')).toBe(false);
    expect(canMove('agent', 'withdrawn', 'received')).toBe(false);
  });
});
