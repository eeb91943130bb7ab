import { type CreateVillageRequest, createVillageRequestSchema } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { FormEnd } from '../../app/FormEnd.tsx';
import { inLanguage } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 添加村（社区）: its code (case numbers begin with it) and its name, checked against the shared schema. */
export function VillageForm({ onCreate }: { onCreate: (request: CreateVillageRequest) => Promise<boolean> }) {
  const { t, lang } = useI18n();
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = createVillageRequestSchema.safeParse({
      code: String(data.get('code') ?? '')
        .trim()
        .toUpperCase(),
      name: String(data.get('name') ?? ''),
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((i) => inLanguage(i.message, lang)).join('；'));
      return;
    }
    setProblem(undefined);
    void onCreate(parsed.data).then((created) => created && form.reset());
  };

  return (
    <form autoComplete="off" className="card" aria-label={t('villages.add')} onSubmit={submit} noValidate>
      <h2>{t('villages.add')}</h2>
      <label>
        {t('villages.code')}
        <input name="code" required maxLength={4} autoCapitalize="characters" placeholder="XGC" />
      </label>
      <label>
        {t('villages.name')}
        <input name="name" required maxLength={40} placeholder="新港村" />
      </label>
      <FormEnd problem={problem} submit={t('villages.add')} />
    </form>
  );
}
