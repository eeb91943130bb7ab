import type { MessageKey } from '../i18n/messages.ts';

/**
 * A command refused before anything was written (or, for `storage_full`, whose transaction rolled
 * back whole). The UI shows it through the i18n table.
 */
export class CommandError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly code: 'invalid' | 'duplicate' | 'not_found' | 'not_allowed' | 'too_large' | 'no_session' | 'storage_full',
    readonly params: Record<string, string | number> = {},
    readonly existingId?: string,
  ) {
    super(key);
  }
}
