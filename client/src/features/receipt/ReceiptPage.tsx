import { maskResidentId, missingRequired } from '@daiban/schemas';
import { QRCodeSVG } from 'qrcode.react';
import { useState } from 'react';
import { Link } from 'wouter';
import { useClockInfo } from '../../data/clock.ts';
import { useCaseView, useTownshipSession } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Exceptions } from '../cases/ExceptionChoice.tsx';

/** 受理回执: the print-ready receipt the applicant takes home (A4, or an 80 mm receipt printer). */
export function ReceiptPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const view = useCaseView(id);
  const session = useTownshipSession();
  const [narrow, setNarrow] = useState(false);
  const clock = useClockInfo();
  if (view === undefined || session === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (view === null || !session) return <p className="empty">{t('case.notFound')}</p>;
  const c = view.case;
  const received = c.materials.filter((m) => m.status !== 'missing');
  // 选填 materials not brought are not "missing": the applicant owes only the required ones.
  const missing = missingRequired(c.materials);

  return (
    <section>
      <div className="no-print actions-row">
        <Link href={`/cases/${id}`}>← {t('common.back')}</Link>
        <button type="button" onClick={() => setNarrow((n) => !n)}>
          {narrow ? t('receipt.a4') : t('receipt.narrow')}
        </button>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
      </div>
      <article className={`receipt ${narrow ? 'narrow' : ''}`} data-testid="receipt">
        <header>
          <h1>{t('receipt.title')}</h1>
          <p>
            {session.village?.name ?? ''} · {session.township.name}
          </p>
        </header>
        <div className="receipt-top">
          <dl className="facts">
            <dt>{t('case.number')}</dt>
            <dd data-testid="receipt-number">{c.caseNumber}</dd>
            <dt>{t('case.applicant')}</dt>
            <dd>
              {view.applicant?.name} {view.applicant && maskResidentId(view.applicant.idNumber)}
            </dd>
            <dt>{t('case.item')}</dt>
            <dd>{view.item?.name ?? c.serviceItemCode}</dd>
            <dt>{t('receipt.receivedAt')}</dt>
            <dd>
              {c.receivedAt ? new Date(c.receivedAt).toLocaleString(lang) : '—'}
              {clock && clock.offsetMs === undefined && (
                <small className="hint" data-testid="receipt-unchecked-clock">
                  {' '}
                  {t('receipt.clockUnchecked')}
                </small>
              )}
            </dd>
            {view.item && (
              <>
                <dt>{t('receipt.timeLimit')}</dt>
                <dd>{t('case.timeLimit', { days: view.item.timeLimitDays })}</dd>
              </>
            )}
          </dl>
          <QRCodeSVG value={c.caseNumber} size={narrow ? 96 : 128} level="M" aria-label={t('receipt.qr')} />
        </div>
        <h2>{t('receipt.received')}</h2>
        <ul data-testid="receipt-received">
          {received.map((m) => (
            <li key={m.key}>
              {m.name}
              {m.status === 'waived' ? ` (${t('case.material.waived')})` : ''}
            </li>
          ))}
        </ul>
        {missing.length > 0 && (
          <>
            <h2>{t('receipt.missing')}</h2>
            <ul data-testid="receipt-missing">
              {missing.map((m) => (
                <li key={m.key}>{m.name}</li>
              ))}
            </ul>
          </>
        )}
        <Exceptions c={c} />
        <footer>
          <p>{t('receipt.agent', { name: session.account.displayName, phone: session.account.phone })}</p>
          <p>
            {t('receipt.township', {
              name: session.township.name,
              phone: session.township.phone,
              address: session.township.address,
            })}
          </p>
          <p className="hint">{t('receipt.note')}</p>
          <div className="signature-lines" data-testid="receipt-signatures">
            <span>{t('receipt.agentSignature')}</span>
            <span>{t('receipt.applicantSignature')}</span>
          </div>
        </footer>
      </article>
    </section>
  );
}
