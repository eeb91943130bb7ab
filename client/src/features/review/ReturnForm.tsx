import type { Material, ReturnRequest } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

/** 退回补正: the supervisor picks the materials that are missing or wrong and writes why. */
export function ReturnForm({
  materials,
  onReturn,
}: {
  materials: readonly Material[];
  onReturn: (request: ReturnRequest) => Promise<void>;
}) {
  const { t } = useI18n();
  const [keys, setKeys] = useState<string[]>([]);
  const [reason, setReason] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    await onReturn({ reason, materialKeys: keys });
  }

  return (
    <form autoComplete="off" className="return-form" onSubmit={submit} aria-label={t('review.return')}>
      <fieldset>
        <legend>{t('review.returnMaterials')}</legend>
        {materials.map((m) => (
          <label key={m.key} className="check">
            <input
              type="checkbox"
              checked={keys.includes(m.key)}
              onChange={(e) => setKeys((k) => (e.target.checked ? [...k, m.key] : k.filter((x) => x !== m.key)))}
            />
            {m.name} ({t(`case.material.${m.status}`)})
          </label>
        ))}
      </fieldset>
      <label>
        {t('review.returnReason')}
        <textarea required value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      </label>
      <button type="submit">{t('review.return')}</button>
    </form>
  );
}
