import { Link } from 'wouter';
import { useServiceItem, useTownshipSession } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * 办事指南 of one item, with the printable one-time notification sheet (一次性告知单). With a
 * version, the guide as it was when a case was opened with it (cases keep their version).
 */
export function GuidePage({ code, version }: { code: string; version?: number }) {
  const { t, lang } = useI18n();
  const item = useServiceItem(code, version);
  const newest = useServiceItem(code);
  const session = useTownshipSession();
  if (item === undefined || session === undefined) return <p className="loading">{t('common.loading')}</p>;
  if (item === null || !session) return <p className="empty">{t('catalog.empty')}</p>;

  return (
    <section>
      <div className="no-print actions-row">
        <Link href="/catalog">← {t('common.back')}</Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('catalog.printSheet')}
        </button>
        {!item.retired && item.version === newest?.version && (
          <Link href={`/new?item=${item.code}`} className="button">
            {t('catalog.startCase')}
          </Link>
        )}
      </div>
      {newest && newest.version !== item.version && (
        <p className="notice no-print" role="status">
          {t('catalog.olderVersion', { version: item.version, newest: newest.version })}
        </p>
      )}
      {item.retired && <p className="notice no-print">{t('catalog.retired')}</p>}
      <article className="receipt" data-testid="guide">
        <header>
          <h1>{item.name}</h1>
          <p className="hint" data-testid="guide-version">
            {t('catalog.versionPublished', {
              version: item.version,
              date: new Date(item.publishedAt).toLocaleDateString(lang),
            })}
          </p>
          <p className="print-only">{t('sheet.title')}</p>
        </header>
        <p className="print-only">{t('sheet.intro', { name: item.name })}</p>
        <h2>{t('catalog.materials')}</h2>
        <table className="materials-table" data-testid="guide-materials">
          <thead>
            <tr>
              <th>{t('catalog.materials')}</th>
              <th>{t('catalog.material.form')}</th>
              <th>{t('catalog.material.copies')}</th>
              <th>{t('catalog.material.required')}</th>
            </tr>
          </thead>
          <tbody>
            {item.materials.map((m) => (
              <tr key={m.key}>
                <td>
                  {m.name}
                  {m.notes && <small className="hint"> {m.notes}</small>}
                </td>
                <td>{t(`form.${m.form}`)}</td>
                <td>{m.copies}</td>
                <td>{m.required ? t('catalog.required') : t('catalog.optional')}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <dl className="facts">
          <dt>{t('catalog.timeLimit')}</dt>
          <dd data-testid="guide-time-limit">{t('case.timeLimit', { days: item.timeLimitDays })}</dd>
          <dt>{t('catalog.fee')}</dt>
          <dd>{item.fee}</dd>
          <dt>{t('catalog.handling')}</dt>
          <dd>{t(`catalog.handling.${item.handling}`)}</dd>
        </dl>
        <div className="no-print-sheet">
          <h2>{t('catalog.eligibility')}</h2>
          <p>{item.eligibility}</p>
          <h2>{t('catalog.steps')}</h2>
          <ol>
            {item.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
          <h2>{t('catalog.basis')}</h2>
          <p>{item.legalBasis}</p>
        </div>
        <footer>
          <p>
            {t('sheet.contact', {
              village: session.village?.name ?? '',
              township: session.township.name,
              phone: session.township.phone,
              address: session.township.address,
            })}
          </p>
          <p className="print-only">{t('sheet.date', { date: new Date().toLocaleDateString(lang) })}</p>
        </footer>
      </article>
    </section>
  );
}
