import { Link } from 'wouter';
import { receiptOf } from '../../data/handovers.ts';
import { useApplicantNames, useHandover, useTownshipSession } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { OriginalsReceipt } from './OriginalsReceipt.tsx';
import { SlipQr } from './SlipQr.tsx';

/** The printable handover slip: every case and the originals travelling with it, with a QR code. */
export function HandoverSlipPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const slip = useHandover(id);
  const session = useTownshipSession();
  const names = useApplicantNames(slip?.caseIds ?? []);
  if (slip === undefined || session === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (slip === null || !session) return <p className="empty">{t('handover.empty')}</p>;
  return (
    <section>
      <div className="no-print actions-row">
        <Link href="/handovers">← {t('common.back')}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('receipt.print')}
        </button>
      </div>
      <article className="receipt" data-testid="handover-slip">
        <header>
          <h1>{t('handover.slip')}</h1>
          <p>
            {session.village?.name} → {session.township.name}
          </p>
        </header>
        <div className="receipt-top">
          <dl className="facts">
            <dt>{t('handover.slipNumber')}</dt>
            <dd data-testid="slip-number">{slip.slipNumber}</dd>
            <dt>{t('handover.createdAt')}</dt>
            <dd>{new Date(slip.createdAt).toLocaleString(lang)}</dd>
            <dt>{t('case.status')}</dt>
            <dd data-testid="slip-status">
              {t(`handover.status.${slip.status}`)}
              {slip.receivedBy && slip.receivedAt && (
                <> {t('slips.confirmedBy', { by: slip.receivedBy.name, date: new Date(slip.receivedAt).toLocaleString(lang) })}</>
              )}
            </dd>
          </dl>
          <SlipQr slipNumber={slip.slipNumber} label={t('handover.qr')} />
        </div>
        <table className="materials-table">
          <thead>
            <tr>
              <th>{t('case.number')}</th>
              <th>{t('case.applicant')}</th>
              <th>{t('handover.originals')}</th>
            </tr>
          </thead>
          <tbody>
            {slip.items.map((item) => {
              const receipt = receiptOf(item.caseId, [slip]);
              return (
                <tr key={item.caseId} data-testid={`slip-item-${item.caseNumber}`}>
                  <td>{item.caseNumber}</td>
                  <td>{names?.get(item.caseId)}</td>
                  <td>
                    {item.originals.map((o) => o.name).join('、')}
                    {receipt && (
                      <>
                        <br />
                        <OriginalsReceipt receipt={receipt} />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <footer>
          <p>{t('handover.sign')}</p>
        </footer>
      </article>
    </section>
  );
}
