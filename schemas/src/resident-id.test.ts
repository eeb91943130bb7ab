import { describe, expect, it } from 'vitest';
import { maskResidentId, residentIdCheckChar, residentIdFacts, residentIdProblem, residentIdSchema } from './resident-id.ts';

/** Builds a valid number from its first 17 characters. */
const valid = (first17: string) => first17 + residentIdCheckChar(first17);
/** The test's fixed "today" (China date); nothing here reads the clock. */
const today = '2026-11-20';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example with its check digit', () => {
    expect(residentIdProblem('11010519491231002X', today)).toBeNull();
    expect(residentIdProblem('110105194912310021', today)).toBe('check_char');
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('43098119800101001')).toBe(valid('43098119800101001').slice(-1));
  });

  it('rejects wrong length, letters and impossible birth dates', () => {
    expect(residentIdProblem('4309811980010100', today)).toBe('format');
    expect(residentIdProblem('43098119800101001A', today)).toBe('format');
    expect(residentIdProblem(valid('43098119800230001'), today)).toBe('birth_date');
    expect(residentIdProblem(valid('43098120250229001'), today)).toBe('birth_date');
    expect(residentIdProblem(valid('43098118700101001'), today)).toBe('birth_date');
    expect(residentIdSchema.safeParse(valid('43098119800230001')).success).toBe(false);
  });

  it('refuses a birth date after the given today, and accepts one born that day', () => {
    expect(residentIdProblem(valid('43098120991231001'), today)).toBe('future_birth');
    expect(residentIdProblem(valid('43098120261121001'), today)).toBe('future_birth');
    expect(residentIdProblem(valid('43098120261120001'), today)).toBeNull();
    expect(residentIdProblem(valid('43098120240229001'), today)).toBeNull();
  });

  it('derives birth date and sex from the number', () => {
    expect(residentIdFacts(valid('43098119560817003'))).toEqual({
      regionCode: '430981',
      birthDate: '1956-08-17',
      sex: 'male',
    });
    expect(residentIdFacts(valid('43098119560817004')).sex).toBe('female');
  });

  it('normalises a lowercase x through the schema', () => {
    expect(residentIdSchema.parse('11010519491231002x')).toBe('11010519491231002X');
    expect(residentIdSchema.safeParse('110105194912310021').success).toBe(false);
  });

  it('masks all but the first four and last four characters', () => {
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
  });
});
