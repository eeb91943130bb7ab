import type { Page } from '@playwright/test';

/** The township's 节假日 page: one year's holidays and 调休 working days, and the form that adds one. */
export class HolidayCalendar {
  readonly form;

  constructor(readonly page: Page) {
    this.form = page.getByRole('form', { name: '添加' });
  }

  /** The heading of the year shown. */
  heading(year: string) {
    return this.page.getByRole('heading', { name: `${year} 年节假日与调休` });
  }

  /** Fills the form and sends it (the answer is left to the caller); `kind` as the form offers it unless given. */
  async add(day: { date: string; name: string; kind?: '放假' | '调休上班' }) {
    await this.form.getByLabel('日期').fill(day.date);
    if (day.kind) await this.form.getByLabel('类型').selectOption({ label: day.kind });
    await this.form.getByLabel('名称').fill(day.name);
    await this.form.getByRole('button', { name: '添加' }).click();
  }

  /** The calendar's entry for a date. */
  entry(date: string) {
    return this.page.getByTestId(`calendar-${date}`);
  }

  async remove(date: string) {
    await this.entry(date).getByRole('button', { name: '删除' }).click();
  }

  /** Why the form was refused. */
  alert() {
    return this.page.getByRole('alert');
  }

  /** What the page last said it did (已添加 …, 已删除 …). */
  status() {
    return this.page.getByRole('status');
  }
}
