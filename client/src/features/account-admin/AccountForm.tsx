import { type CreateAccountRequest, createAccountRequestSchema, type Village } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { FormEnd } from '../../app/FormEnd.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** A new agent (village and A/B post; password optional, set at enrolment) or supervisor (initial password). */
export function AccountForm({
  villages,
  onCreate,
}: {
  villages: { id: Village['id']; name: string }[];
  onCreate: (request: CreateAccountRequest) => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState<'agent' | 'supervisor'>('agent');
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries([...new FormData(form)].filter(([, v]) => v !== ''));
    const parsed = createAccountRequestSchema.safeParse({ ...data, role });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
      return;
    }
    setProblem(undefined);
    void onCreate(parsed.data).then(() => form.reset());
  };

  return (
    <form autoComplete="off" className="card" aria-label={t('accounts.create')} onSubmit={submit}>
      <h2>{t('accounts.create')}</h2>
      <div className="chips" role="radiogroup" aria-label={t('accounts.role')}>
        {(['agent', 'supervisor'] as const).map((r) => (
          <label key={r} className={`check ${role === r ? 'chosen' : ''}`}>
            <input type="radio" name="role-choice" checked={role === r} onChange={() => setRole(r)} />
            {t(`role.${r}`)}
          </label>
        ))}
      </div>
      <label>
        {t('login.username')}
        <input name="username" required autoCapitalize="none" placeholder="dxg-agent-c" />
      </label>
      <label>
        {t('accounts.displayName')}
        <input name="displayName" required />
      </label>
      <label>
        {t('accounts.phone')}
        <input name="phone" required inputMode="tel" />
      </label>
      {role === 'agent' && (
        <>
          {villages.length === 0 && <p className="hint">{t('villages.empty')}</p>}
          <label>
            {t('accounts.village')}
            <select name="villageId" required>
              {villages.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('accounts.post')}
            <select name="post">
              <option value="A">{t('accounts.postA')}</option>
              <option value="B">{t('accounts.postB')}</option>
            </select>
          </label>
        </>
      )}
      <label>
        {role === 'agent' ? t('accounts.passwordOptional') : t('accounts.password')}
        <input name="password" type="password" autoComplete="new-password" minLength={8} required={role === 'supervisor'} />
      </label>
      <FormEnd problem={problem} submit={t('accounts.create')} />
    </form>
  );
}
