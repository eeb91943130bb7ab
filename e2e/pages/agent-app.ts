import { expect, type Page } from '@playwright/test';
import { signIn } from './sign-in.ts';

/** The PIN every agent in these specs chooses after signing in. */
export const AGENT_PIN = '482913';

/** The village agent's tablet, driven through what the agent sees. */
export class AgentApp {
  /** The account's password: it opens the tablet after a start without the township server. */
  password = 'daiban-agent';

  constructor(readonly page: Page) {}

  /** Signs in online and chooses the unlock PIN, as the app requires on a fresh tablet. */
  async signIn(username: string, password: string) {
    this.password = password;
    await signIn(this.page, username, password);
    await this.choosePin(AGENT_PIN);
    await expect(this.page.getByTestId('sync-banner')).toBeVisible();
  }

  async choosePin(pin: string, again = pin) {
    const form = this.page.getByRole('form', { name: '设置解锁 PIN' });
    await form.getByLabel('新 PIN', { exact: true }).fill(pin);
    await form.getByLabel('再次输入新 PIN').fill(again);
    await form.getByRole('button', { name: '设置 PIN' }).click();
  }

  /** Types a PIN on the lock screen (the answer is left to the caller). */
  async typePin(pin: string) {
    const lock = this.page.getByTestId('lock-screen');
    await lock.getByLabel('PIN', { exact: true }).fill(pin);
    await lock.getByRole('button', { name: '解锁', exact: true }).click();
  }

  /** On the lock screen: unlocks with the account password instead of the PIN (the answer is left to the caller). */
  async unlockWithPassword(password: string) {
    const lock = this.page.getByTestId('lock-screen');
    const link = lock.getByRole('button', { name: '用登录密码解锁' });
    if (await link.isVisible()) await link.click();
    const form = lock.getByRole('form', { name: '用登录密码解锁' });
    await form.getByLabel('登录密码').fill(password);
    await form.getByRole('button', { name: '验证密码' }).click();
  }

  async unlock(pin = AGENT_PIN) {
    await this.typePin(pin);
    await expect(this.page.getByTestId('sync-banner')).toBeVisible();
  }

  /** Reloads the app, which starts locked, and unlocks it (unlockAfterStart). */
  async reload() {
    await this.page.reload();
    await this.unlockAfterStart();
  }

  /**
   * Opens the tablet after a start of the app: with the PIN when the township server hands out its
   * key share; when it cannot (no link, or the device revoked), with the password, keeping the PIN.
   */
  async unlockAfterStart() {
    await this.typePin(AGENT_PIN);
    const banner = this.page.getByTestId('sync-banner');
    const refused = this.page.getByTestId('lock-screen').getByRole('alert');
    await expect(banner.or(refused)).toBeVisible();
    if (await banner.isVisible()) return;
    await expect(refused).toContainText(/连不上乡镇服务器|PIN 已不能解锁本机/);
    await this.unlockWithPassword(this.password);
    await this.page.getByRole('button', { name: '暂不更换 PIN' }).click();
    await expect(banner).toBeVisible();
  }

  /** Waits until the service worker is activated and controls the page (the app shell is precached). */
  async waitForOfflineReady() {
    await this.page.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.ready;
      return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
    });
  }

  async waitUntilSynced() {
    await expect(this.page.getByTestId('pending')).toHaveText('已全部同步', { timeout: 30_000 });
    await expect(this.page.getByTestId('sync-banner')).not.toContainText('尚未同步');
  }

  async openCaseFromList(caseNumber: string) {
    await this.page.getByRole('link', { name: '代办件' }).first().click();
    await this.page.getByRole('link', { name: new RegExp(caseNumber) }).click();
    await expect(this.page.getByTestId('case-number')).toHaveText(caseNumber);
  }

  async syncNow() {
    await this.page.getByTestId('sync-banner').getByRole('button', { name: '同步' }).click();
  }

  async registerApplicant(a: { name: string; idNumber: string; phone: string }) {
    await this.page.getByRole('link', { name: '新建代办' }).first().click();
    await this.fillApplicantForm(a);
    await expect(this.page.getByTestId('selected-applicant')).toContainText(a.name);
  }

  /** Opens the 登记办事群众 form where the page offers it, and registers the villager. */
  async fillApplicantForm(a: { name: string; idNumber: string; phone: string }) {
    await this.page.getByRole('button', { name: '登记办事群众' }).click();
    const form = this.page.getByRole('form', { name: '登记办事群众' });
    await form.getByLabel('姓名').fill(a.name);
    await form.getByLabel('身份证号码').fill(a.idNumber);
    await expect(form.getByTestId('id-facts')).toBeVisible();
    await form.getByLabel('联系电话').fill(a.phone);
    await form.getByLabel('老年人').check();
    await form.getByRole('button', { name: '登记办事群众' }).click();
    await expect(form).toHaveCount(0);
  }

  async openCase(itemName: string) {
    await this.page.getByPlaceholder('搜索事项名称').fill(itemName);
    await this.page
      .getByRole('radio', { name: new RegExp(itemName) })
      .first()
      .check();
    await this.page.getByRole('button', { name: '建立代办件' }).click();
    await expect(this.page.getByTestId('case-number')).toBeVisible();
    return (await this.page.getByTestId('case-number').textContent()) ?? '';
  }

  /** Picks a photo for a material from the tablet's files; it is still being processed on return. */
  async pickPhoto(materialIndex: number, photo: Buffer) {
    const material = this.page.locator('li.material').nth(materialIndex);
    await material.locator('input[type=file]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: photo });
    return material;
  }

  async attachPhoto(materialIndex: number, photo: Buffer) {
    const material = await this.pickPhoto(materialIndex, photo);
    await expect(material.locator('img.thumb')).toHaveCount(1);
    await expect(material).toContainText('已收');
  }

  /** Takes a photo for a material with the camera (Chromium's fake camera in tests). */
  async shootWithCamera(materialIndex: number) {
    const material = this.page.locator('li.material').nth(materialIndex);
    await material.getByRole('button', { name: '拍照' }).click();
    const camera = material.getByRole('dialog', { name: '拍照' });
    await expect(camera.getByRole('button', { name: '拍下' })).toBeEnabled();
    await camera.getByRole('button', { name: '拍下' }).click();
    await expect(material.locator('img.thumb')).toHaveCount(1);
    await expect(material).toContainText('已收');
  }

  /** A JPEG as a tablet camera would give it: busy content, high quality, `width` × `height`. */
  async cameraPhoto(width: number, height: number): Promise<Buffer> {
    const bytes = await this.page.evaluate(
      async ([w, h]) => {
        const canvas = new OffscreenCanvas(w, h);
        const g = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        for (let i = 0; i < 400; i++) {
          g.fillStyle = `hsl(${(i * 47) % 360}, 70%, ${30 + (i % 40)}%)`;
          g.fillRect((i * 173) % w, (i * 97) % h, 60 + (i % 200), 40 + (i % 150));
        }
        const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.95 });
        return Array.from(new Uint8Array(await blob.arrayBuffer()));
      },
      [width, height] as const,
    );
    return Buffer.from(bytes);
  }

  /** Pixel size of the stored photo (as the thumbnail decodes it) and its stored size in bytes. */
  async storedPhoto(materialIndex: number) {
    const material = this.page.locator('li.material').nth(materialIndex);
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
   * What the tablet itself recorded for the first attachment of a material on the case page shown:
   * its hash from the page, its size from the photo table (kept in clear; the case itself is sealed).
   */
  private async attachment(materialIndex: number) {
    const thumb = this.page.locator('li.material').nth(materialIndex).locator('[data-sha256]').first();
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

  /** The hash of a material's first photo on the case page of `caseNumber`, which must be the one shown. */
  async attachmentSha(caseNumber: string, materialIndex: number): Promise<string> {
    await expect(this.page.getByTestId('case-number')).toHaveText(caseNumber);
    return (await this.attachment(materialIndex)).sha256;
  }

  /** 受理并出具回执; with required materials still missing, as 容缺受理 with `missingReason`. */
  async receive(missingReason = '申请人承诺三日内补交') {
    await this.clickReceive(missingReason);
    await expect(this.page.getByTestId('case-status')).toHaveText('已受理（村）');
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
}
