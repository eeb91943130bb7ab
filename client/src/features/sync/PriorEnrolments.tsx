import type { Session } from '@daiban/schemas';
import { dismissPriorEnrolments } from '../../data/session.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Tells the agent, once, about earlier enrolments of the account that never signed off. */
export function PriorEnrolments({ session }: { session: Session }) {
  const { t, lang } = useI18n();
  if (session.priorEnrolments.length === 0) return null;
  return (
    <div className="card notice-card" role="alert" data-testid="prior-enrolments">
      <p>{t('enrolment.notice')}</p>
      <ul>
        {session.priorEnrolments.map((p) => (
          <li key={p.code + p.enrolledAt}>
            {t('enrolment.item', {
              code: p.code,
              name: p.name,
              seq: p.lastSeq,
              time: p.lastContactAt ? new Date(p.lastContactAt).toLocaleString(lang) : t('enrolment.never'),
            })}
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void dismissPriorEnrolments()}>
        {t('enrolment.dismiss')}
      </button>
    </div>
  );
}
