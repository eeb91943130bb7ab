import type { Material } from '@daiban/schemas';
import { useEffect, useRef } from 'react';
import Viewer from 'viewerjs';
import 'viewerjs/dist/viewer.css';
import './viewer-a11y.css';
import { useBlobUrls } from '../../data/blob-urls.ts';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/**
 * Every material of a case with its photos and scans. A click on a photo opens the viewer
 * (viewer.js): zoom, rotate, and page through all the case's images with the arrows; its controls
 * are fingertip-sized (viewer-a11y.css) and named for screen readers (nameViewerControls).
 */
export function MaterialGallery({
  materials,
  missingBlobs,
}: {
  materials: readonly Material[];
  missingBlobs: readonly string[];
}) {
  const { t } = useI18n();
  const gallery = useRef<HTMLDivElement>(null);
  const urls = useBlobUrls(materials.flatMap((m) => m.attachments.map((a) => a.sha256)));

  useEffect(() => {
    if (!gallery.current || urls.size === 0) return;
    const viewer = new Viewer(gallery.current, {
      filter: (image: HTMLImageElement) => image.dataset.viewable === 'true',
      toolbar: { zoomIn: 1, zoomOut: 1, oneToOne: 1, reset: 1, prev: 1, rotateLeft: 1, rotateRight: 1, next: 1 },
      transition: false,
      title: [1, (image: HTMLImageElement) => image.alt],
      viewed: () => nameViewerControls(t),
    });
    return () => {
      viewer.destroy();
    };
  }, [urls, t]);

  return (
    <div ref={gallery} className="gallery" data-testid="gallery">
      {materials.map((m) => (
        <section key={m.key} className="card material">
          <h3>
            {m.name} {!m.required && <small>({t('common.optional')})</small>}{' '}
            <span className={`badge material-${m.required ? m.status : 'optional'}`}>{t(`case.material.${m.status}`)}</span>
          </h3>
          {m.note && <p className="note">{m.note}</p>}
          <div className="thumbs">
            {m.attachments.map((a, i) => {
              const url = urls.get(a.sha256);
              const name = t('review.attachmentName', { material: m.name, n: i + 1 });
              if (!url) {
                const key = missingBlobs.includes(a.sha256) ? 'review.attachmentNotUploaded' : 'common.loading';
                return (
                  <span key={a.sha256} className="thumb placeholder">
                    {t(key)}
                  </span>
                );
              }
              if (a.mime === 'application/pdf') {
                return (
                  <a key={a.sha256} className="thumb" href={url} target="_blank" rel="noreferrer">
                    {name} (PDF)
                  </a>
                );
              }
              return <img key={a.sha256} className="thumb" src={url} alt={name} data-viewable="true" />;
            })}
          </div>
        </section>
      ))}
    </div>
  );
}

const VIEWER_ACTIONS = {
  'zoom-in': 'viewer.zoomIn',
  'zoom-out': 'viewer.zoomOut',
  'one-to-one': 'viewer.oneToOne',
  reset: 'viewer.reset',
  prev: 'viewer.prev',
  next: 'viewer.next',
  'rotate-left': 'viewer.rotateLeft',
  'rotate-right': 'viewer.rotateRight',
  mix: 'viewer.close',
} as const satisfies Record<string, MessageKey>;

/**
 * viewerjs leaves its controls without names and marks the shown thumbnail in a way screen readers
 * do not allow on a button: each control is named by its action in the user's language, the toolbar
 * is a toolbar, and the shown thumbnail is `aria-current`. Runs each time an image is shown.
 */
function nameViewerControls(t: Translate) {
  for (const container of document.querySelectorAll('.viewer-container')) {
    for (const control of container.querySelectorAll<HTMLElement>('[data-viewer-action]')) {
      const key = VIEWER_ACTIONS[control.dataset.viewerAction as keyof typeof VIEWER_ACTIONS];
      if (key) control.setAttribute('aria-label', t(key));
    }
    const toolbar = container.querySelector('.viewer-toolbar > ul');
    toolbar?.setAttribute('role', 'toolbar');
    toolbar?.setAttribute('aria-label', t('viewer.toolbar'));
    for (const item of container.querySelectorAll('.viewer-list > li')) {
      if (item.hasAttribute('aria-selected')) item.setAttribute('aria-current', 'true');
      else item.removeAttribute('aria-current');
      item.removeAttribute('aria-selected');
    }
  }
}
