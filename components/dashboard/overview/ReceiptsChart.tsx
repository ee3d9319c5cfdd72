import { type CurrencyChart, shortDay, tickLabel } from "./chartModel";
import { ScrollRegion } from "./ScrollRegion";

/**
 * Two drawings of the same chart: a narrow one for phones (fewer day labels, larger type for
 * its scale) and a wide one from `sm` up. Each fits its box, so no label is cut off and nothing
 * scrolls sideways. The value axis is on the right, next to the newest days.
 */
const LAYOUTS = {
  narrow: {
    width: 340,
    height: 220,
    margin: { top: 12, right: 54, bottom: 28, left: 4 },
    labelEvery: 10,
    text: "text-[13px]",
  },
  wide: {
    width: 720,
    height: 260,
    margin: { top: 12, right: 56, bottom: 28, left: 8 },
    labelEvery: 5,
    text: "text-[11px]",
  },
} as const;

type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];

/** A share of the plot's height, from bigints (money never becomes a float; pixels may). */
function heightOf(units: bigint, axisMax: bigint, plotHeight: number): number {
  if (axisMax === 0n) return 0;
  return (Number((units * 1_000_000n) / axisMax) / 1_000_000) * plotHeight;
}

function ChartDrawing({
  chart,
  layout,
  descriptionId,
  className,
}: {
  chart: CurrencyChart;
  layout: Layout;
  descriptionId: string;
  className: string;
}) {
  const { width, height, margin } = layout;
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const band = plotWidth / chart.days.length;
  const barWidth = band * 0.7;
  const last = chart.days.length - 1;
  const name = `Money received per UTC day in ${chart.currency} stablecoins, last 30 days`;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      // aria-label, not aria-labelledby: the wallet context hides unlabelled role="img"
      // elements inside RainbowKit's tree (useDecorativeWalletIcons), which is every page here.
      aria-label={name}
      aria-describedby={descriptionId}
      className={className}
    >
      <title>{name}</title>
      {chart.ticks.map((tick) => {
        const y = margin.top + plotHeight - heightOf(tick, chart.axisMax, plotHeight);
        return (
          <g key={tick.toString()}>
            <line
              x1={margin.left}
              x2={width - margin.right}
              y1={y}
              y2={y}
              className="stroke-slate-200 dark:stroke-slate-700"
              strokeWidth={1}
            />
            <text
              x={width - margin.right + 6}
              y={y}
              dy="0.32em"
              textAnchor="start"
              className={`fill-slate-600 tabular-nums dark:fill-slate-400 ${layout.text}`}
            >
              {tickLabel(tick)}
            </text>
          </g>
        );
      })}
      {chart.days.map((day, index) => {
        const x = margin.left + index * band + (band - barWidth) / 2;
        let base = margin.top + plotHeight;
        return (
          <g key={day} data-day={day}>
            {chart.series.map((series) => {
              const units = series.perDayUnits[index] ?? 0n;
              if (units === 0n) return null;
              const segment = Math.max(heightOf(units, chart.axisMax, plotHeight), 1);
              base -= segment;
              return (
                <rect
                  key={series.key}
                  x={x}
                  y={base}
                  width={barWidth}
                  height={segment}
                  className={`${series.color.fill} stroke-white dark:stroke-slate-900`}
                  strokeWidth={0.5}
                >
                  <title>{`${shortDay(day)}: ${series.perDay[index]} ${series.label}`}</title>
                </rect>
              );
            })}
            {index % layout.labelEvery === last % layout.labelEvery && (
              <text
                // The newest day's label ends at its bar, so it never runs into the axis.
                x={index === last ? x + barWidth : x + barWidth / 2}
                y={height - 8}
                textAnchor={index === last ? "end" : "middle"}
                className={`fill-slate-600 dark:fill-slate-400 ${layout.text}`}
              >
                {shortDay(day)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Money received per UTC day as stacked bars, one stack segment per token and chain, with a
 * legend, a text description for screen readers, and the same numbers as a table on demand.
 */
export function ReceiptsChart({ chart }: { chart: CurrencyChart }) {
  const id = `receipts-${chart.currency.toLowerCase()}`;
  const first = chart.days[0]!;
  const last = chart.days.at(-1)!;
  const description = `Stacked bars, one per UTC day from ${shortDay(first)} to ${shortDay(last)}. Received in the period: ${chart.series
    .map((series) => `${series.total} ${series.label}`)
    .join("; ")}.`;

  return (
    <figure
      aria-labelledby={`${id}-caption`}
      className="rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
      data-testid={`receipts-chart-${chart.currency}`}
    >
      <figcaption id={`${id}-caption`}>
        <h2 className="text-base font-semibold">
          Money received per day, {chart.currency} stablecoins
        </h2>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Confirmed payments over the last 30 days. Days are in UTC.
        </p>
      </figcaption>

      <ul className="mt-4 flex flex-wrap gap-x-5 gap-y-2 text-sm" aria-label="Legend">
        {chart.series.map((series) => (
          <li key={series.key} className="flex items-center gap-2">
            <span aria-hidden="true" className={`size-3 rounded-sm ${series.color.swatch}`} />
            <span>{series.label}</span>
            <span className="font-medium tabular-nums">
              {series.total} {series.tokenSymbol}
            </span>
          </li>
        ))}
      </ul>
      <p id={`${id}-desc`} className="sr-only">
        {description}
      </p>
      <ChartDrawing
        chart={chart}
        layout={LAYOUTS.narrow}
        descriptionId={`${id}-desc`}
        className="mt-4 w-full sm:hidden"
      />
      <ChartDrawing
        chart={chart}
        layout={LAYOUTS.wide}
        descriptionId={`${id}-desc`}
        className="mt-4 hidden w-full sm:block"
      />

      <details className="mt-4 text-sm">
        <summary className="cursor-pointer rounded font-medium text-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:text-indigo-300">
          Show the numbers as a table
        </summary>
        <ScrollRegion
          label={`Daily amounts in ${chart.currency} stablecoins`}
          className="mt-3 max-h-96 overflow-auto"
        >
          <table
            className="w-full text-left text-sm"
            data-testid={`receipts-table-${chart.currency}`}
          >
            <caption className="sr-only">
              Money received per UTC day in {chart.currency} stablecoins
            </caption>
            <thead className="sticky top-0 bg-white dark:bg-slate-900">
              <tr className="border-b border-slate-200 dark:border-slate-700">
                <th scope="col" className="py-2 pr-4 font-medium whitespace-nowrap">
                  Day (UTC)
                </th>
                {chart.series.map((series) => (
                  <th key={series.key} scope="col" className="py-2 pr-4 text-right font-medium">
                    {series.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {chart.days.map((day, index) => (
                <tr key={day} className="border-b border-slate-100 dark:border-slate-800">
                  <th
                    scope="row"
                    className="py-1.5 pr-4 font-normal whitespace-nowrap tabular-nums"
                  >
                    {day}
                  </th>
                  {chart.series.map((series) => (
                    <td key={series.key} className="py-1.5 pr-4 text-right tabular-nums">
                      {series.perDay[index]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
