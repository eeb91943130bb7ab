import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { commands } from '../../data/commands.ts';
import { useColleagues, useSession } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { DutyToday } from './DutyToday.tsx';

/** 值班与AB岗: today's duty, the village's agents, and taking over an absent colleague's open cases. */
export function DutyPage() {
  const { t } = useI18n();
  const session = useSession();
  const colleagues = useColleagues();
  const [reason, setReason] = useState(t('duty.reasonDefault'));
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  async function takeOver(agentId: string) {
    setError(undefined);
    try {
      setNotice(t('duty.tookOver', { count: await commands.takeOverCases(agentId, reason) }));
    } catch (e) {
      setError(describeError(e, t));
    }
  }

  return (
    <section>
      <h1>{t('duty.title')}</h1>
      <DutyToday villageId={session?.village?.id} />
      <Feedback notice={notice} error={error} />
      <label>
        {t('duty.reason')}
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </label>
      <h2>{t('duty.colleagues')}</h2>
      <ul className="case-list">
        {colleagues?.map(({ agent, openCases }) => (
          <li key={agent.id} className="case-row" data-testid={`colleague-${agent.post ?? ''}`}>
            <span className="who">
              {agent.displayName} {agent.post && `（${agent.post}岗）`}
              {agent.id === session?.account.id && t('duty.you')}
            </span>
            <span className="hint">{agent.phone}</span>
            <span className="badge">{t('duty.openCases', { count: openCases })}</span>
            {agent.id !== session?.account.id && openCases > 0 && (
              <button type="button" onClick={() => void takeOver(agent.id)}>
                {t('duty.takeOver')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
