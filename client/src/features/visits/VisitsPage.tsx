import { maskResidentId } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { useToday } from '../../data/clock.ts';
import { commands } from '../../data/commands.ts';
import { useApplicantSearch, useCatalog, useVisits } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { RegisterApplicant } from '../intake/ApplicantForm.tsx';

/** 上门代办: plan visits (online), then see the day's visits, which work with no network. */
export function VisitsPage() {
  const { t } = useI18n();
  const today = useToday();
  const visits = useVisits(today);
  return (
    <section>
      <h1>{t('visits.title')}</h1>
      {visits?.length === 0 && <p className="empty">{t('visits.empty')}</p>}
      <ul className="case-list">
        {visits?.map(({ visit, applicantName }) => (
          <li key={visit.id}>
            <Link href={`/visits/${visit.id}`} className="case-row" data-testid="visit-row">
              <span className="case-number">{visit.plannedFor}</span>
              <span className="who">{applicantName}</span>
              <span className="what">{visit.address}</span>
              <span className={`badge ${visit.status === 'done' ? 'status-completed' : 'pending'}`}>
                {t(visit.status === 'done' ? 'visits.done' : 'visits.planned')}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <PlanVisitForm today={today} />
    </section>
  );
}

function PlanVisitForm({ today }: { today: string }) {
  const { t } = useI18n();
  const [term, setTerm] = useState('');
  const [applicantId, setApplicantId] = useState<string>();
  const [plannedFor, setPlannedFor] = useState(today);
  const [address, setAddress] = useState('');
  const [itemCode, setItemCode] = useState('');
  const [error, setError] = useState<string>();
  const matches = useApplicantSearch(term);
  const items = useCatalog();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!applicantId) return;
    try {
      await commands.planVisit({ applicantId, plannedFor, address, ...(itemCode ? { serviceItemCode: itemCode } : {}) });
      setApplicantId(undefined);
      setAddress('');
      setTerm('');
      setError(undefined);
    } catch (err) {
      setError(describeError(err, t));
    }
  }

  return (
    <section className="card">
      <h2>{t('visits.plan')}</h2>
      {/* Finding the villager, or registering one, comes before the plan's own form (forms do not nest). */}
      <input type="search" placeholder={t('intake.searchPlaceholder')} value={term} onChange={(e) => setTerm(e.target.value)} />
      <ul className="pick-list">
        {matches?.map((a) => (
          <li key={a.id}>
            <label className={a.id === applicantId ? 'check chosen' : 'check'}>
              <input type="radio" name="visit-applicant" checked={a.id === applicantId} onChange={() => setApplicantId(a.id)} />
              {a.name} · {maskResidentId(a.idNumber)}
            </label>
          </li>
        ))}
      </ul>
      {term && matches?.length === 0 && (
        <p className="hint" data-testid="no-such-villager">
          {t('visits.noMatch')}
        </p>
      )}
      <RegisterApplicant onRegistered={setApplicantId} />
      <form autoComplete="off" onSubmit={submit} aria-label={t('visits.plan')}>
        <label>
          {t('visits.date')}
          <input type="date" value={plannedFor} min={today} onChange={(e) => setPlannedFor(e.target.value)} required />
        </label>
        <label>
          {t('visits.address')}
          <input value={address} onChange={(e) => setAddress(e.target.value)} required maxLength={200} />
        </label>
        <label>
          {t('visits.item')}
          <select value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
            <option value="">—</option>
            {items
              ?.filter((i) => i.homeVisit)
              .map((i) => (
                <option key={i.code} value={i.code}>
                  {i.name}
                </option>
              ))}
          </select>
        </label>
        <Feedback error={error} />
        <button type="submit" className="primary" disabled={!applicantId}>
          {t('visits.plan')}
        </button>
      </form>
    </section>
  );
}
