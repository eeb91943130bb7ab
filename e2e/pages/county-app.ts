import { expect, type Page } from '@playwright/test';
import { expectAccessible } from './accessibility.ts';
import { setLargeText } from './large-text.ts';
import { openFromMenu } from './menu.ts';
import { ReportPage } from './report-page.ts';
import { signIn } from './sign-in.ts';

/** The county administrator's menu: each entry and the heading of the screen it opens. */
const MENU = {
  乡镇: '乡镇与管理员',
  县级事项: '县级事项清单',
  全县通报: '全县月度通报',
} as const;
export type CountyScreen = keyof typeof MENU;

export interface NewPerson {
  username: string;
  displayName: string;
  phone: string;
  password: string;
}

/** A county item as the form takes it: one material and one step are enough. */
export interface NewCountyItem {
  code: string;
  name: string;
  legalBasis: string;
  eligibility: string;
  material: string;
  step: string;
}

/** The county administrator's pages (县级管理): townships and their admins, the county catalog, the county report. */
export class CountyApp {
  /** Every request this page made to the sync routes: the county replicates nothing. */
  readonly syncRequests: string[] = [];

  constructor(readonly page: Page) {
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/sync/')) this.syncRequests.push(r.url());
    });
  }

  async signIn(username = 'county-admin', password = 'daiban-county') {
    await signIn(this.page, username, password);
    await expect(this.page.getByRole('heading', { name: MENU.乡镇, level: 1 })).toBeVisible();
    await expect(this.townships().first()).toBeVisible();
    await expectAccessible(this.page, MENU.乡镇);
  }

  /** Opens a screen from the menu and checks it for accessibility. */
  go(screen: CountyScreen) {
    return openFromMenu(this.page, screen, MENU[screen]);
  }

  setLargeText(on: boolean) {
    return setLargeText(this.page, on);
  }

  /** What the page last said it did (已新建乡镇 …). */
  status() {
    return this.page.getByRole('status');
  }

  /** Signs out: the browser is back at the sign-in page. */
  async signOut() {
    await this.page.getByRole('banner').getByRole('button', { name: '退出' }).click();
    await expect(this.page.getByLabel('用户名')).toBeVisible();
  }

  /** The county's townships as listed on 乡镇与管理员. */
  townships() {
    return this.page.getByTestId('county-townships').getByRole('listitem');
  }

  township(code: string) {
    return this.page.getByTestId(`township-${code}`);
  }

  async createTownship(t: { code: string; name: string; phone: string; address: string; admin: NewPerson }) {
    await this.page.getByRole('button', { name: '新建乡镇' }).click();
    const form = this.page.getByRole('form', { name: '新建乡镇' });
    await form.getByLabel('乡镇代码').fill(t.code);
    await form.getByLabel('乡镇名称').fill(t.name);
    await form.getByLabel('中心电话').fill(t.phone);
    await form.getByLabel('中心地址').fill(t.address);
    await fillPerson(form.getByRole('group', { name: '乡镇管理员' }), t.admin);
    await expectAccessible(this.page, '新建乡镇');
    await form.getByRole('button', { name: '新建乡镇' }).click();
    await expect(this.status()).toContainText(`已新建乡镇：${t.name}`);
  }

  /** Adds a further administrator to a township from its row. */
  async addAdmin(code: string, admin: NewPerson) {
    await this.township(code).getByRole('button', { name: '添加管理员' }).click();
    const form = this.township(code).getByRole('form', { name: /添加管理员$/ });
    await fillPerson(form, admin);
    await expectAccessible(this.page, '添加管理员');
    await form.getByRole('button', { name: '添加管理员' }).click();
    await expect(this.status()).toContainText(`${admin.displayName}（${admin.username}）`);
  }

  /** On 县级事项: an item's row in the county catalog. */
  item(code: string) {
    return this.page.getByTestId(`county-item-${code}`);
  }

  /** On 县级事项: publishes a new county item (version 1). */
  async createItem(item: NewCountyItem) {
    await this.page.getByRole('button', { name: '新建县级事项' }).click();
    const form = this.page.getByRole('form', { name: '新建事项' });
    await form.getByLabel('事项编码').fill(item.code);
    await form.getByLabel('事项名称').fill(item.name);
    await form.getByLabel('实施依据').fill(item.legalBasis);
    await form.getByLabel('申请条件').fill(item.eligibility);
    await form.getByLabel('材料名称').fill(item.material);
    await form.getByLabel('办理流程').fill(item.step);
    await expectAccessible(this.page, '新建县级事项');
    await form.getByRole('button', { name: '创建事项' }).click();
    await expect(this.status()).toContainText(`已发布县级事项：${item.name}（第 1 版）`);
  }

  /** On 县级事项: opens an item's page (its townships and versions). */
  async openItem(code: string, name: string) {
    await this.item(code).getByRole('link', { name }).click();
    await expect(this.page.getByRole('heading', { name, level: 1 })).toBeVisible();
    await expectAccessible(this.page, '县级事项 item');
  }

  /** On an item's page: one township's row (its version and whether it uses the county's). */
  itemTownship(name: string) {
    return this.page.getByTestId('item-townships').getByRole('row').filter({ hasText: name });
  }

  /** On an item's page: publishes the next version with a new time limit. */
  async changeTimeLimit(days: number, nextVersion: number) {
    await this.page.getByRole('button', { name: '修改', exact: true }).click();
    const form = this.page.getByRole('form', { name: /修改事项/ });
    await form.getByLabel('办理时限').fill(String(days));
    await form.getByRole('button', { name: '发布新版本' }).click();
    await expect(this.status()).toContainText(`（第 ${nextVersion} 版）`);
  }

  /** Downloads the open county report as Excel: the file's name and its first sheet's rows. */
  async downloadReport() {
    const file = await new ReportPage(this.page).download('导出 Excel');
    return { name: file.name, rows: await ReportPage.xlsxRows(file.path) };
  }

  /** 全县通报 for a month: a row per township and the county total. */
  async openReport(month: string) {
    await this.go('全县通报');
    await this.page.getByLabel('通报月份').fill(month);
    await expect(this.reportRow('total')).toBeVisible();
    await expectAccessible(this.page, '全县通报, with figures');
  }

  reportTitle() {
    return this.page.getByRole('article').getByRole('heading', { level: 2 });
  }

  /** A township's row of the county report (by its code), or `total`. */
  reportRow(code: string) {
    return this.page.getByTestId(`report-row-${code}`);
  }
}

async function fillPerson(scope: ReturnType<Page['getByRole']>, p: NewPerson) {
  await scope.getByLabel('用户名', { exact: true }).fill(p.username);
  await scope.getByLabel('姓名', { exact: true }).fill(p.displayName);
  await scope.getByLabel('联系电话', { exact: true }).fill(p.phone);
  await scope.getByLabel(/^初始密码/).fill(p.password);
}
