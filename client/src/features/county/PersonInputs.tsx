import type { CreateTownshipAdminRequest } from '@daiban/schemas';
import { useI18n } from '../../i18n/i18n.tsx';

/** The form fields of a new township administrator, named `${prefix}username` and so on. */
export function PersonInputs({ prefix = '' }: { prefix?: string }) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('login.username')}
        <input name={`${prefix}username`} required autoCapitalize="none" />
      </label>
      <label>
        {t('accounts.displayName')}
        <input name={`${prefix}displayName`} required />
      </label>
      <label>
        {t('accounts.phone')}
        <input name={`${prefix}phone`} required inputMode="tel" />
      </label>
      <label>
        {t('accounts.password')}
        <input name={`${prefix}password`} type="password" autoComplete="new-password" minLength={8} required />
      </label>
    </>
  );
}

/** What the fields of PersonInputs hold, to be checked against the shared schema. */
export function personOf(data: FormData, prefix = ''): Record<keyof CreateTownshipAdminRequest, string> {
  const text = (name: keyof CreateTownshipAdminRequest) => String(data.get(`${prefix}${name}`) ?? '');
  return { username: text('username'), displayName: text('displayName'), phone: text('phone'), password: text('password') };
}

/** A schema's complaints about a form, one line. */
export function problemsOf(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；');
}
