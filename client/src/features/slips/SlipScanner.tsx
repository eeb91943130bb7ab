import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { readSlipQr } from './read-slip-qr.ts';

/** Frames are scanned at most this wide: enough for a slip held up to the camera, cheap on a township PC. */
const SCAN_WIDTH = 640;
const SCAN_EVERY_MS = 200;

type Problem = { key: MessageKey; message?: string };

/** Why the camera cannot be used, in words the clerk can act on. */
function problemOf(error: unknown): Problem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return { key: 'scan.denied' };
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return { key: 'scan.noCamera' };
  return { key: 'scan.failed', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Scans a handover slip's QR code with the camera: frames are drawn to a canvas a few times a
 * second and read with jsQR until a slip number shows. Loaded only when the clerk asks to scan.
 */
export default function SlipScanner({ onSlip, onClose }: { onSlip: (slipNumber: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<Problem>();
  const [otherCode, setOtherCode] = useState(false);

  useEffect(() => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setProblem({ key: 'scan.noCamera' });
      return;
    }
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const scan = () => {
      const v = video.current;
      if (!v || v.videoWidth === 0) return;
      canvas.width = Math.min(SCAN_WIDTH, v.videoWidth);
      canvas.height = Math.round((v.videoHeight * canvas.width) / v.videoWidth);
      const g = canvas.getContext('2d', { willReadFrequently: true });
      if (!g) return;
      g.drawImage(v, 0, 0, canvas.width, canvas.height);
      const reading = readSlipQr(g.getImageData(0, 0, canvas.width, canvas.height));
      setOtherCode(reading.kind === 'other');
      if (reading.kind === 'slip' && !stopped) {
        stopped = true;
        onSlip(reading.slipNumber);
      }
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        stream = s;
        if (stopped) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play();
        }
        timer = setInterval(scan, SCAN_EVERY_MS);
      })
      .catch((e: unknown) => setProblem(problemOf(e)));
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [onSlip]);

  return (
    <div className="camera" role="dialog" aria-label={t('scan.title')}>
      {problem ? (
        <p className="error" role="alert">
          {t(problem.key, { message: problem.message ?? '' })}
        </p>
      ) : (
        <>
          <video ref={video} playsInline muted data-testid="scan-preview" />
          <p className="hint" role="status">
            {otherCode ? t('scan.otherCode') : t('scan.looking')}
          </p>
        </>
      )}
      <div className="actions-row">
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
