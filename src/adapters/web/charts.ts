import { createCanvas } from '@napi-rs/canvas';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { BoundedMap } from '../../core/bounded-map.js';
import { html, raw, type Safe } from './html.js';

/**
 * Charts for the studio's pages, drawn on the server as SVG by Apache ECharts (its server-side
 * renderer: no DOM, no canvas, nothing for the browser to load), in the studio's colours. The same
 * figures give the same SVG, so each is kept: a page view draws only the charts whose figures moved.
 */

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);
// Text is measured with a real font (ECharts guesses without a canvas), with room to spare: the
// reader's sans-serif may run wider than ours, and a legend or a label must not run into the next.
const measure = createCanvas(1, 1).getContext('2d');
const widthOf = (text: string, font = FONT) => {
  measure.font = font;
  return measure.measureText(text).width * 1.15;
};
echarts.setPlatformAPI({ measureText: (text, font) => ({ width: widthOf(text, font) }) });

const COLOURS = ['#ff8a5c', '#7aa2ff', '#58c48c', '#ffd166', '#c792ea', '#e0566b'];
const TEXT = '#a49cb4';
const LINE = '#2e2a39';
/** Drawn a little under the page's width on a desktop (scaled up there, scrolled sideways on a phone rather than shrunk to nothing). */
const WIDTH = 760;
const FONT = '12px sans-serif';

export interface ChartSeries {
  name: string;
  /** One value per category; null leaves a gap (a figure nobody knows). */
  data: (number | null)[];
  kind?: 'bar' | 'line';
  /** Bars with the same stack sit on top of each other. */
  stack?: string;
}

export interface ChartSpec {
  /** What the chart shows, for screen readers (the figure's label). */
  label: string;
  categories: string[];
  series: ChartSeries[];
  /** Values are shares (0–1) shown as percentages. */
  percent?: boolean;
  /** Categories down the side (long names: twist kinds, characters). */
  horizontal?: boolean;
  /** Right-to-left pages put the value axis on the other side. */
  rtl?: boolean;
}

const drawn = new BoundedMap<string, string>(500);

/** A chart as an inline SVG figure. */
export function chart(spec: ChartSpec): Safe {
  const key = JSON.stringify(spec);
  let svg = drawn.get(key);
  if (svg === undefined) {
    svg = draw(spec);
    drawn.set(key, svg);
  }
  // Laid out left to right whatever the page's direction (text anchors would flip under rtl); a
  // right-to-left reader gets the axes mirrored instead (ChartSpec.rtl).
  return html`<figure class="chart" dir="ltr" role="img" aria-label="${spec.label}">${raw(svg)}</figure>`;
}

/** Room beside the plot: names down the side (a horizontal chart) get the width of the longest. */
function gridSides(spec: ChartSpec): { left: number; right: number } {
  if (!spec.horizontal) return { left: 8, right: 16 };
  // Wider still than the layout's own measure: a reader's font may be a good deal wider than ours.
  const names = Math.ceil(Math.max(0, ...spec.categories.map((c) => widthOf(c))) * 1.25) + 12;
  return spec.rtl ? { left: 16, right: names } : { left: names, right: 16 };
}

function draw(spec: ChartSpec): string {
  const rows = spec.horizontal ? spec.categories.length : 0;
  const height = spec.horizontal ? Math.max(110, 52 + rows * 30) : 300;
  const legend = spec.series.length > 1;
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height });
  const axisLabel = { color: TEXT, fontSize: 12, ...(spec.percent ? { formatter: (v: number) => `${Math.round(v * 100)}%` } : {}) };
  const valueAxis = { type: 'value' as const, axisLabel, splitLine: { lineStyle: { color: LINE } }, minInterval: spec.percent ? 0.1 : 1, ...(spec.percent ? { max: 1 } : {}) };
  const categoryAxis = {
    type: 'category' as const,
    data: spec.categories,
    axisLabel: { color: TEXT, fontSize: 12, hideOverlap: true, ...(spec.horizontal ? { margin: 8 } : {}) },
    axisLine: { lineStyle: { color: LINE } },
    axisTick: { show: false },
    ...(spec.horizontal ? { inverse: true } : {}),
  };
  try {
    c.setOption({
      animation: false,
      color: COLOURS,
      textStyle: { fontFamily: 'sans-serif' },
      // Axis labels stay inside the figure, however long a name is.
      grid: {
        ...gridSides(spec),
        top: legend ? 40 : 12,
        bottom: spec.horizontal ? 28 : 8,
        ...(spec.horizontal ? { outerBoundsMode: 'none' as const } : { outerBoundsMode: 'same' as const, outerBoundsContain: 'axisLabel' as const }),
      },
      ...(legend ? { legend: { top: 0, textStyle: { color: TEXT, fontSize: 13 }, itemWidth: 14, itemHeight: 10, itemGap: 18 } } : {}),
      xAxis: spec.horizontal ? { ...valueAxis, position: spec.rtl ? 'top' : 'bottom', inverse: spec.rtl === true } : { ...categoryAxis, inverse: spec.rtl === true },
      yAxis: spec.horizontal ? { ...categoryAxis, position: spec.rtl ? 'right' : 'left' } : { ...valueAxis, position: spec.rtl ? 'right' : 'left' },
      series: spec.series.map((s) => ({
        type: s.kind ?? 'bar',
        name: s.name,
        data: s.data,
        ...(s.stack ? { stack: s.stack } : {}),
        ...(s.kind === 'line' ? { connectNulls: false, symbolSize: 6, lineStyle: { width: 2 } } : { barMaxWidth: 28, itemStyle: { borderRadius: spec.horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0] } }),
      })),
    });
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}
