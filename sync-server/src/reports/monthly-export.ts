import {
  type CountyMonthlyReport,
  chinaDateTime,
  type MonthlyReport,
  REPORT_COLUMNS,
  type ReportColumn,
  type ReportFigures,
} from '@daiban/schemas';

/** Each column's Chinese header, Excel number format and width, in the order of REPORT_COLUMNS. */
const COLUMN_STYLE: Record<ReportColumn, { header: string; format: string; width: number }> = {
  received: { header: '村受理', format: '0', width: 9 },
  submitted: { header: '报送乡镇', format: '0', width: 10 },
  accepted: { header: '镇受理', format: '0', width: 9 },
  completed: { header: '办结', format: '0', width: 8 },
  completedOnTime: { header: '按时办结', format: '0', width: 10 },
  completedLate: { header: '超时办结', format: '0', width: 10 },
  overdue: { header: '超期未办结', format: '0', width: 12 },
  returned: { header: '退回补正', format: '0', width: 10 },
  rejected: { header: '不予受理/办理', format: '0', width: 14 },
  avgWorkingDays: { header: '平均办结用时（工作日）', format: '0.0', width: 14 },
  ratings: { header: '评价数', format: '0', width: 9 },
  satisfiedShare: { header: '满意率', format: '0.0%', width: 9 },
  avgRating: { header: '平均评分', format: '0.00', width: 10 },
};
const COLUMNS = REPORT_COLUMNS.map((key) => ({ key, ...COLUMN_STYLE[key] }));

/** What each column counts, for the second sheet (the same definitions as schemas/src/report.ts). */
const DEFINITIONS: [string, string][] = [
  ['统计月份', '按北京时间的自然月统计；当月报表统计至生成当日，数字仍会变化。所有件数均按代办件计，同一件在一栏中只计一次。'],
  ['村受理', '村便民服务室受理（出具受理回执）时间在本月的代办件。'],
  ['报送乡镇', '本月首次报送到乡镇台账的代办件（补正后重新报送不再计入）。'],
  ['镇受理', '乡镇便民服务中心本月受理的代办件。'],
  ['办结', '本月办结的代办件；办结日期不晚于办结时限的为按时办结，否则为超时办结。'],
  ['超期未办结', '截至统计日已由乡镇受理、尚未办结或不予办理、且已过办结时限的代办件（退回补正期间时限暂停）。'],
  ['退回补正', '本月被乡镇退回补正的代办件。'],
  ['不予受理/办理', '本月乡镇决定不予受理或不予办理的代办件。'],
  ['平均办结用时', '本月办结的代办件，自乡镇首次受理至办结的工作日数（不含周末和节假日，含补正时间）的平均值。'],
  ['评价数、满意率、平均评分', '本月收到的好差评：评价数，“满意”和“非常满意”所占比例，平均评分（1—5分）。'],
];

/** A report as its exports lay it out: a township's (one row per village) or a county's (one per township). */
interface ReportTable {
  place: string;
  month: string;
  asOf: string;
  partial: boolean;
  generatedAt: string;
  rowHeader: string;
  rows: [string, ReportFigures][];
  totalLabel: string;
  total: ReportFigures;
}

function tableOf(r: MonthlyReport | CountyMonthlyReport): ReportTable {
  const { month, asOf, partial, generatedAt } = r;
  return 'villages' in r
    ? {
        place: r.townshipName,
        month,
        asOf,
        partial,
        generatedAt,
        rowHeader: '村（社区）',
        rows: r.villages.map((v) => [v.villageName, v]),
        totalLabel: '全镇合计',
        total: r.total,
      }
    : {
        place: r.countyName,
        month,
        asOf,
        partial,
        generatedAt,
        rowHeader: '乡镇',
        rows: r.townships.map((t) => [t.townshipName, t]),
        totalLabel: '全县合计',
        total: r.total,
      };
}

function reportTitle(t: ReportTable): string {
  const [year, month] = t.month.split('-');
  return `${t.place} ${year}年${Number(month)}月 代办工作通报`;
}

function subtitle(t: ReportTable): string {
  return `统计截至 ${t.asOf}${t.partial ? '（本月尚未结束）' : ''}　生成时间 ${chinaDateTime(new Date(t.generatedAt))}（北京时间）`;
}

const rows = (t: ReportTable): [string, ReportFigures][] => [...t.rows, [t.totalLabel, t.total]];
function csvCell(value: ReportFigures[keyof ReportFigures], format: string): string {
  if (value === null) return '';
  return format.endsWith('%') ? `${(value * 100).toFixed(1)}%` : String(value);
}

const csvQuote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** A township's or the county's report as CSV: UTF-8 with a byte-order mark so Excel shows the Chinese, CRLF lines. */
export function monthlyReportCsv(r: MonthlyReport | CountyMonthlyReport): string {
  const t = tableOf(r);
  const lines = [
    [t.rowHeader, ...COLUMNS.map((c) => c.header)],
    ...rows(t).map(([name, f]) => [name, ...COLUMNS.map((c) => csvCell(f[c.key], c.format))]),
  ];
  return `\uFEFF${lines.map((cells) => cells.map(csvQuote).join(',')).join('\r\n')}\r\n`;
}

/** A township's or the county's report as an Excel workbook: the table on the first sheet, the definitions on the second. */
export async function monthlyReportXlsx(r: MonthlyReport | CountyMonthlyReport): Promise<Buffer> {
  const t = tableOf(r);
  // Loaded on the first export, not at start: compiling the library holds a starting server ~0.15 s.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.created = new Date(t.generatedAt);
  const sheet = book.addWorksheet('月度通报', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true } });
  const width = COLUMNS.length + 1;
  sheet.columns = [{ width: 16 }, ...COLUMNS.map((c) => ({ width: c.width }))];

  sheet.addRow([reportTitle(t)]);
  sheet.mergeCells(1, 1, 1, width);
  const title = sheet.getCell(1, 1);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  sheet.getRow(1).height = 28;
  sheet.addRow([subtitle(t)]);
  sheet.mergeCells(2, 1, 2, width);

  const header = sheet.addRow([t.rowHeader, ...COLUMNS.map((c) => c.header)]);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  for (const [name, f] of rows(t)) {
    const row = sheet.addRow([name, ...COLUMNS.map((c) => f[c.key])]);
    COLUMNS.forEach((c, i) => {
      row.getCell(i + 2).numFmt = c.format;
    });
    if (name === t.totalLabel) row.font = { bold: true };
  }
  const thin = { style: 'thin' as const };
  for (let n = 3; n <= sheet.rowCount; n++) {
    for (let col = 1; col <= width; col++) sheet.getCell(n, col).border = { top: thin, left: thin, bottom: thin, right: thin };
  }
  sheet.views = [{ state: 'frozen', ySplit: 3, xSplit: 1 }];

  const notes = book.addWorksheet('统计口径');
  notes.columns = [
    { header: '指标', width: 24 },
    { header: '口径', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const definition of DEFINITIONS) notes.addRow(definition).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await book.xlsx.writeBuffer());
}
