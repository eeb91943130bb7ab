import { type Case, type RatingLevel, ratingLevelSchema } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { commands } from '../../data/commands.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ResultDocuments } from './ResultDocuments.tsx';

/** After the township's 办结: the result handed back (出件), then the applicant's rating (好差评). */
export function DeliveryAndRating({ c, run }: { c: Case; run: (action: () => Promise<void>) => Promise<void> }) {
  const { t, lang } = useI18n();
  const [receivedBy, setReceivedBy] = useState('');
  const [note, setNote] = useState('');
  const [level, setLevel] = useState<RatingLevel>();
  const [comment, setComment] = useState('');

  const deliver = (e: FormEvent) => {
    e.preventDefault();
    void run(() => commands.deliverCase(c.id, receivedBy, note));
  };
  const rate = (e: FormEvent) => {
    e.preventDefault();
    if (level) void run(() => commands.rateCase(c.id, level, comment));
  };

  return (
    <div className="card">
      {c.result && <p data-testid="case-result">{t('case.result', { result: c.result })}</p>}
      <ResultDocuments attachments={c.resultAttachments ?? []} />
      {c.status === 'completed' && (
        <form autoComplete="off" onSubmit={deliver} aria-label={t('case.deliver')}>
          <label>
            {t('case.receivedBy')} <small>({t('case.receivedByHint')})</small>
            <input value={receivedBy} onChange={(e) => setReceivedBy(e.target.value)} required maxLength={60} />
          </label>
          <label>
            {t('case.deliveryNote')} <small>({t('common.optional')})</small>
            <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} />
          </label>
          <button type="submit" className="primary">
            {t('case.deliver')}
          </button>
        </form>
      )}
      {c.delivery && (
        <p>{t('case.delivered', { who: c.delivery.receivedBy, time: new Date(c.delivery.deliveredAt).toLocaleString(lang) })}</p>
      )}
      {c.status === 'delivered' && (
        <form autoComplete="off" onSubmit={rate} aria-label={t('case.rate')}>
          <fieldset>
            <legend>{t('case.rate')}</legend>
            {[...ratingLevelSchema.options].reverse().map((option) => (
              <label key={option.value} className="check big-choice">
                <input type="radio" name="rating" checked={level === option.value} onChange={() => setLevel(option.value)} />
                {t(`rating.${option.value}`)}
              </label>
            ))}
          </fieldset>
          <label>
            {t('case.ratingComment')} <small>({t('common.optional')})</small>
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" className="primary" disabled={!level}>
            {t('case.saveRating')}
          </button>
        </form>
      )}
      {c.rating && (
        <p data-testid="case-rating">
          {t('case.rated', { level: t(`rating.${c.rating.level}`) })}
          {c.rating.comment ? ` · ${c.rating.comment}` : ''}
        </p>
      )}
    </div>
  );
}
