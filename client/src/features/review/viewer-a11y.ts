import type { Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

/** viewer.js's controls (by the class it gives them) and the name each is read out by. */
const NAMES: Record<string, MessageKey> = {
  'viewer-zoom-in': 'viewer.zoomIn',
  'viewer-zoom-out': 'viewer.zoomOut',
  'viewer-one-to-one': 'viewer.oneToOne',
  'viewer-reset': 'viewer.reset',
  'viewer-prev': 'viewer.prev',
  'viewer-next': 'viewer.next',
  'viewer-rotate-left': 'viewer.rotateLeft',
  'viewer-rotate-right': 'viewer.rotateRight',
  'viewer-button': 'viewer.close',
};

/**
 * viewer.js draws its buttons as icons with no name and lays its toolbar out as a list of buttons
 * (which is no list): gives every button its name and the toolbar its role. Run once it is built.
 */
export function nameViewerControls(container: HTMLElement, t: Translate) {
  const toolbar = container.querySelector('.viewer-toolbar > ul');
  toolbar?.setAttribute('role', 'toolbar');
  toolbar?.setAttribute('aria-label', t('viewer.toolbar'));
  for (const [name, key] of Object.entries(NAMES)) {
    for (const control of container.querySelectorAll(`.${name}[role="button"]`)) control.setAttribute('aria-label', t(key));
  }
}

/**
 * viewer.js marks the thumbnail of the image shown with aria-selected, which its role="button"
 * may not carry: the mark becomes aria-current. Run whenever an image has been viewed.
 */
export function markShownThumbnail(container: HTMLElement) {
  for (const item of container.querySelectorAll('.viewer-list > li')) {
    item.removeAttribute('aria-selected');
    if (item.classList.contains('viewer-active')) item.setAttribute('aria-current', 'true');
    else item.removeAttribute('aria-current');
  }
}
