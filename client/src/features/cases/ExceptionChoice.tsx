import type { Case, Material } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * A step that may go on without some materials only by the agent's explicit choice and reason:
 * 受理 with required materials missing (容缺受理), or 重新报送 with flagged materials uncorrected.
 * With nothing missing it is just the button. `busy`: photos still being processed.
 */
export function ExceptionChoice({
  missing,
  label,
  choice,
  action,
  busy = false,
  onSubmit,
}: {
  missing: readonly Material[];
  label: string;
  /** The name of the choice to make (a checkbox); without one, the reason alone is the choice. */
  choice?: string;
  action: string;
  busy?: boolean;
  onSubmit: (reason: string | undefined) => Promise<void>;
}) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState(false);
  const [reason, setReason] = useState('');
  const asked = missing.length > 0 && (chosen || !choice);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit(asked ? reason : undefined);
  };
  return (
    <form autoComplete="off" className="exception-choice" onSubmit={submit} aria-label={action}>
      {missing.length > 0 && (
        <p className="notice" data-testid="missing-materials">
          {t('case.missingChoice', { names: missing.map((m) => m.name).join('、') })}
        </p>
      )}
      {missing.length > 0 && choice && (
        <label className="check">
          <input type="checkbox" checked={chosen} onChange={(e) => setChosen(e.target.checked)} />
          {choice}
        </label>
      )}
      {asked && (
        <label>
          {label}
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={300} required />
        </label>
      )}
      {busy && (
        <p className="hint" role="status">
          {t('case.photosProcessing')}
        </p>
      )}
      <button type="submit" className="primary">
        {action}
      </button>
    </form>
  );
}

/** The exceptions the village recorded on a case (容缺受理, uncorrected resubmission), for everyone to see. */
export function Exceptions({ c }: { c: Case }) {
  const { t } = useI18n();
  if (!c.exceptions?.length) return null;
  const nameOf = (key: string) => c.materials.find((m) => m.key === key)?.name ?? key;
  return (
    <ul className="exceptions" data-testid="case-exceptions">
      {c.exceptions.map((x) => (
        <li key={`${x.kind}-${x.at}`} className="notice">
          {t(`case.exception.${x.kind}`, { names: x.materialKeys.map(nameOf).join('、'), reason: x.reason })}
        </li>
      ))}
    </ul>
  );
}
