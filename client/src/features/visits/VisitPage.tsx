import type { GeoPoint } from '@daiban/schemas';
import { useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { Feedback } from '../../app/Feedback.tsx';
import { commands } from '../../data/commands.ts';
import { useApplicant, useServiceItem, useVisit, useVisitCaseChoices } from '../../data/queries.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormOpen } from '../../pwa/register-sw.ts';
import { type SignatureHandle, SignaturePadField } from './SignaturePadField.tsx';

/** One home visit, done with no network: guidance to read aloud, intake, the consent, the record. */
export function VisitPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [, navigate] = useLocation();
  const visit = useVisit(id);
  const applicant = useApplicant(visit?.applicantId);
  const item = useServiceItem(visit?.serviceItemCode ?? '');
  const choices = useVisitCaseChoices(visit);
  const signature = useRef<SignatureHandle>(null);
  const [present, setPresent] = useState('');
  const [location, setLocation] = useState<GeoPoint>();
  const [locationNote, setLocationNote] = useState<string>();
  // null: the agent chose no case; undefined: not chosen, so the case opened on this visit.
  const [caseId, setCaseId] = useState<string | null>();
  const [error, setError] = useState<string>();
  // The visit record (who was present, the signature) is open until the visit is recorded.
  useFormOpen(visit?.status === 'planned');

  if (visit === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (visit === null) return <p className="empty">{t('error.visitNotFound')}</p>;
  const linkedCase = caseId === null ? undefined : (caseId ?? choices?.opened);

  const locate = () =>
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocation({ lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: p.coords.accuracy });
        setLocationNote(t('visits.locationDone', { m: Math.round(p.coords.accuracy) }));
      },
      () => setLocationNote(t('visits.locationFailed')),
      { timeout: 15_000, maximumAge: 60_000 },
    );

  async function openCase() {
    if (!visit?.serviceItemCode) return;
    try {
      navigate(
        `/cases/${await commands.openCase({ applicantId: visit.applicantId, serviceItemCode: visit.serviceItemCode, channel: 'home_visit', visitId: visit.id })}`,
      );
    } catch (e) {
      setError(describeError(e, t));
    }
  }

  async function save() {
    setError(undefined);
    try {
      const consent = await signature.current?.toBlob();
      if (!consent) return setError(t('error.consentRequired'));
      await commands.recordVisit({
        visitId: id,
        present,
        consent,
        ...(location ? { location } : {}),
        ...(linkedCase ? { caseId: linkedCase } : {}),
      });
    } catch (e) {
      setError(describeError(e, t));
    }
  }

  return (
    <section className="visit-page">
      <Link href="/visits">← {t('common.back')}</Link>
      <h1>
        {applicant?.name} · {visit.plannedFor}
      </h1>
      <p>{visit.address}</p>
      {item && (
        <div className="card guidance-aloud">
          <h2>{item.name}</h2>
          <ul>
            {item.materials.map((m) => (
              <li key={m.key}>
                {m.name}（{t(`form.${m.form}`)}）
              </li>
            ))}
          </ul>
          {visit.status === 'planned' && (
            <button type="button" className="primary" onClick={() => void openCase()}>
              {t('visits.openCase')}
            </button>
          )}
        </div>
      )}
      {visit.status === 'done' ? (
        <p className="notice" data-testid="visit-recorded">
          {t('visits.recorded', {
            time: new Date(visit.visitedAt ?? visit.updatedAt).toLocaleString(lang),
            present: visit.present ?? '',
          })}
        </p>
      ) : (
        <section className="card" aria-label={t('visits.record')}>
          <h2>{t('visits.record')}</h2>
          <label>
            {t('visits.present')} <small>({t('visits.presentHint')})</small>
            <input value={present} onChange={(e) => setPresent(e.target.value)} maxLength={200} />
          </label>
          <button type="button" onClick={locate}>
            {t('visits.location')}
          </button>
          {locationNote && <span className="hint"> {locationNote}</span>}
          <label>
            {t('visits.case')}
            <select value={linkedCase ?? ''} onChange={(e) => setCaseId(e.target.value || null)}>
              <option value="">{t('visits.noCase')}</option>
              {choices?.cases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.caseNumber}
                </option>
              ))}
            </select>
          </label>
          <SignaturePadField ref={signature} label={t('visits.consent')} />
          <Feedback error={error} />
          <button type="button" className="primary big" onClick={() => void save()}>
            {t('visits.save')}
          </button>
        </section>
      )}
    </section>
  );
}
