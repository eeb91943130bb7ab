import { z } from 'zod';

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

/** Why a number is refused; the client shows each through its i18n table. */
export type ResidentIdProblem = 'format' | 'birth_date' | 'future_birth' | 'check_char';

/** What the schema says for each problem (server answers, command details). */
const PROBLEM_TEXT: Record<ResidentIdProblem, string> = {
  format: '身份证号码应为18位，最后一位可为X',
  birth_date: '身份证号码中的出生日期无效',
  future_birth: '身份证号码中的出生日期晚于今天',
  check_char: '身份证号码校验位不正确',
};

/** Everything but the birth date against today, which needs a clock. */
function clocklessProblem(id: string): ResidentIdProblem | null {
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!isRealDate(id.slice(6, 14))) return 'birth_date';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'check_char';
  return null;
}

/**
 * Why the number is invalid, or null when it is valid: form, real birth date, not born after
 * `today` (YYYY-MM-DD, the China date: `chinaDate(now)`), check character.
 */
export function residentIdProblem(raw: string, today: string): ResidentIdProblem | null {
  const id = raw.toUpperCase();
  const problem = clocklessProblem(id);
  if (problem) return problem;
  return residentIdFacts(id).birthDate > today ? 'future_birth' : null;
}

export function residentIdProblemText(problem: ResidentIdProblem): string {
  return PROBLEM_TEXT[problem];
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

/**
 * A well-formed number. A schema has no clock, so a birth date after today passes here: whoever
 * takes in a new number (the intake command, the server applying applicant.register) also asks
 * `residentIdProblem` with its today; records already in the ledger are not re-judged.
 */
export const residentIdSchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .superRefine((id, ctx) => {
    const problem = clocklessProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: PROBLEM_TEXT[problem] });
  });
