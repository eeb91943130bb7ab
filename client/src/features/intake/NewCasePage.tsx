import { type CaseChannel, caseChannelSchema, maskResidentId } from '@daiban/schemas';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { commands } from '../../data/commands.ts';
import { useApplicant, useApplicantSearch, useCatalog } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormOpen } from '../../pwa/register-sw.ts';
import { RegisterApplicant } from './ApplicantForm.tsx';

/** Intake: find or register the applicant, choose the service item, open the case. */
export function NewCasePage() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const search = useSearch();
  const [term, setTerm] = useState('');
  const [applicantId, setApplicantId] = useState<string>();
  const [itemFilter, setItemFilter] = useState('');
  const [itemCode, setItemCode] = useState<string | undefined>(() => new URLSearchParams(search).get('item') ?? undefined);
  const [channel, setChannel] = useState<CaseChannel>('walk_in');
  const [error, setError] = useState<string>();
  const matches = useApplicantSearch(term);
  const applicant = useApplicant(applicantId);
  const catalog = useCatalog(itemFilter);
  useFormOpen();

  async function open() {
    if (!applicantId || !itemCode) return;
    setError(undefined);
    try {
      const id = await commands.openCase({ applicantId, serviceItemCode: itemCode, channel });
      navigate(`/cases/${id}`);
    } catch (e) {
      setError(describeError(e, t));
    }
  }

  return (
    <section className="intake">
      <h1>{t('intake.title')}</h1>
      <div className="card">
        <h2>{t('intake.findApplicant')}</h2>
        {applicant ? (
          <p className="selected" data-testid="selected-applicant">
            {t('intake.selected', { name: `${applicant.name} ${maskResidentId(applicant.idNumber)}` })}{' '}
            <button type="button" className="link" onClick={() => setApplicantId(undefined)}>
              {t('common.cancel')}
            </button>
          </p>
        ) : (
          <>
            <input
              type="search"
              placeholder={t('intake.searchPlaceholder')}
              value={term}
              onChange={(e) => setTerm(e.target.value)}
            />
            <ul className="pick-list">
              {matches?.map((a) => (
                <li key={a.id}>
                  <button type="button" onClick={() => setApplicantId(a.id)}>
                    {a.name} · {maskResidentId(a.idNumber)}
                  </button>
                </li>
              ))}
            </ul>
            {term && matches?.length === 0 && <p className="hint">{t('intake.noMatch')}</p>}
            <RegisterApplicant onRegistered={setApplicantId} />
          </>
        )}
      </div>

      <div className="card">
        <h2>{t('intake.chooseItem')}</h2>
        <input
          type="search"
          placeholder={t('intake.itemSearch')}
          value={itemFilter}
          onChange={(e) => setItemFilter(e.target.value)}
        />
        <ul className="pick-list items">
          {catalog?.map((item) => (
            <li key={item.code}>
              <label className={item.code === itemCode ? 'chosen' : ''}>
                <input
                  type="radio"
                  name="item"
                  value={item.code}
                  checked={item.code === itemCode}
                  onChange={() => setItemCode(item.code)}
                />
                <span>{item.name}</span>
                <small>{t('case.timeLimit', { days: item.timeLimitDays })}</small>
              </label>
            </li>
          ))}
        </ul>
      </div>

      <div className="card">
        <h2>{t('intake.channel')}</h2>
        <div className="segmented">
          {caseChannelSchema.options.map((c) => (
            <label key={c} className="check">
              <input type="radio" name="channel" checked={channel === c} onChange={() => setChannel(c)} />
              {t(`channel.${c}`)}
            </label>
          ))}
        </div>
      </div>
      <Feedback error={error} />
      <button type="button" className="primary big" disabled={!applicantId || !itemCode} onClick={() => void open()}>
        {t('intake.open')}
      </button>
    </section>
  );
}
