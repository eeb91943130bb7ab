import { chinaDate, MAX_SPOT_CHECK_PER_VILLAGE } from '@daiban/schemas';
import { useState } from 'react';
import { Feedback } from '../../app/Feedback.tsx';
import { useSpotCheck, useSpotChecks } from '../../data/spot-checks.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { SpotCheckItems } from './SpotCheckItems.tsx';

/** 抽查: draw a reproducible sample of each village's cases for a period, then check them one by one. */
export function SpotChecksPage() {
  const { t } = useI18n();
  const { spotChecks, error, draw, reload } = useSpotChecks();
  const [chosen, setChosen] = useState<string>();
  const shownId = chosen ?? spotChecks?.[0]?.id;
  const { spotCheck, record, error: loadError } = useSpotCheck(shownId);
  const today = chinaDate(new Date());
  const [form, setForm] = useState({ from: `${today.slice(0, 7)}-01`, to: today, perVillage: 3, seed: '' });
  const [result, setResult] = useState<{ notice?: string; error?: string }>({});

  const act = async (action: () => Promise<string>) => {
    try {
      setResult({ notice: await action() });
    } catch (e) {
      setResult({ error: describeError(e, t) });
    }
  };

  return (
    <section>
      <h1>{t('spotChecks.title')}</h1>
      <Feedback notice={result.notice} error={result.error ?? error ?? loadError} />
      <form
        autoComplete="off"
        className="card filters"
        aria-label={t('spotChecks.draw')}
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            const drawn = await draw(form);
            setChosen(drawn.id);
            return t('spotChecks.drawn', { count: drawn.total });
          });
        }}
      >
        <label>
          {t('spotChecks.from')}
          <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} required />
        </label>
        <label>
          {t('spotChecks.to')}
          <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} required />
        </label>
        <label>
          {t('spotChecks.perVillage')}
          <input
            type="number"
            min={1}
            max={MAX_SPOT_CHECK_PER_VILLAGE}
            value={form.perVillage}
            onChange={(e) => setForm({ ...form, perVillage: Number(e.target.value) })}
            required
          />
        </label>
        <label>
          {t('spotChecks.seed')}
          <input value={form.seed} onChange={(e) => setForm({ ...form, seed: e.target.value })} required maxLength={64} />
        </label>
        <button type="submit" className="primary">
          {t('spotChecks.draw')}
        </button>
      </form>
      <p className="hint">{t('spotChecks.seedHint')}</p>
      {spotChecks?.length === 0 && <p className="empty">{t('spotChecks.none')}</p>}
      {spotChecks && spotChecks.length > 0 && (
        <nav className="chips" aria-label={t('spotChecks.earlier')}>
          {spotChecks.map((s) => (
            <button key={s.id} type="button" className={s.id === shownId ? 'chosen' : ''} onClick={() => setChosen(s.id)}>
              {t('spotChecks.label', { from: s.from, to: s.to, seed: s.seed, checked: s.checked, total: s.total })}
            </button>
          ))}
        </nav>
      )}
      {spotCheck && (
        <SpotCheckItems
          spotCheck={spotCheck}
          onRecord={(caseId, check) =>
            act(async () => {
              await record(caseId, check);
              await reload();
              return t('spotChecks.recorded');
            })
          }
        />
      )}
    </section>
  );
}
