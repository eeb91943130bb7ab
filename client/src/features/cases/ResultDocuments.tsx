import type { Attachment } from '@daiban/schemas';
import { useEffect, useRef, useState } from 'react';
import { openServerFile } from '../../data/server-files.ts';
import { describeError } from '../../i18n/describe-error.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The documents the township issued with its 办结; they stay on the server and are fetched when online. */
export function ResultDocuments({ attachments }: { attachments: readonly Attachment[] }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const made = useRef<string[]>([]);
  useEffect(
    () => () => {
      for (const url of made.current) URL.revokeObjectURL(url);
    },
    [],
  );
  if (attachments.length === 0) return null;

  const open = async (sha256: string) => {
    try {
      const url = await openServerFile(sha256);
      made.current.push(url);
      setOpened((o) => ({ ...o, [sha256]: url }));
      setError(undefined);
    } catch (e) {
      setError(t('case.fileNeedsNetwork', { message: describeError(e, t) }));
    }
  };

  return (
    <section aria-label={t('case.resultFiles')} data-testid="result-documents">
      <h3>{t('case.resultFiles')}</h3>
      <ul className="plain">
        {attachments.map((a, i) => {
          const name = t('case.resultFile', { n: i + 1, kind: a.mime === 'application/pdf' ? 'PDF' : t('case.image') });
          const url = opened[a.sha256];
          return (
            <li key={a.sha256}>
              {name}{' '}
              {!url && (
                <button type="button" onClick={() => void open(a.sha256)}>
                  {t('case.openFile')}
                </button>
              )}
              {url && a.mime === 'application/pdf' && (
                <a href={url} target="_blank" rel="noreferrer">
                  {name}
                </a>
              )}
              {url && a.mime !== 'application/pdf' && <img className="result-document" src={url} alt={name} />}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
