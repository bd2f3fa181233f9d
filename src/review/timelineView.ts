import { SUMMARY_PERIOD_MS } from '../core/featureSummary.ts';
import {
  clampView,
  firstFrom,
  LANES,
  type Timeline,
  type TimelineItem,
  visible,
} from '../core/review/timeline.ts';
import type { StoredFeatures } from '../store/logStore.ts';
import { h } from '../ui/dom.ts';

/**
 * The session's timeline, drawn on a canvas: a lane per party and channel and per thing the camera saw, the
 * sequences shaded behind them, and the voice level and movement stored ten times a second beneath. Only what
 * is in view is drawn (each lane is searched for its first item in view), so a six-hour session draws as fast
 * as a short one. The keyboard does everything the mouse does: the timeline takes focus, arrows scroll, + and −
 * zoom, and , and . move from one segment to the next.
 */

export interface TimelineView {
  readonly element: HTMLElement;
  /** Draws a new timeline (a correction changed it), keeping the view and, where it still exists, the selection. */
  show(timeline: Timeline, traces: Traces): void;
  /** Redraws with more of the stored voice level and movement. */
  setTraces(traces: Traces): void;
  readonly selected: TimelineItem | null;
  /** Selects the segment at this index of `timeline.segments` and brings it into view. */
  select(index: number): void;
  clear(): void;
}

/** The stored voice level and movement, flattened: one sample every 100 ms from each chunk's start. */
export interface Traces {
  timesMs: Float64Array;
  level: Float32Array;
  motion: Float32Array;
}

export function tracesOf(chunks: readonly StoredFeatures[]): Traces {
  const n = chunks.reduce((a, c) => a + c.levelDbfs.length, 0);
  const timesMs = new Float64Array(n);
  const level = new Float32Array(n);
  const motion = new Float32Array(n);
  let i = 0;
  for (const c of chunks) {
    for (let k = 0; k < c.levelDbfs.length; k++, i++) {
      timesMs[i] = c.startMs + k * SUMMARY_PERIOD_MS;
      level[i] = c.levelDbfs[k] ?? -120;
      motion[i] = c.motion[k] ?? 0;
    }
  }
  return { timesMs, level, motion };
}

/** What the timeline shows first: the session's first ten minutes (or all of a shorter one). */
export const FIRST_VIEW_MS = 10 * 60_000;

const LABEL_W = 190;
const AXIS_H = 22;
const LANE_H = 22;
const TRACE_H = 48;
const LANE_COLOURS: readonly string[] = [
  '#ffc400',
  '#e0a800',
  '#c99700',
  '#6ec6ff',
  '#4aa8e8',
  '#2f8fd0',
  '#9aa0ad',
  '#b48cff',
  '#7fd18b',
  '#ff9fbf',
  '#f2b880',
  '#ffffff',
];

interface ViewState {
  fromMs: number;
  spanMs: number;
}

export interface TimelineViewNeeds {
  /** The selection moved (null: none); the page shows what is selected and the correction buttons. */
  onSelect(item: TimelineItem | null): void;
}

export function createTimelineView(needs: TimelineViewNeeds): TimelineView {
  const canvas = h('canvas', { 'aria-hidden': 'true' });
  const surface = h(
    'div',
    {
      class: 'timeline',
      tabindex: 0,
      role: 'application',
      'aria-roledescription': 'timeline',
      'aria-label':
        'Session timeline. Left and right arrows scroll, plus and minus zoom, comma and full stop select the previous or next segment.',
    },
    canvas,
  );
  const range = h('p', { class: 'hint', 'aria-live': 'polite' });
  let timeline: Timeline | null = null;
  let traces: Traces | null = null;
  let view: ViewState = { fromMs: 0, spanMs: 60_000 };
  let selectedIndex = -1;

  const setView = (fromMs: number, spanMs: number) => {
    if (!timeline) return;
    const [from, span] = clampView(fromMs, spanMs, timeline.endMs);
    view = { fromMs: from, spanMs: span };
    draw();
  };
  const zoom = (factor: number) => {
    const mid = view.fromMs + view.spanMs / 2;
    setView(mid - (view.spanMs * factor) / 2, view.spanMs * factor);
  };
  const scroll = (fraction: number) => setView(view.fromMs + view.spanMs * fraction, view.spanMs);
  const whole = () => setView(0, timeline?.endMs ?? 60_000);
  const select = (index: number) => {
    if (!timeline || timeline.segments.length === 0) return;
    selectedIndex = Math.max(0, Math.min(timeline.segments.length - 1, index));
    const it = timeline.segments[selectedIndex] as TimelineItem;
    if (it.startMs < view.fromMs || it.endMs > view.fromMs + view.spanMs) {
      setView(it.startMs - view.spanMs / 3, view.spanMs);
    } else draw();
    needs.onSelect(it);
  };
  const step = (by: number) => {
    if (!timeline) return;
    if (selectedIndex < 0) {
      // From nothing selected, the first segment in view.
      const first = firstFrom(timeline.segments, view.fromMs);
      select(by > 0 ? first : first - 1);
    } else select(selectedIndex + by);
  };

  const controls = h(
    'div',
    { class: 'row timeline-controls' },
    button('Zoom in', () => zoom(0.5)),
    button('Zoom out', () => zoom(2)),
    button('Whole session', whole),
    button('Earlier', () => scroll(-0.5)),
    button('Later', () => scroll(0.5)),
    button('Previous segment', () => step(-1)),
    button('Next segment', () => step(1)),
  );
  const element = h('div', { class: 'timeline-view' }, controls, surface, range);

  wireInput(surface, canvas, {
    scroll,
    zoom,
    home: () => setView(0, view.spanMs),
    end: () => setView(timeline?.endMs ?? 0, view.spanMs),
    step,
    click(x, lane, width) {
      if (!timeline) return;
      const t = view.fromMs + ((x - LABEL_W) / (width - LABEL_W)) * view.spanMs;
      const slack = (6 / (width - LABEL_W)) * view.spanMs;
      const hit = visible(timeline, lane, t - slack, t + slack).find((it) => it.segment);
      if (hit) select(timeline.segments.indexOf(hit));
    },
  });
  new ResizeObserver(() => draw()).observe(surface);

  function draw(): void {
    const selected = timeline && selectedIndex >= 0 ? timeline.segments[selectedIndex] : undefined;
    if (timeline) paint(canvas, surface, timeline, traces, view, selected);
    range.textContent = timeline
      ? `Showing ${clock(view.fromMs)} to ${clock(view.fromMs + view.spanMs)} of ${clock(timeline.endMs)}.`
      : '';
  }

  return {
    element,
    show(next, nextTraces) {
      const first = timeline === null;
      const kept = selectedIndex >= 0 ? timeline?.segments[selectedIndex] : undefined;
      timeline = next;
      traces = nextTraces;
      selectedIndex = kept ? next.segments.findIndex((s) => s.event === kept.event) : -1;
      if (first) {
        view = { fromMs: 0, spanMs: next.endMs };
        setView(0, Math.min(next.endMs, FIRST_VIEW_MS));
      } else setView(view.fromMs, view.spanMs);
      needs.onSelect(selectedIndex >= 0 ? (next.segments[selectedIndex] ?? null) : null);
    },
    setTraces(next) {
      traces = next;
      draw();
    },
    get selected() {
      return timeline && selectedIndex >= 0 ? (timeline.segments[selectedIndex] ?? null) : null;
    },
    select,
    clear() {
      timeline = null;
      traces = null;
      selectedIndex = -1;
      const ctx = canvas.getContext('2d');
      ctx?.clearRect(0, 0, canvas.width, canvas.height);
      delete surface.dataset.drawn;
      range.textContent = '';
    },
  };
}

interface InputActions {
  scroll(fraction: number): void;
  zoom(factor: number): void;
  home(): void;
  end(): void;
  step(by: number): void;
  /** A click at `x` (canvas pixels) in lane `lane` of a canvas `width` wide. */
  click(x: number, lane: number, width: number): void;
}

/** Keys, the wheel and clicks: the keyboard can do all that the mouse does. */
function wireInput(surface: HTMLElement, canvas: HTMLCanvasElement, act: InputActions): void {
  const keys: Record<string, () => void> = {
    ArrowLeft: () => act.scroll(-0.2),
    ArrowRight: () => act.scroll(0.2),
    '+': () => act.zoom(0.5),
    '=': () => act.zoom(0.5),
    '-': () => act.zoom(2),
    Home: act.home,
    End: act.end,
    ',': () => act.step(-1),
    '.': () => act.step(1),
  };
  surface.addEventListener('keydown', (e) => {
    const fn = keys[e.key];
    if (!fn || e.ctrlKey || e.altKey || e.metaKey) return;
    e.preventDefault();
    fn();
  });
  surface.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      if (e.ctrlKey || Math.abs(e.deltaY) > Math.abs(e.deltaX)) act.zoom(e.deltaY > 0 ? 1.25 : 0.8);
      else act.scroll(e.deltaX / 500);
    },
    { passive: false },
  );
  canvas.addEventListener('click', (e) => {
    const rect = canvas.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const lane = Math.floor((e.clientY - rect.top - AXIS_H) / LANE_H);
    if (x >= LABEL_W && lane >= 0 && lane < LANES.length) act.click(x, lane, rect.width);
  });
}

/** Draws what is in view: the axis, the sequences, the lanes' items, the selection, and the traces. */
function paint(
  canvas: HTMLCanvasElement,
  surface: HTMLElement,
  timeline: Timeline,
  traces: Traces | null,
  view: ViewState,
  selected: TimelineItem | undefined,
): void {
  const width = Math.max(LABEL_W + 100, surface.clientWidth);
  const height = AXIS_H + LANES.length * LANE_H + 2 * TRACE_H + 8;
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.height = `${height}px`;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = '#15171f';
  ctx.fillRect(0, 0, width, height);
  const plotW = width - LABEL_W;
  const x = (t: number) => LABEL_W + ((t - view.fromMs) / view.spanMs) * plotW;
  const toMs = view.fromMs + view.spanMs;
  drawAxis(ctx, view, plotW, height);
  drawSequences(ctx, timeline, view, x, AXIS_H + LANES.length * LANE_H);
  let drawn = 0;
  LANES.forEach((lane, i) => {
    const y = AXIS_H + i * LANE_H;
    ctx.fillStyle = '#b9bcc8';
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillText(lane.label, 6, y + 15);
    ctx.fillStyle = LANE_COLOURS[i] ?? '#fff';
    for (const it of visible(timeline, i, view.fromMs, toMs)) {
      const x0 = Math.max(LABEL_W, x(it.startMs));
      const w = Math.max(2, Math.min(width, x(it.endMs)) - x0);
      ctx.fillRect(x0, y + 4, w, LANE_H - 8);
      if (it.corrected) {
        ctx.strokeStyle = '#ffffff';
        ctx.setLineDash([3, 2]);
        ctx.strokeRect(x0 + 0.5, y + 3.5, w, LANE_H - 7);
        ctx.setLineDash([]);
      }
      drawn++;
    }
  });
  if (selected) {
    ctx.strokeStyle = '#ff6b5a';
    ctx.lineWidth = 3;
    const x0 = Math.max(LABEL_W, x(selected.startMs));
    ctx.strokeRect(
      x0 - 2,
      AXIS_H + selected.lane * LANE_H + 1,
      Math.max(2, x(selected.endMs) - x0) + 4,
      LANE_H - 2,
    );
    ctx.lineWidth = 1;
  }
  if (traces) drawTraces(ctx, traces, view, plotW, AXIS_H + LANES.length * LANE_H + 4);
  surface.dataset.drawn = String(drawn);
}

function button(label: string, fn: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button' }, label);
  b.addEventListener('click', fn);
  return b;
}

/** "1:02:05" or "12:05.3": a moment in the session. */
export function clock(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const s = seconds.toFixed(1).padStart(4, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${s}` : `${minutes}:${s}`;
}

const TICKS = [1000, 2000, 5000, 10_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_600_000];

function drawAxis(ctx: CanvasRenderingContext2D, view: ViewState, plotW: number, height: number): void {
  const every = TICKS.find((t) => (t / view.spanMs) * plotW >= 90) ?? 3_600_000;
  ctx.fillStyle = '#b9bcc8';
  ctx.strokeStyle = '#2a2d3a';
  ctx.font = '12px system-ui, sans-serif';
  for (let t = Math.ceil(view.fromMs / every) * every; t <= view.fromMs + view.spanMs; t += every) {
    const x = LABEL_W + ((t - view.fromMs) / view.spanMs) * plotW;
    ctx.beginPath();
    ctx.moveTo(x + 0.5, AXIS_H - 4);
    ctx.lineTo(x + 0.5, height);
    ctx.stroke();
    ctx.fillText(clock(t).replace(/\.0$/, ''), x + 3, 14);
  }
}

function drawSequences(
  ctx: CanvasRenderingContext2D,
  t: Timeline,
  view: ViewState,
  x: (ms: number) => number,
  bottom: number,
): void {
  ctx.fillStyle = 'rgba(255, 196, 0, 0.12)';
  const from = firstFrom(t.sequences, view.fromMs - view.spanMs * 10);
  for (let i = Math.max(0, from - 1); i < t.sequences.length; i++) {
    const s = t.sequences[i];
    if (!s || s.startMs > view.fromMs + view.spanMs) break;
    if (s.endMs < view.fromMs) continue;
    const x0 = Math.max(LABEL_W, x(s.startMs));
    ctx.fillRect(x0, AXIS_H, Math.max(2, x(s.endMs) - x0), bottom - AXIS_H);
  }
}

/** The voice level (−80 to 0 dBFS) and movement (0 to 3 times the threshold), a min-max bar per pixel column. */
function drawTraces(
  ctx: CanvasRenderingContext2D,
  tr: Traces,
  view: ViewState,
  plotW: number,
  top: number,
): void {
  const rows = [
    { label: 'Voice level', values: tr.level, lo: -80, hi: 0, colour: '#ffc400' },
    { label: 'Movement', values: tr.motion, lo: 0, hi: 3, colour: '#6ec6ff' },
  ];
  rows.forEach((row, r) => {
    const y0 = top + r * TRACE_H;
    ctx.fillStyle = '#b9bcc8';
    ctx.fillText(row.label, 6, y0 + 16);
    ctx.fillStyle = row.colour;
    const cols = Math.ceil(plotW);
    const min = new Float32Array(cols).fill(Number.POSITIVE_INFINITY);
    const max = new Float32Array(cols).fill(Number.NEGATIVE_INFINITY);
    for (let i = lowerBound(tr.timesMs, view.fromMs); i < tr.timesMs.length; i++) {
      const t = tr.timesMs[i] as number;
      if (t > view.fromMs + view.spanMs) break;
      const c = Math.min(cols - 1, Math.floor(((t - view.fromMs) / view.spanMs) * plotW));
      const v = row.values[i] as number;
      if (v < (min[c] as number)) min[c] = v;
      if (v > (max[c] as number)) max[c] = v;
    }
    const y = (v: number) =>
      y0 +
      TRACE_H -
      4 -
      ((Math.min(row.hi, Math.max(row.lo, v)) - row.lo) / (row.hi - row.lo)) * (TRACE_H - 8);
    for (let c = 0; c < cols; c++) {
      if (!Number.isFinite(min[c] as number)) continue;
      const top = y(max[c] as number);
      ctx.fillRect(LABEL_W + c, top, 1, Math.max(1, y(min[c] as number) - top));
    }
  });
}

function lowerBound(a: Float64Array, t: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
