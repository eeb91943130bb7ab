import type { Case, CaseException } from './case.ts';
import { materialField } from './case-changes.ts';
import type { Material } from './material.ts';

/**
 * Required materials neither collected nor waived (免交): what 容缺受理 must give a reason for.
 * An optional (选填) material is never missing.
 */
export function missingRequired(materials: readonly Material[]): Material[] {
  return materials.filter((m) => m.required && m.status === 'missing');
}

/**
 * The materials a returned case was flagged for (退回补正) that were not corrected: still missing,
 * or not changed since the return (the same clock as when the township returned it).
 */
export function uncorrected(c: Case): Material[] {
  const request = c.returnRequest;
  if (!request) return [];
  return c.materials.filter((m) => {
    if (!request.materialKeys.includes(m.key)) return false;
    if (m.status === 'missing') return true;
    const before = request.clocks?.[m.key];
    return before !== undefined && (c.clocks?.[materialField(m.key)] ?? null) === before;
  });
}

/** The flagged materials' clocks as the township returns the case, for `uncorrected` later. */
export function returnClocks(c: Case, materialKeys: readonly string[]): Record<string, string | null> {
  return Object.fromEntries(materialKeys.map((k) => [k, c.clocks?.[materialField(k)] ?? null]));
}

/** The case with one more exception recorded, when there is anything to record. */
export function withException(
  c: Case,
  kind: CaseException['kind'],
  materials: readonly Material[],
  reason: string | undefined,
  at: string,
): Case {
  if (materials.length === 0 || !reason) return c;
  const exception: CaseException = { kind, materialKeys: materials.map((m) => m.key), reason, at };
  return { ...c, exceptions: [...(c.exceptions ?? []), exception] };
}
