import { type CalendarEntryKind, chinaDate } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useTownshipCalendar } from '../../data/township-calendar.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 节假日: the township's holidays and 调休 working weekends of one year, which every deadline is counted with. */
export function CalendarPage() {
  const { t, lang } = useI18n();
  const [year, setYear] = useState(() => Number(chinaDate(new Date()).slice(0, 4)));
  const { entries, error, add, remove } = useTownshipCalendar(year);
  const [draft, setDraft] = useState<{ date: string; kind: CalendarEntryKind; name: string }>({
    date: '',
    kind: 'holiday',
    name: '',
  });
  const [result, setResult] = useState<{ notice?: string; error?: string }>({});
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).toLocaleDateString(lang, { weekday: 'short', timeZone: 'UTC' });

  const act = async (action: () => Promise<void>, notice: string) => {
    try {
      await action();
      setResult({ notice });
    } catch (e) {
      setResult({ error: describeError(e, t) });
    }
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('calendar.title', { year })}</h1>
        <div className="actions-row">
          <button type="button" onClick={() => setYear(year - 1)}>
            {t('calendar.prevYear')}
          </button>
          <button type="button" onClick={() => setYear(year + 1)}>
            {t('calendar.nextYear')}
          </button>
        </div>
      </div>
      <p className="hint">{t('calendar.hint')}</p>
      <Feedback notice={result.notice} error={result.error ?? error} />
      <form
        autoComplete="off"
        className="card filters"
        aria-label={t('calendar.add')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(
            async () => {
              await add(draft);
              setDraft({ ...draft, date: '' });
            },
            t('calendar.added', { date: draft.date }),
          );
        }}
      >
        <label>
          {t('calendar.date')}
          <input type="date" value={draft.date} onChange={(e) => setDraft({ ...draft, date: e.target.value })} required />
        </label>
        <label>
          {t('calendar.kind')}
          <select
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value === 'workday' ? 'workday' : 'holiday' })}
          >
            <option value="holiday">{t('calendar.kind.holiday')}</option>
            <option value="workday">{t('calendar.kind.workday')}</option>
          </select>
        </label>
        <label>
          {t('calendar.name')}
          <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} required maxLength={40} />
        </label>
        <button type="submit" className="primary">
          {t('calendar.add')}
        </button>
      </form>
      {entries?.length === 0 && <p className="empty">{t('calendar.empty')}</p>}
      <ul className="case-list">
        {entries?.map((e) => (
          <li key={e.date} className="case-row" data-testid={`calendar-${e.date}`}>
            <span className="case-number">
              {e.date} {weekday(e.date)}
            </span>
            <span className={e.kind === 'holiday' ? 'badge' : 'badge pending'}>{t(`calendar.kind.${e.kind}`)}</span>
            <span className="what">{e.name}</span>
            <button type="button" onClick={() => act(() => remove(e.date), t('calendar.removed', { date: e.date }))}>
              {t('calendar.remove')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
