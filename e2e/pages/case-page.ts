import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { Receipt } from './receipt.ts';
import { cameraPhoto } from './tablet-data.ts';

/**
 * A case's page on the agent's tablet: its status and history, the materials and their photos,
 * 受理 with the receipt, correction, and the result handed to the applicant with the rating.
 */
export class CasePage {
  /** The case number. */
  readonly number;
  /** Its status, its history, and the working days left. */
  readonly status;
  readonly timeline;
  readonly countdown;
  /** Who handles the case now (after a takeover). */
  readonly handler;
  /** The time limit and version of the catalog item the case was opened with. */
  readonly itemVersion;
  /** Who holds the case's paper originals (村里, 在途, 乡镇已签收…). */
  readonly custody;
  /** On a case back for correction (补正): the form that sends it to the township again. */
  readonly resubmitForm;
  /** On a completed case: the township's result and the documents it attached. */
  readonly result;
  readonly resultDocuments;
  /** The rating recorded on the case. */
  readonly rating;

  constructor(readonly page: Page) {
    this.number = page.getByTestId('case-number');
    this.status = page.getByTestId('case-status');
    this.timeline = page.getByTestId('timeline');
    this.countdown = page.getByTestId('countdown');
    this.handler = page.getByTestId('case-handler');
    this.itemVersion = page.getByTestId('case-item-version');
    this.custody = page.getByTestId('custody');
    this.resubmitForm = page.getByRole('form', { name: '补正完毕，重新报送' });
    this.result = page.getByTestId('case-result');
    this.resultDocuments = page.getByTestId('result-documents');
    this.rating = page.getByTestId('case-rating');
  }

  /** A material's row, by its place in the list. */
  material(index: number) {
    return this.page.locator('li.material').nth(index);
  }

  /** A material's name, without its badges. */
  async materialName(index: number) {
    return (await this.material(index).locator('.name').textContent())?.trim().split(' ')[0] ?? '';
  }

  /** The photos of a material. */
  thumbs(materialIndex: number) {
    return this.material(materialIndex).locator('img.thumb');
  }

  /** A JPEG as a tablet camera would give it: busy content, high quality, `width` × `height`. */
  cameraPhoto(width: number, height: number): Promise<Buffer> {
    return cameraPhoto(this.page, width, height);
  }

  /** Picks a photo for a material from the tablet's files; it is still being processed on return. */
  async pickPhoto(materialIndex: number, photo: Buffer) {
    const material = this.material(materialIndex);
    await material.locator('input[type=file]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: photo });
    return material;
  }

  async attachPhoto(materialIndex: number, photo: Buffer) {
    const material = await this.pickPhoto(materialIndex, photo);
    await expect(material.locator('img.thumb')).toHaveCount(1);
    await expect(material).toContainText('已收');
    await expectAccessible(this.page, 'case, with a photo');
  }

  /** Takes a photo for a material with the camera (Chromium's fake camera in tests). */
  async shootWithCamera(materialIndex: number) {
    const material = this.material(materialIndex);
    await material.getByRole('button', { name: '拍照' }).click();
    const camera = material.getByRole('dialog', { name: '拍照' });
    await expect(camera.getByRole('button', { name: '拍下' })).toBeEnabled();
    await expectAccessible(this.page, 'camera');
    await camera.getByRole('button', { name: '拍下' }).click();
    await expect(material.locator('img.thumb')).toHaveCount(1);
    await expect(material).toContainText('已收');
  }

  /** Turns a material's photo a quarter to the right. */
  async rotatePhoto(materialIndex: number) {
    await this.material(materialIndex).getByRole('button', { name: '旋转' }).click();
  }

  /** Waives a material (免交) with the reason; returns its row. */
  async waive(materialIndex: number, reason: string) {
    const material = this.material(materialIndex);
    await material.getByRole('button', { name: '免交' }).click();
    await material.getByLabel('原因').fill(reason);
    await material.getByRole('button', { name: '确定' }).click();
    await expect(material.locator('.badge')).toHaveText('免交');
    await expectAccessible(this.page, 'case, a material waived');
    return material;
  }

  /** Pixel size of the stored photo (as the thumbnail decodes it) and its stored size in bytes. */
  async storedPhoto(materialIndex: number) {
    const material = this.material(materialIndex);
    const img = material.locator('img.thumb').first();
    await expect(img).toHaveJSProperty('complete', true);
    const { width, height } = await img.evaluate((el: HTMLImageElement) => ({
      width: el.naturalWidth,
      height: el.naturalHeight,
    }));
    const kb = Number((await material.locator('figcaption').first().textContent())?.match(/(\d+) KB/)?.[1]);
    const bytes = await this.attachmentSize(materialIndex);
    expect(Math.round(bytes / 1024)).toBe(kb);
    return { width, height, bytes };
  }

  /**
   * What the tablet itself recorded for the first attachment of a material:
   * its hash from the page, its size from the photo table (kept in clear; the case itself is sealed).
   */
  private async attachment(materialIndex: number) {
    const thumb = this.material(materialIndex).locator('[data-sha256]').first();
    const sha256 = (await thumb.getAttribute('data-sha256')) ?? '';
    const size = await this.page.evaluate(
      (hash) =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('daiban');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const get = open.result.transaction('blobs').objectStore('blobs').get(hash);
            get.onsuccess = () => {
              open.result.close();
              if (get.result) resolve((get.result as { size: number }).size);
              else reject(new Error(`no stored photo ${hash}`));
            };
          };
        }),
      sha256,
    );
    return { sha256, size };
  }

  async attachmentSize(materialIndex: number): Promise<number> {
    return (await this.attachment(materialIndex)).size;
  }

  /** The hash of a material's first photo of the case `caseNumber`, which must be the one shown. */
  async attachmentSha(caseNumber: string, materialIndex: number): Promise<string> {
    await expect(this.number).toHaveText(caseNumber);
    return (await this.attachment(materialIndex)).sha256;
  }

  /** 受理并出具回执; with required materials still missing, as 容缺受理 with `missingReason`. */
  async receive(missingReason = '申请人承诺三日内补交') {
    await this.clickReceive(missingReason);
    await expect(this.status).toHaveText('已受理（村）');
    await expectAccessible(this.page, 'case, received');
  }

  /** Clicks 受理并出具回执 (choosing 容缺受理 when materials are missing) without waiting for the outcome. */
  async clickReceive(missingReason = '申请人承诺三日内补交') {
    const receipt = this.page.getByRole('form', { name: '受理并出具回执' });
    if (await receipt.getByTestId('missing-materials').isVisible()) {
      await receipt.getByRole('checkbox', { name: '容缺受理' }).check();
      await receipt.getByLabel('容缺受理理由').fill(missingReason);
    }
    await receipt.getByRole('button', { name: '受理并出具回执' }).click();
  }

  /** Opens the printable receipt (受理回执) from a received case. */
  async openReceipt() {
    await this.page.getByRole('link', { name: '打印受理回执' }).click();
    const receipt = new Receipt(this.page);
    await expect(receipt.number).toBeVisible();
    await expectAccessible(this.page, 'receipt');
    return receipt;
  }

  /** Hands the result to the applicant (出件), recording who took it. */
  async deliver(receivedBy: string) {
    const delivery = this.page.getByRole('form', { name: '出件（结果已交给申请人）' });
    await delivery.getByLabel('领取人').fill(receivedBy);
    await delivery.getByRole('button', { name: '出件' }).click();
    await expect(this.status).toHaveText('已出件');
  }

  /** Records the applicant's rating (好差评) of a delivered case. */
  async rate(level: '非常满意' | '满意' | '基本满意' | '不满意' | '非常不满意', comment: string) {
    const rating = this.page.getByRole('form', { name: '请申请人评价' });
    await rating.getByLabel(level, { exact: true }).check();
    await rating.getByLabel('意见建议').fill(comment);
    await rating.getByRole('button', { name: '保存评价' }).click();
  }
}
