import { useI18n } from '../i18n/i18n.tsx';

/** The end of an admin's form: what is wrong with it (checked against the shared schema), then save, and cancel where the form can be closed. */
export function FormEnd({ problem, submit, onCancel }: { problem: string | undefined; submit: string; onCancel?: () => void }) {
  const { t } = useI18n();
  const submitButton = (
    <button type="submit" className="primary">
      {submit}
    </button>
  );
  return (
    <>
      {problem && (
        <p className="error" role="alert">
          {t('catalogAdmin.invalid', { problem })}
        </p>
      )}
      {onCancel ? (
        <div className="actions-row">
          {submitButton}
          <button type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        submitButton
      )}
    </>
  );
}
