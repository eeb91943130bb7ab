import { type ApplicantFlag, applicantFlagSchema, chinaDate, residentIdFacts, residentIdProblem } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { commands } from '../../data/commands.ts';
import { CommandError } from '../../data/errors.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** 登记新村民 as a button that opens the registration form; the new villager is handed to `onRegistered`. */
export function RegisterApplicant({ onRegistered }: { onRegistered: (id: string) => void }) {
  const { t } = useI18n();
  const [registering, setRegistering] = useState(false);
  return registering ? (
    <ApplicantForm
      onRegistered={(id) => {
        onRegistered(id);
        setRegistering(false);
      }}
    />
  ) : (
    <button type="button" onClick={() => setRegistering(true)}>
      {t('intake.registerApplicant')}
    </button>
  );
}

/** Registers a villager; the ID number is checked as it is typed and its birth date and sex shown. */
export function ApplicantForm({ onRegistered }: { onRegistered: (id: string) => void }) {
  const { t } = useI18n();
  const [idNumber, setIdNumber] = useState('');
  const [flags, setFlags] = useState<ApplicantFlag[]>([]);
  const [error, setError] = useState<string>();
  const [existingId, setExistingId] = useState<string>();

  const trimmed = idNumber.trim().toUpperCase();
  const problem = trimmed.length === 18 ? residentIdProblem(trimmed, chinaDate(new Date())) : null;
  const facts = trimmed.length === 18 && !problem ? residentIdFacts(trimmed) : null;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(undefined);
    setExistingId(undefined);
    try {
      const id = await commands.registerApplicant({
        name: String(form.get('name') ?? ''),
        idNumber: trimmed,
        phone: String(form.get('phone') ?? ''),
        group: String(form.get('group') ?? ''),
        flags,
      });
      onRegistered(id);
    } catch (e) {
      setError(describeError(e, t));
      if (e instanceof CommandError && e.code === 'duplicate') setExistingId(e.existingId);
    }
  }

  return (
    // autoComplete off (on every form with villagers' data): the browser keeps no copy of what is typed.
    <form autoComplete="off" className="card" onSubmit={submit} aria-label={t('intake.registerApplicant')}>
      <h2>{t('intake.registerApplicant')}</h2>
      <label>
        {t('applicant.name')}
        <input name="name" required maxLength={40} />
      </label>
      <label>
        {t('applicant.idNumber')}
        <input
          name="idNumber"
          required
          inputMode="text"
          maxLength={18}
          value={idNumber}
          onChange={(e) => {
            setIdNumber(e.target.value);
            // An error about the number is stale once the number changes.
            setError(undefined);
            setExistingId(undefined);
          }}
          aria-invalid={problem ? true : undefined}
        />
      </label>
      {problem && <p className="error">{t(`idProblem.${problem}`)}</p>}
      {facts && (
        <p className="hint" data-testid="id-facts">
          {t('applicant.derived', {
            birthDate: facts.birthDate,
            sex: t(facts.sex === 'male' ? 'applicant.male' : 'applicant.female'),
          })}
        </p>
      )}
      <label>
        {t('applicant.phone')} <small>({t('common.optional')})</small>
        <input name="phone" inputMode="tel" maxLength={13} />
      </label>
      <label>
        {t('applicant.group')} <small>({t('common.optional')})</small>
        <input name="group" maxLength={20} />
      </label>
      <fieldset>
        <legend>{t('applicant.flags')}</legend>
        {applicantFlagSchema.options.map((flag) => (
          <label key={flag} className="check">
            <input
              type="checkbox"
              checked={flags.includes(flag)}
              onChange={(e) => setFlags((f) => (e.target.checked ? [...f, flag] : f.filter((x) => x !== flag)))}
            />
            {t(`flag.${flag}`)}
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="error" role="alert">
          {error}
          {existingId && (
            <button type="button" className="link" onClick={() => onRegistered(existingId)}>
              {t('intake.useExisting')}
            </button>
          )}
        </p>
      )}
      <button type="submit" className="primary">
        {t('intake.registerApplicant')}
      </button>
    </form>
  );
}
