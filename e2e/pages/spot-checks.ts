import { expect, type Page } from '@playwright/test';

/** The township's 抽查 page: draws a sample of cases per village and records a result for each. */
export class SpotChecks {
  /** The sample drawn, village by village. */
  readonly sample;

  constructor(readonly page: Page) {
    this.sample = page.getByTestId('spot-check');
  }

  /** Draws `perVillage` cases per village with `seed` (the same seed draws the same sample). */
  async draw(perVillage: number, seed: string) {
    const form = this.page.getByRole('form', { name: '抽取' });
    await form.getByLabel('每村抽取件数').fill(String(perVillage));
    await form.getByLabel('抽签种子').fill(seed);
    await form.getByRole('button', { name: '抽取' }).click();
    await expect(this.status()).toContainText('已抽取');
  }

  /** A case's row in the sample, with its result and note. */
  row(caseNumber: string) {
    return this.sample.getByTestId(`spot-${caseNumber}`);
  }

  /** What the page last said it did (已抽取, 抽查结果已记入台账). */
  status() {
    return this.page.getByRole('status');
  }
}
