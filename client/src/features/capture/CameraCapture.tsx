import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/**
 * Takes a photo with a camera: the tablet's own, or a USB document camera (高拍仪), which shows
 * up as one more video device to pick from. The frame is captured at the camera's resolution.
 */
export function CameraCapture({ onCapture, onClose }: { onCapture: (photo: Blob) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string>();
  const [error, setError] = useState<MessageKey>();
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let cancelled = false;
    setReady(false);
    navigator.mediaDevices
      .getUserMedia({ video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' }, audio: false })
      .then(async (s) => {
        if (cancelled) {
          for (const track of s.getTracks()) track.stop();
          return;
        }
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          await video.current.play();
        }
        // Labels are only known once a camera may be used.
        setDevices((await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput'));
      })
      .catch((e: unknown) => setError(cameraProblem(e)));
    return () => {
      cancelled = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [deviceId]);

  function capture() {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    canvas.toBlob((blob) => blob && onCapture(blob), 'image/jpeg', 0.92);
  }

  return (
    <div className="camera" role="dialog" aria-label={t('camera.title')}>
      {error ? (
        <p className="error" role="alert">
          {t('camera.unavailable', { message: t(error) })}
        </p>
      ) : (
        <video ref={video} playsInline muted data-testid="camera-preview" onPlaying={() => setReady(true)} />
      )}
      <div className="actions-row">
        {devices.length > 1 && (
          <select
            aria-label={t('camera.device')}
            value={deviceId ?? ''}
            onChange={(e) => setDeviceId(e.target.value || undefined)}
          >
            <option value="">{t('camera.default')}</option>
            {devices.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || t('camera.unnamed', { n: i + 1 })}
              </option>
            ))}
          </select>
        )}
        <button type="button" className="primary" onClick={capture} disabled={!ready || Boolean(error)}>
          {t('camera.shoot')}
        </button>
        <button type="button" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** The browser's reason a camera could not be opened, in the agent's words (its own text is English). */
function cameraProblem(error: unknown): MessageKey {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'camera.notFound';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'camera.notAllowed';
  if (name === 'NotReadableError' || name === 'AbortError') return 'camera.busy';
  return 'camera.failed';
}
