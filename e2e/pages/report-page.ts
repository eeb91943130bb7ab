import { expect, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible } from './accessibility.ts';

/** The township's monthly report page (月度通报). */
export class ReportPage {
  constructor(readonly page: Page) {}

  async open(month: string) {
    await this.page.getByRole('link', { name: '月度通报' }).click();
    await expect(this.page.getByRole('heading', { name: '月度通报', level: 1 })).toBeVisible();
    await this.page.getByLabel('通报月份').fill(month);
    await expect(this.row('total')).toBeVisible();
    await expect(this.chart('deadlines')).toBeVisible();
    await expect(this.chart('satisfaction')).toBeVisible();
    await expectAccessible(this.page, '月度通报, with its charts');
  }

  /** The report's own title (千山红镇 2026年12月 代办工作通报). */
  title() {
    return this.page.getByRole('article').getByRole('heading', { level: 2 });
  }

  /** The note that the month shown has not ended, so its figures still change. */
  unfinishedNote() {
    return this.page.getByText('本月尚未结束');
  }

  printButton() {
    return this.page.getByRole('button', { name: '打印' });
  }

  /** What the page last said it did (已下载 …). */
  status() {
    return this.page.getByRole('status');
  }

  /** One of the two charts beside the table (drawn on a canvas). */
  chart(name: 'deadlines' | 'satisfaction') {
    return this.page.getByTestId(`chart-${name}`).locator('canvas');
  }

  row(villageCode: string) {
    return this.page.getByTestId(`report-row-${villageCode}`);
  }

  /** The figure in one column of a village's row. */
  cell(villageCode: string, column: string) {
    return this.row(villageCode).locator(`[data-column="${column}"]`);
  }

  /** Clicks an export button and returns the file the browser downloaded. */
  async download(button: '导出 CSV' | '导出 Excel') {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: button }).click(),
    ]);
    const path = await download.path();
    return { name: download.suggestedFilename(), path };
  }

  /** The first sheet of a downloaded workbook, each row as its cell values. */
  static async xlsxRows(path: string): Promise<unknown[][]> {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const rows: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    return rows;
  }
}
