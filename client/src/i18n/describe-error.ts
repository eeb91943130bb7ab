import { CommandError } from '../data/errors.ts';
import { ServerError } from '../sync/api-client.ts';
import type { Lang, Translate } from './i18n.tsx';

/** The text to show the user for a failed action, in the language the user chose. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof CommandError) return t(error.key, error.params);
  if (error instanceof ServerError) return t(`error.server.${error.reason}`, { detail: inLanguage(error.message, t.lang) });
  return error instanceof Error ? error.message : String(error);
}

/**
 * The server writes every message twice, Chinese then English in brackets (`用户名或密码不正确 (wrong
 * username or password)`): the half in the user's language, or the whole when it is not so written.
 */
export function inLanguage(message: string, lang: Lang): string {
  const both = /^(.*\S)\s*\(([^()]*)\)\s*$/s.exec(message);
  if (!both) return message;
  return lang === 'en' ? both[2]! : both[1]!;
}
