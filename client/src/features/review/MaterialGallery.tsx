import type { Material } from '@daiban/schemas';
import { useEffect, useRef } from 'react';
import Viewer from 'viewerjs';
import 'viewerjs/dist/viewer.css';
import './viewer-a11y.css';
import { useBlobUrls } from '../../data/blob-urls.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { markShownThumbnail, nameViewerControls } from './viewer-a11y.ts';

/**
 * Every material of a case with its photos and scans. A click on a photo opens the viewer
 * (viewer.js): zoom, rotate, and page through all the case's images with the arrows; its controls
 * are named for screen readers (viewer-a11y.ts).
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
  // viewer.js puts its (fixed, full-screen) viewer here, where its controls can be found to name them.
  const viewerHost = useRef<HTMLDivElement>(null);
  const urls = useBlobUrls(materials.flatMap((m) => m.attachments.map((a) => a.sha256)));

  useEffect(() => {
    const host = viewerHost.current;
    if (!gallery.current || !host || urls.size === 0) return;
    const viewer = new Viewer(gallery.current, {
      container: host,
      filter: (image: HTMLImageElement) => image.dataset.viewable === 'true',
      toolbar: { zoomIn: 1, zoomOut: 1, oneToOne: 1, reset: 1, prev: 1, rotateLeft: 1, rotateRight: 1, next: 1 },
      transition: false,
      title: [1, (image: HTMLImageElement) => image.alt],
      ready: () => nameViewerControls(host, t),
      viewed: () => markShownThumbnail(host),
    });
    return () => {
      viewer.destroy();
    };
  }, [urls, t]);

  return (
    <>
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
      <div ref={viewerHost} />
    </>
  );
}
