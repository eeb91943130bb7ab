import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { setLargeText } from './large-text.ts';
import { Receipt } from './receipt.ts';
import { signIn } from './sign-in.ts';
import { cameraPhoto } from './tablet-data.ts';

/** The PIN every agent in these specs chooses after signing in. */
export const AGENT_PIN = '482913';

/** The agent's menu: each entry and the heading of the screen it opens. */
const MENU = {
  代办件: '代办件',
  新建代办: '新建代办',
  上门代办: '上门代办',
  交接单: '交接单',
  值班与AB岗: '值班与AB岗',
  事项指南: '事项清单与办事指南',
} as const;
export type AgentScreen = keyof typeof MENU;

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
    await expect(this.syncBanner()).toBeVisible();
  }

  async choosePin(pin: string, again = pin) {
    const form = this.page.getByRole('form', { name: '设置解锁 PIN' });
    await expect(form).toBeVisible();
    await expectAccessible(this.page, 'PIN setup');
    await form.getByLabel('新 PIN', { exact: true }).fill(pin);
    await form.getByLabel('再次输入新 PIN').fill(again);
    await form.getByRole('button', { name: '设置 PIN' }).click();
  }

  /** Signs out (退出): the tablet's database goes, and the sign-in page is back. */
  async signOut() {
    await this.page.getByRole('button', { name: '退出' }).click();
    await expect(this.page.getByRole('button', { name: '登录' })).toBeVisible();
  }

  /** Types a PIN on the lock screen (the answer is left to the caller). */
  async typePin(pin: string) {
    const lock = this.lockScreen();
    await expect(lock).toBeVisible();
    await expectAccessible(this.page, 'lock');
    await lock.getByLabel('PIN', { exact: true }).fill(pin);
    await lock.getByRole('button', { name: '解锁', exact: true }).click();
  }

  /** On the lock screen: unlocks with the account password instead of the PIN (the answer is left to the caller). */
  async unlockWithPassword(password: string) {
    const lock = this.lockScreen();
    const link = lock.getByRole('button', { name: '用登录密码解锁' });
    if (await link.isVisible()) await link.click();
    const form = lock.getByRole('form', { name: '用登录密码解锁' });
    await form.getByLabel('登录密码').fill(password);
    await form.getByRole('button', { name: '验证密码' }).click();
  }

  /** After the password opened the tablet: keeps the PIN (暂不更换 PIN) instead of choosing a new one. */
  async keepPin() {
    await this.page.getByRole('button', { name: '暂不更换 PIN' }).click();
  }

  lockScreen() {
    return this.page.getByTestId('lock-screen');
  }

  /** Locks the screen from the menu (锁屏). */
  async lock() {
    await this.page.getByRole('button', { name: '锁屏' }).click();
    await expect(this.lockScreen()).toBeVisible();
  }

  async unlock(pin = AGENT_PIN) {
    await this.typePin(pin);
    await expect(this.syncBanner()).toBeVisible();
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
    const banner = this.syncBanner();
    const refused = this.lockScreen().getByRole('alert');
    await expect(banner.or(refused)).toBeVisible();
    if (await banner.isVisible()) return;
    await expect(refused).toContainText(/连不上乡镇服务器|PIN 已不能解锁本机/);
    await this.unlockWithPassword(this.password);
    await this.keepPin();
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
    await expect(this.pending()).toHaveText('已全部同步', { timeout: 30_000 });
    await expect(this.syncBanner()).not.toContainText('尚未同步');
  }

  /** A screen's entry in the menu. */
  menuLink(screen: AgentScreen) {
    return this.menu().getByRole('link', { name: screen, exact: true });
  }

  /** Opens a screen from the menu and checks it for accessibility. */
  async go(screen: AgentScreen) {
    await this.menuLink(screen).click();
    await expect(this.page.getByRole('heading', { name: MENU[screen], level: 1 })).toBeVisible();
    await expect(this.page.locator('main .loading')).toHaveCount(0);
    await expectAccessible(this.page, screen);
  }

  /** 设备存储, opened from the sync banner. */
  async openStorage() {
    await this.syncBanner().getByRole('link', { name: '设备存储' }).click();
    const panel = this.page.getByTestId('device-storage');
    await expect(panel.getByTestId('usage')).toBeVisible();
    await expectAccessible(this.page, '设备存储');
    return panel;
  }

  /** Switches 大字 (large text) on or off. */
  setLargeText(on: boolean) {
    return setLargeText(this.page, on);
  }

  /** A row of the case list, found by the case number in it. */
  caseRow(caseNumber: string) {
    return this.page.getByRole('link', { name: new RegExp(caseNumber) });
  }

  async openCaseFromList(caseNumber: string) {
    await this.go('代办件');
    await this.caseRow(caseNumber).click();
    await expect(this.caseNumber()).toHaveText(caseNumber);
    await expectAccessible(this.page, 'case');
  }

  async syncNow() {
    await this.syncBanner().getByRole('button', { name: '同步' }).click();
  }

  async registerApplicant(a: { name: string; idNumber: string; phone: string }) {
    await this.go('新建代办');
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

  /** On the new-case screen: chooses a villager registered before, found by name. */
  async chooseApplicant(name: string) {
    await this.page.getByPlaceholder('姓名、身份证后4位或电话').fill(name);
    await this.page
      .getByRole('button', { name: new RegExp(name) })
      .first()
      .click();
    await expect(this.page.getByTestId('selected-applicant')).toContainText(name);
  }

  /** On the new-case screen: the search over the catalog's items. */
  itemSearch() {
    return this.page.getByPlaceholder('搜索事项名称');
  }

  /** On the new-case screen: an item of the catalog to choose. */
  itemChoice(itemName: string) {
    return this.page.getByRole('radio', { name: new RegExp(itemName) }).first();
  }

  /** On the new-case screen: opens the case, with `itemName` chosen unless it already is. */
  async openCase(itemName?: string) {
    if (itemName) {
      await this.itemSearch().fill(itemName);
      await this.itemChoice(itemName).check();
    }
    await this.page.getByRole('button', { name: '建立代办件' }).click();
    await expect(this.caseNumber()).toBeVisible();
    await expectAccessible(this.page, 'case');
    return (await this.caseNumber().textContent()) ?? '';
  }

  /** The number of the case shown. */
  caseNumber() {
    return this.page.getByTestId('case-number');
  }

  /** Everything on the screen, to check what it does not show. */
  screen() {
    return this.page.locator('body');
  }

  /** The app's version and build, in the page's footer. */
  appBuild() {
    return this.page.getByTestId('app-build');
  }

  /** The banner offering a new version of the app (更新). */
  updateBanner() {
    return this.page.getByTestId('update-banner');
  }

  /** Takes the new version the update banner offers (更新). */
  async applyUpdate() {
    await this.updateBanner().getByRole('button', { name: '更新' }).click();
  }

  /** The notice that another window replaced (`replaced`) or holds back (`blocked`) the tablet's database. */
  databaseNotice(kind: 'replaced' | 'blocked') {
    return this.page.getByTestId(`db-${kind}`);
  }

  /** The notice that the township revoked this tablet. */
  deviceRevoked() {
    return this.page.getByTestId('device-revoked');
  }

  /** The warning that the tablet's clock is off from the township's. */
  clockSkew() {
    return this.page.getByTestId('clock-skew');
  }

  /** A message the app shows in passing (role status) that contains `text`. */
  status(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** Today's duty (今日值班), in the menu bar. */
  dutyToday() {
    return this.page.getByTestId('duty-today');
  }

  /** On 值班与AB岗: the colleague on the other post, with their open cases. */
  colleague(post: 'A' | 'B') {
    return this.page.getByTestId(`colleague-${post}`);
  }

  /** On the case page: who handles the case now (after a takeover). */
  caseHandler() {
    return this.page.getByTestId('case-handler');
  }

  /** On the case page: the time limit and version of the catalog item it was opened with. */
  caseItemVersion() {
    return this.page.getByTestId('case-item-version');
  }

  /** A material's name on the case page, without its badges. */
  async materialName(index: number) {
    return (await this.material(index).locator('.name').textContent())?.trim().split(' ')[0] ?? '';
  }

  /** On a case back for correction (补正): the form that sends it to the township again. */
  resubmitForm() {
    return this.page.getByRole('form', { name: '补正完毕，重新报送' });
  }

  /** On a completed case: the township's result and the documents it attached. */
  caseResult() {
    return this.page.getByTestId('case-result');
  }

  resultDocuments() {
    return this.page.getByTestId('result-documents');
  }

  /** Hands the result to the applicant (出件), recording who took it. */
  async deliver(receivedBy: string) {
    const delivery = this.page.getByRole('form', { name: '出件（结果已交给申请人）' });
    await delivery.getByLabel('领取人').fill(receivedBy);
    await delivery.getByRole('button', { name: '出件' }).click();
    await expect(this.caseStatus()).toHaveText('已出件');
  }

  /** Records the applicant's rating (好差评) of a delivered case. */
  async rate(level: '非常满意' | '满意' | '基本满意' | '不满意' | '非常不满意', comment: string) {
    const rating = this.page.getByRole('form', { name: '请申请人评价' });
    await rating.getByLabel(level, { exact: true }).check();
    await rating.getByLabel('意见建议').fill(comment);
    await rating.getByRole('button', { name: '保存评价' }).click();
  }

  /** The rating recorded on the case page. */
  caseRating() {
    return this.page.getByTestId('case-rating');
  }

  /** A material's row on the case page, by its place in the list. */
  material(index: number) {
    return this.page.locator('li.material').nth(index);
  }

  /** The photos of a material on the case page. */
  thumbs(materialIndex: number) {
    return this.material(materialIndex).locator('img.thumb');
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

  /** A message the app raised (role alert) that contains `text`. */
  alert(text: string) {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  /** Who holds the case's paper originals (村里, 在途, 乡镇已签收…). */
  custody() {
    return this.page.getByTestId('custody');
  }

  /** The menu bar (on screen only, never on paper). */
  menu() {
    return this.page.getByRole('banner');
  }

  syncBanner() {
    return this.page.getByTestId('sync-banner');
  }

  /** The sync banner's count of changes and photos waiting to sync (已全部同步 when none). */
  pending() {
    return this.page.getByTestId('pending');
  }

  /** 在线 or 离线, in the sync banner. */
  connection() {
    return this.page.getByTestId('connection');
  }

  /** On the case page: its status, its history, and the working days left. */
  caseStatus() {
    return this.page.getByTestId('case-status');
  }

  timeline() {
    return this.page.getByTestId('timeline');
  }

  countdown() {
    return this.page.getByTestId('countdown');
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

  /** A JPEG as a tablet camera would give it: busy content, high quality, `width` × `height`. */
  cameraPhoto(width: number, height: number): Promise<Buffer> {
    return cameraPhoto(this.page, width, height);
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
   * What the tablet itself recorded for the first attachment of a material on the case page shown:
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

  /** The hash of a material's first photo on the case page of `caseNumber`, which must be the one shown. */
  async attachmentSha(caseNumber: string, materialIndex: number): Promise<string> {
    await expect(this.caseNumber()).toHaveText(caseNumber);
    return (await this.attachment(materialIndex)).sha256;
  }

  /** 受理并出具回执; with required materials still missing, as 容缺受理 with `missingReason`. */
  async receive(missingReason = '申请人承诺三日内补交') {
    await this.clickReceive(missingReason);
    await expect(this.caseStatus()).toHaveText('已受理（村）');
    await expectAccessible(this.page, 'case, received');
  }

  /** Opens the printable receipt (受理回执) from a received case. */
  async openReceipt() {
    await this.page.getByRole('link', { name: '打印受理回执' }).click();
    const receipt = new Receipt(this.page);
    await expect(receipt.number).toBeVisible();
    await expectAccessible(this.page, 'receipt');
    return receipt;
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
