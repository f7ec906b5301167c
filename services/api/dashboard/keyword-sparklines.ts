import type uPlot from 'uplot';
import type { ChartSpec } from './export.ts';
import { addDays, formatCount, formatDay } from './format.ts';
import type { Lang } from './i18n.ts';

/** One colour per keyword line (the table shows at most ten keywords). */
const COLOURS = ['#2c3e50', '#c0392b', '#2471a3', '#1e8449', '#b9770e', '#7d3c98', '#117a65', '#a04000', '#5d6d7e', '#884ea0'];

/**
 * The keywords' sparklines as one chart to export (PNG and SVG with the helpers of `export.ts`): a line per keyword, its
 * posts per day over the window from `first`, the days on the x axis as on screen.
 */
export function sparklinesChart(
  keywords: readonly { key: string; term: string }[],
  counts: Readonly<Record<string, readonly number[]>>,
  first: string,
  lang: Lang,
  dayLabel: string,
): ChartSpec | null {
  const shown = keywords.filter((k) => (counts[k.key]?.length ?? 0) > 0);
  const length = Math.max(0, ...shown.map((k) => counts[k.key]?.length ?? 0));
  if (shown.length === 0 || length === 0) return null;
  const days = Array.from({ length }, (_, i) => addDays(first, i));
  const dayAt = (x: number | null) => (x === null ? '' : days[Math.round(x)] ? formatDay(days[Math.round(x)] as string, lang) : '');
  const data = [days.map((_, i) => i), ...shown.map((k) => [...(counts[k.key] ?? [])])] as uPlot.AlignedData;
  return {
    data,
    options: {
      height: 260,
      scales: { x: { time: false, range: (_u: uPlot, min: number, max: number): uPlot.Range.MinMax => [min - 0.5, max + 0.5] } },
      axes: [
        { space: 48, incrs: [1, 2, 7, 14, 28, 56, 91], values: (_u: uPlot, splits: number[]) => splits.map(dayAt) },
        { values: (_u: uPlot, v: number[]) => v.map((y) => formatCount(y, lang)) },
      ],
      series: [
        { label: dayLabel, value: (_u: uPlot, x: number | null) => dayAt(x) || '–' },
        ...shown.map((k, i) => ({ label: k.term, stroke: COLOURS[i % COLOURS.length] as string, width: 1.5, points: { show: false } })),
      ],
    },
  };
}
