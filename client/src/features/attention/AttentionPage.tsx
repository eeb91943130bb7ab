import type { Mutation } from '@daiban/schemas';
import { Link } from 'wouter';
import { commands } from '../../data/commands.ts';
import { useRefusals } from '../../data/queries.ts';
import { inLanguage } from '../../i18n/describe-error.ts';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';

/** Changes the township refused: shown until the agent marks each as dealt with, never dropped silently. */
export function AttentionPage() {
  const { t, lang } = useI18n();
  const refusals = useRefusals();
  if (!refusals) return <p className="loading">{t('common.loading')}</p>;
  return (
    <section>
      <h1>{t('attention.title')}</h1>
      {refusals.length === 0 ? (
        <p className="empty">{t('attention.empty')}</p>
      ) : (
        <>
          <p className="hint">{t('attention.hint')}</p>
          <ul className="case-list">
            {refusals.map((r) => (
              <li key={r.mutationId} className="case-row" data-testid="refusal">
                <span className="who">{describeMutation(r.mutation, t)}</span>
                <span className="error">{inLanguage(r.message, lang)}</span>
                <span className="hint">{new Date(r.refusedAt).toLocaleString(lang)}</span>
                {r.mutation.type.startsWith('case.') && r.mutation.type !== 'case.open' && (
                  <Link href={`/cases/${r.entityId}`}>{t('attention.open')}</Link>
                )}
                <button type="button" onClick={() => void commands.dismissRefusal(r.mutationId)}>
                  {t('attention.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function describeMutation(m: Mutation, t: Translate): string {
  switch (m.type) {
    case 'applicant.register':
      return t('mutation.applicant.register', { name: m.payload.name });
    case 'case.open':
      return t('mutation.case.open', { caseNumber: m.payload.caseNumber });
    default:
      return t(`mutation.${m.type}`);
  }
}
