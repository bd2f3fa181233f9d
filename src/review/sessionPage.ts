import type { LogEvent } from '../core/events.ts';
import type { Learner } from '../core/records.ts';
import {
  type Correction,
  type CorrectionChange,
  type EventRef,
  refOf,
  type SegmentEvent,
  standing,
  verdicts,
} from '../core/review/corrections.ts';
import type { DiaryEdit } from '../core/review/diary.ts';
import type { FundamentalRow } from '../core/review/fundamentalsSensed.ts';
import { type Figure, sessionFigures } from '../core/review/sessionFigures.ts';
import { reviewSession, type SessionReview } from '../core/review/sessionReview.ts';
import { buildTimeline, LANES, type Timeline, type TimelineItem } from '../core/review/timeline.ts';
import { sessionMetaOf } from '../store/learnerData.ts';
import type { LogStore, StoredFeatures, StoredSession } from '../store/logStore.ts';
import { fundamentalFirsts } from '../store/progressData.ts';
import {
  addCorrection,
  featuresBetween,
  lastFeatureMs,
  sessionCorrections,
  sessionDiary,
} from '../store/reviewNotes.ts';
import { h } from '../ui/dom.ts';
import { createCorrectionsList, describeCorrection } from './correctionsList.ts';
import { createDiaryForm } from './diaryForm.ts';
import { createFundamentalsTable, type FundamentalsTable } from './fundamentalsTable.ts';
import type { Messages } from './messages.ts';
import { createSessionEvidence } from './sessionEvidence.ts';
import {
  clock,
  createTimelineView,
  FIRST_VIEW_MS,
  type TimelineView,
  type Traces,
  tracesOf,
} from './timelineView.ts';
import { sessionDate } from './words.ts';

export interface SessionPage {
  readonly element: HTMLElement;
  /** Takes the learner view's place with focus on its heading, then reads the session and draws it. */
  show(learner: Learner, session: StoredSession): Promise<void>;
  /** Empties and hides the page: nothing about the session stays in it. */
  clear(): void;
  /** The session shown, or null. */
  readonly openId: string | null;
}

/** What the page holds of the open session; the figures are worked out again from it after every correction. */
interface Open {
  session: StoredSession;
  events: LogEvent[];
  corrections: Correction[];
  traces: Traces;
}

const PARTY_WORDS: Record<string, string> = {
  learner: 'the learner',
  practitioner: 'the practitioner',
  unknown: 'not a person, or unknown',
  system: 'Attune',
};

/** The selected segment in words, and the buttons that correct it (disabled while nothing is selected). */
function createCorrector(correct: (change: CorrectionChange) => void) {
  const selection = h('p', { class: 'selection', 'aria-live': 'polite' }, 'No segment selected.');
  const choices: [CorrectionChange, string][] = [
    [{ kind: 'party', to: 'learner' }, 'It was the learner'],
    [{ kind: 'party', to: 'practitioner' }, 'It was the practitioner'],
    [{ kind: 'party', to: 'nobody' }, 'Not a person'],
    [{ kind: 'remove' }, 'Remove segment'],
  ];
  const buttons = choices.map(([change, label]) => {
    const b = h('button', { type: 'button', disabled: true }, label);
    b.addEventListener('click', () => correct(change));
    return b;
  });
  return {
    element: h(
      'div',
      { class: 'correct', role: 'group', 'aria-label': 'Correct the selected segment' },
      selection,
      h('div', { class: 'row' }, ...buttons),
    ),
    show(it: TimelineItem | null, event: SegmentEvent | undefined) {
      for (const b of buttons) b.disabled = !event;
      if (!it || !event) {
        selection.textContent = 'No segment selected.';
        return;
      }
      const lane = LANES[it.lane]?.label ?? '';
      const logged = it.corrected ? `; logged as ${PARTY_WORDS[event.party]}, corrected` : '';
      // Times that may be out: the computer was too busy to take in some of this vocalisation's sound.
      const missing =
        event.kind === 'vocal' && event.missingAudioMs !== undefined
          ? ` Some sound did not reach Attune in time (${(event.missingAudioMs / 1000).toFixed(1)} s), so its start and end may be out by up to that much.`
          : '';
      selection.textContent = `Selected: ${lane}, ${clock(event.startMs)} to ${clock(event.endMs)}${logged}.${missing}`;
    },
  };
}

/** Each figure with its definition one click away: the figure's name opens it. */
function figureNodes(figures: readonly Figure[]): HTMLElement[] {
  return figures.map((f) =>
    h(
      'div',
      { 'data-figure': f.id },
      h('dt', {}, h('details', {}, h('summary', {}, f.label), h('p', { class: 'definition' }, f.definition))),
      h('dd', {}, f.value),
    ),
  );
}

/** What the page shows of a session, read at once: events, the first view's traces, corrections and diary. */
async function readSession(
  store: LogStore,
  session: StoredSession,
): Promise<{ open: Open; edits: DiaryEdit[]; firstChunks: StoredFeatures[] }> {
  const [events, features, corrections, edits] = await Promise.all([
    store.events(session.id),
    // The first view's voice level and movement; the rest is read once the page is drawn.
    featuresBetween(store.db, session.id, 0, FIRST_VIEW_MS),
    sessionCorrections(store.db, session.id),
    sessionDiary(store.db, session.id),
  ]);
  return { open: { session, events, corrections, traces: tracesOf(features) }, edits, firstChunks: features };
}

/** The figures, the Fundamentals and the timeline of the events as corrected: the turn analysis runs once. */
function workOut({ session, events, corrections }: Open): {
  figures: Figure[];
  fundamentals: FundamentalRow[];
  timeline: Timeline;
  review: SessionReview;
} {
  const r = reviewSession(sessionMetaOf(session), events, corrections);
  return {
    review: r,
    figures: sessionFigures(r.summary, r.seen),
    fundamentals: r.fundamentals,
    timeline: buildTimeline(events, verdicts(corrections), r.analysis.sequences, r.durationMs),
  };
}

/** The page: its heading, the timeline and the correction buttons, then the figures beside the notes. */
function layout(
  top: HTMLElement[],
  timeline: HTMLElement,
  corrector: HTMLElement,
  left: HTMLElement[],
  right: HTMLElement[],
  below: HTMLElement,
): HTMLElement {
  return h(
    'section',
    { class: 'session-page', 'aria-labelledby': 'review-session-title' },
    h('div', { class: 'row' }, ...top),
    timeline,
    corrector,
    h('div', { class: 'session-columns' }, h('div', {}, ...left), h('div', {}, ...right)),
    below,
  );
}

/** How much of the stored voice level and movement is read at a time once the page is drawn: 1,200 chunks. */
const TRACE_SLICE_MS = 20 * 60_000;

/**
 * Reads the rest of the session's voice level and movement once the page is drawn, a slice at a time (a
 * six-hour session's 21,600 chunks read at once held the page for most of a second), drawing each as it comes.
 */
async function readAllTraces(
  store: LogStore,
  { open: of, firstChunks: chunks }: { open: Open; firstChunks: StoredFeatures[] },
  timeline: TimelineView,
  stillOpen: () => boolean,
) {
  const lastMs = await lastFeatureMs(store.db, of.session.id);
  if (lastMs === null || lastMs <= FIRST_VIEW_MS) return;
  for (let from = FIRST_VIEW_MS; from < lastMs && stillOpen(); from += TRACE_SLICE_MS) {
    chunks.push(...(await featuresBetween(store.db, of.session.id, from, from + TRACE_SLICE_MS, true)));
    if (!stillOpen()) return;
    of.traces = tracesOf(chunks);
    timeline.setTraces(of.traces);
  }
}

/** Marks the Fundamentals first seen in this session, once the learner's earlier sessions are read. */
async function markFirsts(
  store: LogStore,
  session: StoredSession,
  known: { sessionId: string; rows: FundamentalRow[] },
  table: FundamentalsTable,
  stillOpen: () => boolean,
): Promise<void> {
  try {
    const first = await fundamentalFirsts(store, session.learnerId, session.startedAt, known);
    if (stillOpen())
      table.markFirsts(new Set([...first].filter(([, id]) => id === session.id).map(([f]) => f)));
  } catch {
    if (stillOpen()) table.markFirsts(null);
  }
}

/** "Robin: session of 3 March 2026, 10:15". */
function headingOf(learner: Learner, session: StoredSession): string {
  const time = new Date(session.startedAt).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
  });
  return `${learner.pseudonym}: session of ${sessionDate(session.startedAt)}, ${time}`;
}

/**
 * Where an opening's time goes, for the review benchmark (`performance.getEntriesByType('measure')`): a measure
 * named "session page: `name`" from `start` to now, which it returns.
 */
function measured(name: string, start: number): number {
  const end = performance.now();
  performance.measure(`session page: ${name}`, { start, end });
  return end;
}

/** Runs `fn` once the frame being drawn is on screen. */
const afterPaint = (fn: () => void) => requestAnimationFrame(() => setTimeout(fn, 0));

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A session's own page: the timeline, the figures beside it with their definitions, corrections of the sensed
 * segments (kept beside the events, undoable), and the practitioner's diary. It takes the learner view's place
 * (`showLearnerView(false)`), and "Back to sessions" gives it back with focus on the session's row.
 */
export function createSessionPage(
  store: LogStore,
  messages: Messages,
  view: { showLearnerView(on: boolean): void; focusRow(sessionId: string | null): void },
): SessionPage {
  const heading = h('h2', { id: 'review-session-title', tabindex: -1 }, 'Session');
  const backButton = h('button', { type: 'button' }, 'Back to sessions');
  const corrector = createCorrector((change) => {
    const it = timeline.selected;
    const event = it && open ? (open.events[it.event] as SegmentEvent) : undefined;
    if (event) void record(refOf(event), change);
  });
  const timeline = createTimelineView({
    onSelect: (it) => corrector.show(it, it && open ? (open.events[it.event] as SegmentEvent) : undefined),
  });
  const figures = h('dl', { class: 'figures', 'aria-label': 'Figures' });
  const correctionsList = createCorrectionsList({
    undo: (c) => void record(c.target, { kind: 'undo', undoes: c.id }, c),
  });
  const diary = createDiaryForm({ store, messages });
  const fundamentals = createFundamentalsTable();
  const evidence = createSessionEvidence(store);
  const element = layout(
    [heading, backButton],
    timeline.element,
    corrector.element,
    [h('h3', {}, 'Figures'), h('p', { class: 'hint' }, 'Choose a figure to see how it is defined.'), figures],
    [correctionsList.element, diary.element, ...evidence.elements],
    fundamentals.element,
  );
  element.hidden = true;
  backButton.addEventListener('click', () => {
    const id = open?.session.id ?? null;
    view.showLearnerView(true);
    view.focusRow(id);
  });
  let open: Open | null = null;
  let generation = 0;

  /** Works the figures out again on the events as corrected, and redraws. */
  const render = () => {
    if (!open) return;
    const t0 = performance.now();
    const worked = workOut(open);
    measured('figured', t0);
    figures.replaceChildren(...figureNodes(worked.figures));
    fundamentals.show(worked.fundamentals);
    evidence.update(worked.review);
    const current = open.session;
    const known = { sessionId: current.id, rows: worked.fundamentals };
    // The firsts read the learner's earlier sessions: once this drawing is on screen, not before.
    afterPaint(() => void markFirsts(store, current, known, fundamentals, () => open?.session === current));
    timeline.show(worked.timeline, open.traces);
    correctionsList.show(standing(open.corrections), open.corrections.length);
  };

  /** Keeps a correction (or the undo of `undoing`) beside the log, then shows its effect at once. */
  async function record(target: EventRef, change: CorrectionChange, undoing?: Correction): Promise<void> {
    const now = open;
    if (!now) return;
    try {
      const made = await addCorrection(store.db, now.session.id, target, change);
      if (open !== now) return;
      now.corrections.push(made);
      render();
      messages.say(
        undoing
          ? `Undone: ${describeCorrection(undoing)}.`
          : `Corrected: ${describeCorrection(made)}. The figures are worked out again.`,
      );
    } catch (error) {
      messages.complain(`The correction could not be saved: ${reason(error)}. Nothing was changed.`);
    }
  }

  return {
    element,
    async show(learner, session) {
      view.showLearnerView(false);
      const mine = ++generation;
      messages.say('');
      element.hidden = false;
      element.setAttribute('aria-busy', 'true');
      heading.textContent = headingOf(learner, session);
      heading.focus();
      void evidence.load(session.learnerId);
      try {
        const t0 = performance.now();
        const read = await readSession(store, session);
        if (mine !== generation) return;
        const t1 = measured('read', t0);
        open = read.open;
        render();
        measured('figured and drawn', t1);
        diary.show(session.id, read.edits);
        afterPaint(() => void readAllTraces(store, read, timeline, () => open === read.open));
      } catch (error) {
        if (mine === generation) messages.complain(`The session could not be read: ${reason(error)}`);
      } finally {
        if (mine === generation) element.removeAttribute('aria-busy');
      }
    },
    get openId() {
      return open?.session.id ?? null;
    },
    clear() {
      generation++;
      open = null;
      timeline.clear();
      figures.replaceChildren();
      fundamentals.clear();
      evidence.clear();
      correctionsList.show([], 0);
      diary.clear();
      corrector.show(null, undefined);
      element.hidden = true;
      element.removeAttribute('aria-busy');
    },
  };
}
