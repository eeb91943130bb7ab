import { useEffect, useImperativeHandle, useRef } from 'react';
import SignaturePad from 'signature_pad';
import { useI18n } from '../../i18n/i18n.tsx';

export interface SignatureHandle {
  /** The drawing as a PNG, or undefined when nothing was drawn. */
  toBlob(): Promise<Blob | undefined>;
}

/** The applicant's signature or fingerprint mark, drawn on the screen with a finger. */
export function SignaturePadField({ ref, label }: { ref: React.Ref<SignatureHandle>; label: string }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // Size the drawing surface to the element at the screen's pixel density, so strokes stay sharp.
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    el.width = el.offsetWidth * ratio;
    el.height = el.offsetHeight * ratio;
    el.getContext('2d')?.scale(ratio, ratio);
    const instance = new SignaturePad(el, { backgroundColor: 'rgb(255,255,255)', minWidth: 1, maxWidth: 3 });
    pad.current = instance;
    return () => instance.off();
  }, []);

  useImperativeHandle(ref, () => ({
    toBlob: () =>
      new Promise<Blob | undefined>((resolve) => {
        const el = canvas.current;
        if (!el || !pad.current || pad.current.isEmpty()) resolve(undefined);
        else el.toBlob((blob) => resolve(blob ?? undefined), 'image/png');
      }),
  }));

  return (
    <fieldset className="signature">
      <legend>{label}</legend>
      <canvas ref={canvas} data-testid="signature-pad" />
      <button type="button" onClick={() => pad.current?.clear()}>
        {t('visits.clear')}
      </button>
    </fieldset>
  );
}
