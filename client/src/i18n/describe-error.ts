import { CommandError } from '../data/errors.ts';
import type { Translate } from './i18n.tsx';

/** The text to show the user for a failed action. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof CommandError) return t(error.key, error.params);
  return error instanceof Error ? error.message : String(error);
}
