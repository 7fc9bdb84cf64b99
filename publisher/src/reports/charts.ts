import type { EChartsCoreOption } from 'echarts';
import { loadEcharts } from '../libraries';
import { compact, count, dueQuestions, monthLabel, percent } from './format';
import { REPORT_FONT_STACK, shown } from './report-font';
import type { DepartmentReport, MonthlyReport } from './report-data';

/**
 * The report's charts as SVG strings, drawn by Apache ECharts' server-side renderer (no DOM,
 * no canvas). Sized for the A4 text column; the page scales them to its width. ECharts escapes
 * the text it writes, so names go in as they are.
 */
export const CHART_WIDTH = 680;
/** Plot height (px) a chart may take: with its legend and caption it still fits an A4 page, and charts must not split. */
const MAX_ROWS_HEIGHT = 820;

export interface Chart { title: string; svg: string }

const PALETTE = ['#2f5fa7', '#d9822b', '#3a9d6e', '#b8463f', '#7b5ea7', '#2a9bb7', '#9a8a2e', '#c25e8f'];
const INK = '#333';
const LABEL_WIDTH = 180; // px for a department name before it wraps
const LINE = 15;

/** One chart's SVG; `key` names it in the page, so its clip-path ids are unique there and the same on every run. */
function svg(key: string, option: EChartsCoreOption, height: number): string {
  const chart = loadEcharts().init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height, locale: 'ZH' });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: REPORT_FONT_STACK, color: INK }, ...option });
    // ECharts numbers ids per chart instance in the process; its hover styles mean nothing on paper.
    return chart.renderToSVGString()
      .replace(/<style\b[^>]*>[\s\S]*?<\/style>/g, '')
      .replace(/ class="zr\d+-cls-\d+"/g, '')
      .replace(/(id="|url\(#)zr\d+-/g, `$1chart-${key}-`);
  } finally {
    chart.dispose();
  }
}

/** Estimated lines a name takes at the label width: CJK is one em (12 px), Latin about half. */
const linesOf = (name: string) => Math.max(1, Math.ceil([...name].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 7 : 12), 0) / (LABEL_WIDTH - 12)));
const rowHeight = (names: string[]) => Math.max(28, Math.max(...names.map(linesOf)) * LINE + 10);

/** Departments split into as many charts as it takes for each to fit a page (rows as tall as the tallest name needs). */
function pages(departments: DepartmentReport[]): DepartmentReport[][] {
  if (departments.length === 0) return [];
  const size = Math.max(4, Math.floor(MAX_ROWS_HEIGHT / rowHeight(departments.map((d) => shown(d.name)))));
  return Array.from({ length: Math.ceil(departments.length / size) }, (_, i) => departments.slice(i * size, (i + 1) * size));
}

const titled = (title: string, index: number, total: number) => (total > 1 ? `${title}（${index + 1}/${total}）` : title);

interface Stack { name: string; color?: string; values: number[] }

/** Horizontal stacked bars, one row per name, with a label after each bar (its total unless `endLabels` says otherwise). */
function stackedRows(key: string, names: string[], stacks: Stack[], endLabels?: string[]): string {
  const row = rowHeight(names);
  const totals = names.map((_, i) => stacks.reduce((sum, s) => sum + s.values[i], 0));
  const labels = endLabels ?? totals.map(count);
  return svg(key, {
    legend: { top: 0, left: 'center', itemWidth: 12, itemHeight: 10, data: stacks.map((s) => s.name) },
    grid: { left: 8, right: 72, top: 34, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: compact }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
    yAxis: { type: 'category', inverse: true, data: names, axisTick: { show: false }, axisLabel: { width: LABEL_WIDTH, overflow: 'break', lineHeight: LINE } },
    series: [
      ...stacks.map((s) => ({ name: s.name, type: 'bar', stack: 'all', barMaxWidth: 18, data: s.values, ...(s.color ? { itemStyle: { color: s.color } } : {}) })),
      // An empty segment at the end of each bar carries its label, right of the whole stack.
      { name: 'label', type: 'bar', stack: 'all', silent: true, data: names.map(() => 0), label: { show: true, position: 'right', color: INK, formatter: (p: { dataIndex: number }) => labels[p.dataIndex] } },
    ],
  }, 34 + 8 + 24 + row * names.length);
}

/** Interpretations per department, stacked by format (图文, 问答, 图片 …). */
export function formatsByDepartment(departments: DepartmentReport[]): Chart[] {
  const formats = union(departments.map((d) => d.byFormat.map((f) => ({ key: f.format, name: f.name }))));
  const parts = pages(departments);
  return parts.map((part, i) => ({
    title: titled('各部门解读发布量（按形式）', i, parts.length),
    svg: stackedRows(`formats-${i}`, part.map((d) => shown(d.name)), formats.map((f) => ({ name: f.name, values: part.map((d) => d.byFormat.find((x) => x.format === f.key)?.count ?? 0) }))),
  }));
}

/** Renditions per channel over the whole scope, largest first. */
export function channelTotals(departments: DepartmentReport[]): Chart {
  const channels = union(departments.map((d) => d.byChannel.map((c) => ({ key: c.channel, name: c.name }))))
    .map((c) => ({ ...c, total: departments.reduce((sum, d) => sum + (d.byChannel.find((x) => x.channel === c.key)?.count ?? 0), 0) }))
    .sort((a, b) => b.total - a.total);
  const row = 30;
  return {
    title: '各渠道发布量',
    svg: svg('channels', {
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: compact }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
      yAxis: { type: 'category', inverse: true, data: channels.map((c) => c.name), axisTick: { show: false } },
      series: [{ type: 'bar', barMaxWidth: 18, data: channels.map((c) => c.total), colorBy: 'data', label: { show: true, position: 'right', color: INK, formatter: (p: { value: number }) => count(p.value) } }],
    }, 16 + 24 + row * Math.max(1, channels.length)),
  };
}

/** Month by month: publications and questions (left axis), feed pulls and downloads (right axis, usually far larger). */
export function monthlyTrend(monthly: MonthlyReport[]): Chart {
  const axis = (name: string, grid: boolean) => ({ type: 'value', name, minInterval: 1, axisLabel: { formatter: compact }, splitLine: { show: grid, lineStyle: { color: '#e5e7eb' } } });
  return {
    title: '月度趋势',
    svg: svg('monthly', {
      legend: { top: 0, left: 'center', itemWidth: 14, itemHeight: 10 },
      grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: monthly.map((m) => monthLabel(m.month)), axisTick: { alignWithLabel: true } },
      yAxis: [axis('件', true), axis('次', false)],
      series: [
        { name: '发布量', type: 'bar', barMaxWidth: 14, data: monthly.map((m) => m.published) },
        { name: '收到提问', type: 'bar', barMaxWidth: 14, data: monthly.map((m) => m.questions) },
        { name: '订阅源拉取', type: 'line', yAxisIndex: 1, symbolSize: 5, data: monthly.map((m) => m.feedPulls) },
        { name: '下载量', type: 'line', yAxisIndex: 1, symbolSize: 5, data: monthly.map((m) => m.downloads) },
      ],
    }, 320),
  };
}

/** Questions per department: answered on time, answered late, not (yet) answered; the on-time rate after each bar. */
export function questionsByDepartment(departments: DepartmentReport[]): Chart[] {
  const parts = pages(departments);
  return parts.map((part, i) => ({
    title: titled('各部门公众提问答复情况', i, parts.length),
    svg: stackedRows(`questions-${i}`, part.map((d) => shown(d.name)), [
      { name: '按时答复', color: '#3a9d6e', values: part.map((d) => d.questions.answeredOnTime) },
      { name: '超期答复', color: '#d9822b', values: part.map((d) => d.questions.answered - d.questions.answeredOnTime) },
      { name: '未答复', color: '#b9bec7', values: part.map((d) => d.questions.received - d.questions.answered) },
    ], part.map((d) => percent(d.questions.answeredOnTime, dueQuestions(d.questions)))),
  }));
}

/** Codes in first-seen order, each with the first name given for it. */
export function union(lists: Array<Array<{ key: string; name: string }>>): Array<{ key: string; name: string }> {
  const seen = new Map<string, string>();
  for (const list of lists) for (const { key, name } of list) if (!seen.has(key)) seen.set(key, name);
  return [...seen].map(([key, name]) => ({ key, name }));
}

/** One bar per label (a survey question's options or scores), with its count after each bar; `key` names it in the page. */
export function countBars(key: string, title: string, rows: Array<{ name: string; count: number }>): Chart {
  const names = rows.map((r) => shown(r.name));
  return {
    title,
    svg: svg(key, {
      grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { formatter: compact }, splitLine: { lineStyle: { color: '#e5e7eb' } } },
      yAxis: { type: 'category', inverse: true, data: names, axisTick: { show: false }, axisLabel: { width: LABEL_WIDTH, overflow: 'break', lineHeight: LINE } },
      series: [{ type: 'bar', barMaxWidth: 18, data: rows.map((r) => r.count), label: { show: true, position: 'right', color: INK, formatter: (p: { value: number }) => count(p.value) } }],
    }, 16 + 24 + rowHeight(names.length ? names : ['']) * Math.max(1, rows.length)),
  };
}
