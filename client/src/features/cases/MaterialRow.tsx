import type { Material, MaterialStatus } from '@daiban/schemas';
import { type FormEvent, useState } from 'react';
import { commands } from '../../data/commands.ts';
import { prepareForStorage, rotateImage } from '../../data/images.ts';
import { usePhotosInProgress } from '../../data/photos-in-progress.ts';
import { useBlobUrl } from '../../data/queries.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { CameraCapture } from '../capture/CameraCapture.tsx';

type Run = (action: () => Promise<void>) => Promise<void>;

/** One checklist line: its photos and scans (take, choose, rotate, delete) and its status with a reason. */
export function MaterialRow({
  material: m,
  caseId,
  onRun,
  flagged = false,
}: {
  material: Material;
  caseId: string;
  onRun: Run;
  /** The township asked for this material to be corrected (退回补正). */
  flagged?: boolean;
}) {
  const { t } = useI18n();
  const processing = usePhotosInProgress(caseId, m.key);
  const [camera, setCamera] = useState(false);
  const [marking, setMarking] = useState<MaterialStatus>();
  const [reason, setReason] = useState('');
  // The preparation is handed over unfinished: the case counts the photo as in progress at once.
  const attach = (file: Blob) => onRun(() => commands.attachFile(caseId, m.key, prepareForStorage(file)));

  const mark = (e: FormEvent) => {
    e.preventDefault();
    if (!marking) return;
    void onRun(() => commands.setMaterialStatus(caseId, m.key, marking, reason.trim())).then(() => {
      setMarking(undefined);
      setReason('');
    });
  };

  return (
    <li className={`material ${m.status}`} data-testid={`material-${m.key}`}>
      <div className="material-head">
        <span className="name">
          {m.name} {!m.required && <small>({t('common.optional')})</small>}
          {flagged && <strong className="flag"> {t('case.flagged')}</strong>}
        </span>
        <span className="badge">{t(`case.material.${m.status}`)}</span>
      </div>
      {processing > 0 && (
        <p className="hint" role="status" data-testid="photo-processing">
          {t('case.material.processing', { count: processing })}
        </p>
      )}
      {m.note && <p className="hint">{m.note}</p>}
      <div className="thumbs">
        {m.attachments.map((a) => (
          <figure key={a.sha256} className="attachment">
            <Thumb sha256={a.sha256} mime={a.mime} />
            <figcaption>
              {t('case.material.size', { kb: Math.round(a.size / 1024) })}
              {a.mime !== 'application/pdf' && (
                <button
                  type="button"
                  className="link"
                  onClick={() => void onRun(() => commands.replaceAttachment(caseId, m.key, a.sha256, rotateImage(a.sha256)))}
                >
                  {t('case.material.rotate')}
                </button>
              )}
              <button
                type="button"
                className="link"
                onClick={() => void onRun(() => commands.removeAttachment(caseId, m.key, a.sha256))}
              >
                {t('case.material.remove')}
              </button>
            </figcaption>
          </figure>
        ))}
      </div>
      {camera && (
        <CameraCapture
          onClose={() => setCamera(false)}
          onCapture={(photo) => {
            setCamera(false);
            void attach(photo);
          }}
        />
      )}
      <div className="material-actions">
        <button type="button" onClick={() => setCamera(true)}>
          {t('case.material.camera')}
        </button>
        <label className="button">
          {t('case.material.addPhoto')}
          <input
            type="file"
            accept="image/jpeg,image/png,application/pdf"
            hidden
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void attach(file);
            }}
          />
        </label>
        {m.status !== 'waived' && (
          <button type="button" onClick={() => setMarking('waived')}>
            {t('case.material.waive')}
          </button>
        )}
        {m.status !== 'missing' && (
          <button type="button" onClick={() => setMarking('missing')}>
            {t('case.material.markMissing')}
          </button>
        )}
      </div>
      {marking && (
        <form
          autoComplete="off"
          className="reason-form"
          onSubmit={mark}
          aria-label={t(marking === 'waived' ? 'case.material.waive' : 'case.material.markMissing')}
        >
          <label>
            {t('case.material.reason')}
            <input value={reason} onChange={(e) => setReason(e.target.value)} required={marking === 'waived'} maxLength={300} />
          </label>
          <button type="submit" className="primary">
            {t('common.confirm')}
          </button>
          <button type="button" onClick={() => setMarking(undefined)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
    </li>
  );
}

function Thumb({ sha256, mime }: { sha256: string; mime: string }) {
  const url = useBlobUrl(sha256);
  // The content hash names the photo (it is not personal): end-to-end tests match it with the ledger's.
  if (!url) return <span className="thumb placeholder" data-sha256={sha256} />;
  return mime === 'application/pdf' ? (
    <a className="thumb pdf" href={url} target="_blank" rel="noreferrer" data-sha256={sha256}>
      PDF
    </a>
  ) : (
    <img className="thumb" src={url} alt="" data-sha256={sha256} />
  );
}
