import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { ImageViewer } from './image-viewer.ts';
import { setLargeText } from './large-text.ts';
import { openFromMenu } from './menu.ts';
import { signIn } from './sign-in.ts';

/** The township centre's menu: each entry and the heading of the screen it opens. */
const MENU = {
  审核: '乡镇审核',
  台账与设备: '台账、设备与回访',
  交接确认: '交接单确认',
  事项管理: '事项管理',
  '村（社区）': '村（社区）管理',
  账号与设备: '账号与设备',
  节假日: /年节假日与调休$/,
  抽查: '台账抽查',
  月度通报: '月度通报',
} as const;
export type TownshipScreen = keyof typeof MENU;

/** The township supervisor's pages: the queues, a case's review page with its decisions, oversight. */
export class ReviewApp {
  constructor(readonly page: Page) {}

  async signIn(username: string, password: string) {
    await signIn(this.page, username, password);
    await expect(this.page.getByRole('heading', { name: '乡镇审核' })).toBeVisible();
    await expect(this.queue('submitted')).toBeVisible();
    await expectAccessible(this.page, '审核');
  }

  /** Opens a screen from the menu and checks it for accessibility. */
  go(screen: TownshipScreen) {
    return openFromMenu(this.page, screen, MENU[screen]);
  }

  /** Switches 大字 (large text) on or off. */
  setLargeText(on: boolean) {
    return setLargeText(this.page, on);
  }

  /** The ledger, devices, follow-ups and conflicts page. */
  async openOversight() {
    await this.go('台账与设备');
  }

  queue(status: 'submitted' | 'accepted') {
    return this.page.getByTestId(`queue-${status}`);
  }

  /** 按村查看: both queues show the cases of one village (`全部村`: of all), from their first page. */
  async showVillage(name: string) {
    await this.page.getByLabel('按村查看').selectOption({ label: name });
    await expect(this.page.locator('main .loading')).toHaveCount(0);
  }

  /** A queue's 加载更多 button, shown while the server has a further page. */
  loadMoreButton(status: 'submitted' | 'accepted') {
    return this.queue(status).getByRole('button', { name: '加载更多' });
  }

  /** The cases a queue lists, as rows. */
  queueRows(status: 'submitted' | 'accepted') {
    return this.queue(status).locator('.case-row');
  }

  /** A case's row in a queue, after 加载更多 as often as it takes to reach it (as the supervisor would). */
  async findInQueue(caseNumber: string, status: 'submitted' | 'accepted' = 'submitted') {
    const row = this.queue(status).getByTestId(`review-${caseNumber}`);
    await expect(this.queue(status).locator('.case-row, .empty').first()).toBeVisible();
    while ((await row.count()) === 0 && (await this.loadMoreButton(status).isVisible())) {
      const shown = await this.queueRows(status).count();
      await this.loadMoreButton(status).click();
      await expect(this.queueRows(status)).not.toHaveCount(shown);
    }
    return row;
  }

  /** Opens a case's review page from the queue it waits in. */
  async openCase(caseNumber: string, status: 'submitted' | 'accepted' = 'submitted') {
    await (await this.findInQueue(caseNumber, status)).getByRole('link', { name: caseNumber }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText(caseNumber);
    await expect(this.decisions()).toBeVisible();
    await expectAccessible(this.page, 'review');
  }

  /** The thumbnails of the case's photos and scans on its review page. */
  photos() {
    return this.page.getByTestId('gallery').locator('img.thumb');
  }

  /** Opens the image viewer on a photo of the case's gallery (the first one unless told). */
  async openPhoto(index = 0) {
    await this.photos().nth(index).click();
    const viewer = new ImageViewer(this.page);
    await viewer.shown();
    return viewer;
  }

  /** What the page last said it did (已发布 …). */
  status() {
    return this.page.getByRole('status');
  }

  /** The menu bar (on screen only, never on paper). */
  menu() {
    return this.page.getByRole('banner');
  }

  /** On 台账与设备: checks the ledger's hash chain and returns the answer. */
  async checkLedger() {
    await this.page.getByRole('button', { name: '校验台账' }).click();
    return this.page.getByTestId('ledger-check');
  }

  /** On 台账与设备: the devices of the person named, each with its last contact and clock. */
  devices(owner: string) {
    return this.page.getByTestId('device-list').getByRole('listitem').filter({ hasText: owner });
  }

  /** On 台账与设备: the sync conflict recorded on a case. */
  conflict(caseNumber: string) {
    return this.page.getByTestId(`conflict-${caseNumber}`);
  }

  /** On 台账与设备: the follow-up (回访) a bad rating of a case opened. */
  followup(caseNumber: string) {
    return this.page.getByTestId(`followup-${caseNumber}`);
  }

  /** From a case's review page back to the queues, without a decision. */
  async leaveCase() {
    await this.page.getByRole('link', { name: '返回审核列表' }).click();
    await expect(this.queue('submitted')).toBeVisible();
  }

  /** Back to the queues; the case has left the queue it was decided in. */
  async backToQueues(caseNumber: string, leftQueue: 'submitted' | 'accepted') {
    await this.page.getByRole('link', { name: '返回审核列表' }).click();
    await expect(this.queue(leftQueue)).toBeVisible();
    await expect(this.queue(leftQueue).getByTestId(`review-${caseNumber}`)).toHaveCount(0);
  }

  decisions() {
    return this.page.getByRole('region', { name: '乡镇决定' });
  }

  async accept(caseNumber: string) {
    await this.openCase(caseNumber);
    await this.decisions().getByRole('button', { name: '受理', exact: true }).click();
    // With required materials missing, 受理 asks to confirm 容缺受理 first.
    const accepted = this.page.getByRole('status').filter({ hasText: '已受理，办结时限' });
    const confirm = this.page.getByTestId('accept-missing');
    await expect(accepted.or(confirm)).toBeVisible();
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: '确认容缺受理' }).click();
    await expect(accepted).toBeVisible();
    await this.backToQueues(caseNumber, 'submitted');
  }

  async returnForCorrection(caseNumber: string, materialName: string, reason: string) {
    await this.openCase(caseNumber);
    await this.decisions().getByRole('button', { name: '退回补正' }).click();
    const form = this.page.getByRole('form', { name: '退回补正' });
    await form.getByLabel(materialName).check();
    await form.getByLabel('退回原因').fill(reason);
    await form.getByRole('button', { name: '退回补正' }).click();
    await expect(this.page.getByRole('status')).toContainText('已退回村里补正');
    await this.backToQueues(caseNumber, 'submitted');
  }

  /** 办结 with the result and, optionally, documents issued (files to attach). */
  async complete(caseNumber: string, result: string, documents: { name: string; mimeType: string; buffer: Buffer }[] = []) {
    await this.openCase(caseNumber, 'accepted');
    await this.decisions().getByRole('button', { name: '办结' }).click();
    const form = this.page.getByRole('form', { name: '办结' });
    await form.getByLabel('办理结果').fill(result);
    if (documents.length > 0) await form.getByLabel('办结文书').setInputFiles(documents);
    await form.getByRole('button', { name: '办结', exact: true }).click();
    await expect(this.page.getByRole('status')).toContainText('已办结');
    await this.backToQueues(caseNumber, 'accepted');
  }

  /** 不予受理 (a submitted case) or 不予办理 (an accepted one), with the reason. */
  async reject(caseNumber: string, reason: string, from: 'submitted' | 'accepted') {
    await this.openCase(caseNumber, from);
    const name = from === 'submitted' ? '不予受理' : '不予办理';
    await this.decisions().getByRole('button', { name }).click();
    const form = this.page.getByRole('form', { name });
    await form.getByLabel('理由').fill(reason);
    await form.getByRole('button', { name }).click();
    await expect(this.page.getByRole('status')).toContainText('已作出不予受理（办理）决定');
    await expect(this.page.getByRole('heading', { level: 1 })).toContainText('不予受理');
    await this.backToQueues(caseNumber, from);
  }
}
