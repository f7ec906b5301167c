import htm from 'htm';
import { h } from 'preact';
import { useState } from 'preact/hooks';
import uPlot from 'uplot';
import { recordExport } from './export-audit.ts';
import type { Labels } from './i18n.ts';

/**
 * Exports of what the dashboard shows: a table as CSV, a chart as PNG (drawn by uPlot from the chart's own options and
 * data) and as SVG (built from the same data). Any panel can call these; file names say topic, window and what.
 */

const html = htm.bind(h);

/** A cell of an exported table: numbers stay numbers (no thousands separators), a missing value is empty. */
export type Cell = string | number | boolean | null | undefined;

/** A table to export: its header and its rows, raw values as the API gives them. */
export interface CsvTable {
  head: readonly string[];
  rows: readonly (readonly Cell[])[];
}

/** A uPlot chart as the dashboard draws it: options without a width, and its aligned data. */
export interface ChartSpec {
  options: Omit<uPlot.Options, 'width'>;
  data: uPlot.AlignedData;
}

/** An interval drawn as a band under a series (low and high per x), for the SVG. */
export interface Band {
  low: readonly (number | null)[];
  high: readonly (number | null)[];
  fill: string;
}

/** What a file is of: the topic (or none: all posts), the window, and what is in it (`sentimen-harian`). */
export interface ExportScope {
  topic?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** `pantau_iuran_2026-11-01_2026-11-14_sentimen-harian.csv`: the topic (`semua` for all posts), the window and what. */
export function exportFileName(scope: ExportScope, what: string, extension: string): string {
  const topic = (scope.topic && slug(scope.topic)) || 'semua';
  const window = [scope.from, scope.to].filter((d) => d).join('_');
  return `${['pantau', topic, window, slug(what)].filter((part) => part).join('_')}.${extension}`;
}

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed with
 * an apostrophe: a post's text must not become a formula in the analyst's spreadsheet.
 */
function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A table as CSV text: comma-separated, CRLF line ends, UTF-8 with a byte order mark so spreadsheets read it right. */
export function toCsv(table: CsvTable): string {
  return `\ufeff${[table.head, ...table.rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Saves a blob as a file the browser downloads. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Calls a uPlot axis's `values` (the dashboard's formatters ignore the plot argument) for a set of values. */
function axisText(axis: uPlot.Axis | undefined, values: number[]): string[] {
  const format = axis?.values;
  if (typeof format === 'function') return format(undefined as unknown as uPlot, values, 0, 0, 0).map((v) => String(v ?? ''));
  return values.map((v) => String(v));
}

/** The series that are drawn as lines (index ≥ 1 with a label): their label, colour and values. */
function lines(spec: ChartSpec) {
  return (spec.options.series ?? []).flatMap((s, i) =>
    i === 0 || !s.label
      ? []
      : [
          {
            label: String(s.label),
            stroke: typeof s.stroke === 'string' ? s.stroke : '#2c3e50',
            values: (spec.data[i] ?? []) as (number | null)[],
          },
        ],
  );
}

const PNG_WIDTH = 1200;

/**
 * The chart as a PNG: uPlot draws it again off screen at a fixed width from the same options (hooks included, so the
 * interval bands are there), then title and legend are put above its canvas on a white background.
 */
export async function chartPng(spec: ChartSpec, title: string): Promise<Blob> {
  const holder = document.createElement('div');
  holder.style.cssText = 'position:fixed;left:-10000px;top:0;width:1200px';
  document.body.append(holder);
  let drawn: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    drawn = resolve;
  });
  const hooks = spec.options.hooks ?? {};
  const options = {
    ...spec.options,
    width: PNG_WIDTH,
    legend: { show: false },
    hooks: { ...hooks, draw: [...(hooks.draw ?? []), () => drawn()] },
  };
  const plot = new uPlot(options as uPlot.Options, spec.data, holder);
  try {
    // uPlot sizes and draws after construction: the canvas is read once it has drawn.
    await ready;
    const source = plot.ctx.canvas;
    const scale = source.width / PNG_WIDTH;
    const header = 64 * scale;
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height + header;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#1d2327';
    ctx.font = `bold ${16 * scale}px system-ui, sans-serif`;
    ctx.fillText(title, 12 * scale, 22 * scale);
    ctx.font = `${13 * scale}px system-ui, sans-serif`;
    let x = 12 * scale;
    for (const line of lines(spec)) {
      ctx.fillStyle = line.stroke;
      ctx.fillRect(x, 38 * scale, 18 * scale, 4 * scale);
      x += 24 * scale;
      ctx.fillStyle = '#1d2327';
      ctx.fillText(line.label, x, 45 * scale);
      x += ctx.measureText(line.label).width + 18 * scale;
    }
    ctx.drawImage(source, 0, header);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    plot.destroy();
    holder.remove();
  }
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A few round steps between `min` and `max` for the value axis. */
function ticks(min: number, max: number): number[] {
  const span = max - min || 1;
  const step0 = 10 ** Math.floor(Math.log10(span / 4));
  const step = [1, 2, 5, 10].map((m) => m * step0).find((s) => span / s <= 5) ?? step0 * 10;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step / 1e6; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * The chart as a standalone SVG built from the same data and formatters: value axis with round ticks, day axis
 * labelled as on screen, the lines, the interval bands (`bands`) and a legend.
 */
export function chartSvg(spec: ChartSpec, title: string, bands: readonly Band[] = []): string {
  const width = 960;
  const height = 360;
  const left = 64;
  const right = 16;
  const top = 56;
  const bottom = 40;
  const xs = (spec.data[0] ?? []) as number[];
  const series = lines(spec);
  const all = [...series.flatMap((s) => s.values), ...bands.flatMap((b) => [...b.low, ...b.high])].filter((v): v is number => v !== null);
  const range = spec.options.scales?.y?.range;
  const [yMin, yMax] =
    Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number' ? [range[0], range[1]] : [0, Math.max(1, ...all)];
  const xMin = (xs[0] ?? 0) - 0.5;
  const xMax = (xs[xs.length - 1] ?? 0) + 0.5;
  const px = (x: number) => left + ((x - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const py = (y: number) => top + (1 - (y - yMin) / (yMax - yMin || 1)) * (height - top - bottom);
  const path = (points: [number, number][]) =>
    points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x).toFixed(1)},${py(y).toFixed(1)}`).join('');
  const axes = spec.options.axes ?? [];
  const yTicks = ticks(yMin, yMax);
  const yText = axisText(axes[1], yTicks);
  const every = Math.max(1, Math.ceil(xs.length / 12));
  const xTicks = xs.filter((_, i) => i % every === 0);
  const xText = axisText(axes[0], xTicks);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold" fill="#1d2327">${escapeXml(title)}</text>`,
  ];
  yTicks.forEach((v, i) => {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="#e5e8ea"/>`);
    parts.push(`<text x="${left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end" fill="#5f6b73">${escapeXml(yText[i] ?? '')}</text>`);
  });
  xTicks.forEach((x, i) => {
    parts.push(
      `<text x="${px(x).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle" fill="#5f6b73">${escapeXml(xText[i] ?? '')}</text>`,
    );
  });
  for (const band of bands) {
    // Each run of days with both bounds is one area, as on screen.
    let run: number[] = [];
    const flush = () => {
      if (run.length > 0) {
        const upper = run.map((i): [number, number] => [xs[i] ?? i, band.high[i] ?? 0]);
        const lower = run.map((i): [number, number] => [xs[i] ?? i, band.low[i] ?? 0]).reverse();
        parts.push(`<path d="${path([...upper, ...lower])}Z" fill="${band.fill}" data-band="true"/>`);
      }
      run = [];
    };
    band.low.forEach((low, i) => {
      if (low === null || band.high[i] === null || band.high[i] === undefined) flush();
      else run.push(i);
    });
    flush();
  }
  for (const s of series) {
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length > 1)
        parts.push(`<path d="${path(run)}" fill="none" stroke="${s.stroke}" stroke-width="2" data-series="${escapeXml(s.label)}"/>`);
      else if (run[0])
        parts.push(
          `<circle cx="${px(run[0][0]).toFixed(1)}" cy="${py(run[0][1]).toFixed(1)}" r="3" fill="${s.stroke}" data-series="${escapeXml(s.label)}"/>`,
        );
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null || v === undefined) flush();
      else run.push([xs[i] ?? i, v]);
    });
    flush();
  }
  let lx = 12;
  for (const s of series) {
    parts.push(`<rect x="${lx}" y="34" width="18" height="4" fill="${s.stroke}"/>`);
    parts.push(`<text x="${lx + 24}" y="40" fill="#1d2327">${escapeXml(s.label)}</text>`);
    lx += 24 + s.label.length * 7 + 18;
  }
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" stroke="#9aa5ad"/>`);
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" stroke="#9aa5ad"/>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** A "CSV" button that downloads a table, recorded in the audit log first. */
export function CsvButton(props: { t: Labels; table: CsvTable; scope: ExportScope; what: string; label?: string }) {
  const name = exportFileName(props.scope, props.what, 'csv');
  const [failed, setFailed] = useState<string | null>(null);
  return html`<button type="button" class="export" data-export="csv" data-file=${name} aria-label=${`${props.t.exportCsv}: ${props.label ?? props.what}`}
    onClick=${() =>
      recordExport({ what: props.what, format: 'csv', scope: props.scope, file: name })
        .then(() => download(name, new Blob([toCsv(props.table)], { type: 'text/csv;charset=utf-8' })))
        .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))}>${props.t.csv}</button>${
      failed ? html`<span class="warn" role="alert">${failed}</span>` : null
    }`;
}

/** "PNG" and "SVG" buttons that download a chart, with its title. */
export function ChartExport(props: {
  t: Labels;
  chart: ChartSpec;
  title: string;
  scope: ExportScope;
  what: string;
  bands?: readonly Band[];
}) {
  const { t, chart, title, scope, what } = props;
  const [failed, setFailed] = useState<string | null>(null);
  const png = exportFileName(scope, what, 'png');
  const svg = exportFileName(scope, what, 'svg');
  return html`<span class="exports" role="group" aria-label=${`${t.exportChart}: ${title}`}>
    <button type="button" class="export" data-export="png" data-file=${png} onClick=${() =>
      recordExport({ what, format: 'png', scope, file: png })
        .then(() => chartPng(chart, title))
        .then((blob) => download(png, blob))
        .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))}>PNG</button>
    <button type="button" class="export" data-export="svg" data-file=${svg} onClick=${() =>
      recordExport({ what, format: 'svg', scope, file: svg })
        .then(() => download(svg, new Blob([chartSvg(chart, title, props.bands)], { type: 'image/svg+xml' })))
        .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)))}>SVG</button>
    ${failed ? html`<span class="warn" role="alert">${failed}</span>` : null}
  </span>`;
}
