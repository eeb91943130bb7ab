import { z } from 'zod';
import { chinaDate } from './working-days.ts';

/**
 * Resident identity numbers (居民身份证号码) after GB 11643-1999: 6-digit region code,
 * 8-digit birth date, 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type Sex = 'male' | 'female';

export interface ResidentIdFacts {
  regionCode: string;
  birthDate: string;
  sex: Sex;
}

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1880 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Returns why the number is invalid, or null when it is a well-formed 18-character number. `today`
 * (YYYY-MM-DD, China) bounds the birth date: nobody registered here is born after it.
 */
export function residentIdProblem(raw: string, today = chinaDate(new Date())): string | null {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码应为18位，最后一位可为X';
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) return '身份证号码中的出生日期无效';
  if (birth > today.replaceAll('-', '')) return '身份证号码中的出生日期在今天之后，请核对';
  // The check character does not match: one of the 18 characters was mistyped.
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return '身份证号码有误，请逐位核对（可能输错了一位）';
  return null;
}

/** Birth date (YYYY-MM-DD), sex and region code read from a valid number. */
export function residentIdFacts(id: string): ResidentIdFacts {
  const birth = id.slice(6, 14);
  return {
    regionCode: id.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Masked form for lists and receipts: 4301**********1234. */
export function maskResidentId(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`;
}

export const residentIdSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((id, ctx) => {
    const problem = residentIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
