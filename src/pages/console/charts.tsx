export interface Bar {
  label: string;
  value: number | null;
  /** Shown at the end of the bar instead of the bare number. */
  text?: string;
  tone?: "blue" | "light" | "green" | "red" | "amber";
}

const tones = {
  blue: "#1d5fa8",
  light: "#8db3de",
  green: "#2e7d32",
  red: "#c62828",
  amber: "#b26a00",
};

const ROW = 44;
const WIDTH = 400;
const VALUE_W = 90;

/**
 * A horizontal bar chart drawn on the server as SVG (no script, no chart library). Each label
 * sits above its bar so the chart stays legible on a phone; every bar carries its number as
 * text, and the chart's title and summary are read out by screen readers.
 */
export function BarChart(props: { title: string; summary: string; bars: Bar[] }) {
  const max = Math.max(1, ...props.bars.map((b) => b.value ?? 0));
  const plot = WIDTH - VALUE_W;
  const height = Math.max(1, props.bars.length) * ROW + 4;
  return (
    <figure class="chart" style="margin:0 0 1.25rem">
      <figcaption style="font-weight:600;margin-bottom:.25rem">{props.title}</figcaption>
      {props.bars.length === 0 ? (
        <p class="muted">这段时间没有数据。</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          width="100%"
          role="img"
          aria-label={`${props.title}：${props.summary}`}
          style="max-width:560px;height:auto;display:block"
        >
          <title>{props.title}</title>
          <desc>{props.summary}</desc>
          {props.bars.map((b, i) => {
            const y = i * ROW;
            const w = b.value === null ? 0 : Math.max(2, (b.value / max) * plot);
            return (
              <g>
                <text x="0" y={y + 15} font-size="14" fill="#333">
                  {b.label}
                </text>
                <rect
                  x="0"
                  y={y + 21}
                  width={w.toFixed(1)}
                  height="16"
                  rx="3"
                  fill={tones[b.tone ?? "blue"]}
                />
                <text x={w + 6} y={y + 34} font-size="14" fill="#333">
                  {b.text ?? (b.value === null ? "无数据" : String(b.value))}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </figure>
  );
}

/** Minutes as people read them: "45 分钟", "3.5 小时", "2.1 天"; null as "无数据". */
export function minutesText(minutes: number | null): string {
  if (minutes === null) return "无数据";
  if (minutes < 1) return "不到 1 分钟";
  if (minutes < 120) return `${Math.round(minutes)} 分钟`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} 小时`;
  return `${(minutes / 1440).toFixed(1)} 天`;
}
