import { type CreateTownshipAdminRequest, createTownshipAdminRequestSchema } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { FormEnd } from '../../app/FormEnd.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PersonInputs, personOf, problemsOf } from './PersonInputs.tsx';

/** 添加管理员: a further administrator of one township. */
export function AdminForm({
  townshipName,
  onCreate,
  onCancel,
}: {
  townshipName: string;
  /** Resolves true when the administrator was created. */
  onCreate: (request: CreateTownshipAdminRequest) => Promise<boolean>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [problem, setProblem] = useState<string>();
  const title = t('county.admin.addTo', { township: townshipName });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const parsed = createTownshipAdminRequestSchema.safeParse(personOf(new FormData(form)));
    if (!parsed.success) {
      setProblem(problemsOf(parsed.error.issues));
      return;
    }
    setProblem(undefined);
    void onCreate(parsed.data).then((created) => created && form.reset());
  };

  return (
    <form autoComplete="off" className="card row-form" aria-label={title} onSubmit={submit}>
      <h3>{title}</h3>
      <PersonInputs />
      <FormEnd problem={problem} submit={t('county.admin.add')} onCancel={onCancel} />
    </form>
  );
}
