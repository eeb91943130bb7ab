import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';

/** The township's image viewer (viewer.js) over a case's photos, driven by its named toolbar buttons. */
export class ImageViewer {
  readonly dialog;
  /** The picture shown now. */
  readonly image;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog').filter({ has: page.locator('.viewer-canvas') });
    this.image = this.dialog.locator('.viewer-canvas img');
  }

  async shown() {
    await expect(this.dialog).toBeVisible();
    await expect(this.image).toBeVisible();
    // The title comes once the image is shown, and with it the controls' final state.
    await expect(this.title()).not.toBeEmpty();
    await expectAccessible(this.page, 'image viewer');
  }

  /** The photo's name and place (第N张) the viewer shows above the toolbar. */
  title() {
    return this.dialog.locator('.viewer-title');
  }

  async press(button: '放大' | '缩小' | '向右转' | '向左转' | '上一张' | '下一张') {
    await this.dialog.getByRole('toolbar').getByRole('button', { name: button, exact: true }).click();
  }

  async close() {
    await this.page.keyboard.press('Escape');
    await expect(this.dialog).toBeHidden();
  }
}
