import type { MonthlyReport } from '@daiban/schemas';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Title, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { useI18n } from '../../i18n/i18n.tsx';

// Only the parts these two bar charts use, so the report's lazily loaded chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Title, Tooltip);

const COLORS = { onTime: '#2e7d32', late: '#ef6c00', overdue: '#c62828', satisfied: '#1f6f8b' };

/** Per village: completed on time, late and overdue (stacked), and the share of satisfied ratings. */
export function ReportCharts({ report }: { report: MonthlyReport }) {
  const { t } = useI18n();
  const labels = report.villages.map((v) => v.villageName);
  const title = (text: string) => ({ display: true, text });
  // The canvas is a picture to a screen reader: its name says what it shows and where the figures are.
  const alt = (text: string) => t('report.chart.alt', { title: text });
  return (
    <div className="report-charts">
      <div className="report-chart" data-testid="chart-deadlines">
        <Bar
          aria-label={alt(t('report.chart.deadlines'))}
          data={{
            labels,
            datasets: [
              {
                label: t('report.col.completedOnTime'),
                data: report.villages.map((v) => v.completedOnTime),
                backgroundColor: COLORS.onTime,
              },
              {
                label: t('report.col.completedLate'),
                data: report.villages.map((v) => v.completedLate),
                backgroundColor: COLORS.late,
              },
              { label: t('report.col.overdue'), data: report.villages.map((v) => v.overdue), backgroundColor: COLORS.overdue },
            ],
          }}
          options={{
            maintainAspectRatio: false,
            animation: false,
            plugins: { title: title(t('report.chart.deadlines')) },
            scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
          }}
        />
      </div>
      <div className="report-chart" data-testid="chart-satisfaction">
        <Bar
          aria-label={alt(t('report.chart.satisfaction'))}
          data={{
            labels,
            datasets: [
              {
                label: t('report.col.satisfiedShare'),
                data: report.villages.map((v) => (v.satisfiedShare === null ? null : Math.round(v.satisfiedShare * 1000) / 10)),
                backgroundColor: COLORS.satisfied,
              },
            ],
          }}
          options={{
            maintainAspectRatio: false,
            animation: false,
            plugins: { title: title(t('report.chart.satisfaction')), legend: { display: false } },
            scales: { y: { min: 0, max: 100 } },
          }}
        />
      </div>
    </div>
  );
}
