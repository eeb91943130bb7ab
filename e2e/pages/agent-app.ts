import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { CasePage } from './case-page.ts';
import { setLargeText } from './large-text.ts';
import { NewCase } from './new-case.ts';
import { signIn } from './sign-in.ts';

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

/**
 * The village agent's tablet, driven through what the agent sees: signing in, the PIN and the lock
 * screen, the menu and the sync banner; the case page and the new-case screen are `case` and `newCase`.
 */
export class AgentApp {
  /** The account's password: it opens the tablet after a start without the township server. */
  password = 'daiban-agent';

  /** The case shown, once opened from the list or the new-case screen. */
  readonly case: CasePage;
  /** The new-case screen (新建代办). */
  readonly newCase: NewCase;

  constructor(readonly page: Page) {
    this.case = new CasePage(page);
    this.newCase = new NewCase(page, this.case, () => this.go('新建代办'));
  }

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
    await expect(this.case.number).toHaveText(caseNumber);
    await expectAccessible(this.page, 'case');
  }

  async syncNow() {
    await this.syncBanner().getByRole('button', { name: '同步' }).click();
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

  /** A message the app raised (role alert) that contains `text`. */
  alert(text: string) {
    return this.page.getByRole('alert').filter({ hasText: text });
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
}
