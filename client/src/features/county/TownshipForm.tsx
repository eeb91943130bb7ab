import { type CreateTownshipRequest, createTownshipRequestSchema } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { FormEnd } from '../../app/FormEnd.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PersonInputs, personOf, problemsOf } from './PersonInputs.tsx';

/** 新建乡镇: the township (code, name, its centre's phone and address) and its first administrator. */
export function TownshipForm({
  onCreate,
  onCancel,
}: {
  /** Resolves true when the township was created (the form then empties). */
  onCreate: (request: CreateTownshipRequest) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const parsed = createTownshipRequestSchema.safeParse({
      code: text('code').trim().toUpperCase(),
      name: text('name'),
      phone: text('phone'),
      address: text('address'),
      admin: personOf(data, 'admin.'),
    });
    if (!parsed.success) {
      setProblem(problemsOf(parsed.error.issues));
      return;
    }
    setProblem(undefined);
    void onCreate(parsed.data).then((created) => created && form.reset());
  };

  return (
    <form autoComplete="off" className="card" aria-label={t('county.township.create')} onSubmit={submit}>
      <h2>{t('county.township.create')}</h2>
      <label>
        {t('county.township.code')}
        <input name="code" required autoCapitalize="characters" placeholder="NHZ" />
      </label>
      <label>
        {t('county.township.name')}
        <input name="name" required />
      </label>
      <label>
        {t('county.township.phone')}
        <input name="phone" required inputMode="tel" />
      </label>
      <label>
        {t('county.township.address')}
        <input name="address" required />
      </label>
      <fieldset>
        <legend>{t('county.township.firstAdmin')}</legend>
        <PersonInputs prefix="admin." />
      </fieldset>
      <FormEnd problem={problem} submit={t('county.township.create')} onCancel={onCancel} />
    </form>
  );
}
