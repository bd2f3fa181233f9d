import type { LogEvent } from '../events.ts';
import { ALL_TAGS, tagLabel } from '../fundamentals.ts';
import type { SessionSummary } from '../turns/summary.ts';
import type { SeenFigures } from './sessionFigures.ts';

/**
 * A learner's personal goals ("takes three turns in a vocal exchange"), written by staff, and the evidence each
 * session gives for them. A goal names what bears on it: figures Attune works out (exchanges, longest sequence,
 * learner initiations...) and tags the practitioner presses (the Fundamentals, turns, best moment). Attune shows
 * that evidence beside the goal; whether the goal is met is the practitioner's judgement, never Attune's.
 *
 * Each save of a goal (written, edited, retired, brought back) is a record of its own, never changed: two
 * computers' edits merge by taking both, and the goal shows its latest save (the same millisecond in id order),
 * as the diary does.
 */

/** What a goal can name as bearing on it: one of the measures below, or a tag's id (core/fundamentals.ts). */
export type EvidenceRef = { kind: 'measure'; id: MeasureId } | { kind: 'tag'; id: string };

export interface GoalEdit {
  /** This save's own id (a random UUID): what sync and import match on. */
  id: string;
  /** The goal it is a save of: the first save's id, kept by every later save of the same goal. */
  goalId: string;
  learnerId: string;
  /** Epoch ms when it was saved. */
  at: number;
  text: string;
  bearsOn: EvidenceRef[];
  /** A retired goal is kept (with its history) but no longer shown on the session pages. */
  retired: boolean;
}

/** A goal as it stands: its latest save. */
export interface Goal {
  id: string;
  learnerId: string;
  text: string;
  bearsOn: EvidenceRef[];
  retired: boolean;
  /** Epoch ms of its first save (when it was set) and of its latest. */
  setAt: number;
  editedAt: number;
}

/** The most a goal's words hold; a goal is a sentence or two. */
export const GOAL_MAX_CHARS = 1000;

/** What review has worked out for one session (core/review/sessionReview.ts's SessionReview fits). */
export interface EvidenceSource {
  summary: SessionSummary;
  seen: SeenFigures;
  /** The events as staff corrected them: the tags are read from here. */
  corrected: readonly LogEvent[];
}

interface MeasureDefinition {
  label: string;
  /** How it is defined, in the words the session page uses. */
  definition: string;
  unit: 'count' | 'seconds';
  of(s: EvidenceSource): number;
}

/**
 * The figures a goal or an Engagement Model area can draw on: the learner's side of the session page's figures,
 * each a number per session.
 */
export const MEASURES = {
  exchanges: {
    label: 'Exchanges',
    definition:
      'A turn answered by the other person, their turn starting within the exchange gap after it ends.',
    unit: 'count',
    of: (s) => s.summary.exchanges.total,
  },
  learnerAnswers: {
    label: 'Learner answers',
    definition:
      'Exchanges the learner completed by answering the practitioner’s turn within the exchange gap.',
    unit: 'count',
    of: (s) => s.summary.exchanges.answeredBy.learner,
  },
  sequences: {
    label: 'Sequences',
    definition: 'Runs of turns taken by the two people in turn, every gap within the sequence gap.',
    unit: 'count',
    of: (s) => s.summary.sequences.count,
  },
  longestTurns: {
    label: 'Longest sequence (turns)',
    definition: 'The most turns in one sequence of the session.',
    unit: 'count',
    of: (s) => s.summary.sequences.longestTurns,
  },
  longestSeconds: {
    label: 'Longest sequence (time)',
    definition: 'The longest time one sequence of the session lasted.',
    unit: 'seconds',
    of: (s) => s.summary.sequences.longestMs / 1000,
  },
  initiations: {
    label: 'Learner initiations',
    definition: 'Learner turns with no practitioner turn in the 5 seconds before them: the learner began.',
    unit: 'count',
    of: (s) => s.summary.initiations,
  },
  learnerTurns: {
    label: 'Learner turns',
    definition: 'Turns the learner took, by voice, movement or touch.',
    unit: 'count',
    of: (s) => s.summary.turns.learner,
  },
  vocalisations: {
    label: 'Learner vocalisations',
    definition: 'Sounds of the learner’s voice Attune logged, as staff corrected them.',
    unit: 'count',
    of: (s) => s.summary.segments.learner.voice,
  },
  vocalSeconds: {
    label: 'Learner vocal time',
    definition: 'How long the learner vocalised in all; sounds that overlap count once.',
    unit: 'seconds',
    of: (s) => s.summary.vocalTimeMs.learner / 1000,
  },
  movements: {
    label: 'Learner movements',
    definition: 'Bursts of the learner’s movement the camera logged, as staff corrected them.',
    unit: 'count',
    of: (s) => s.summary.segments.learner.movement,
  },
  touches: {
    label: 'Learner touches',
    definition: 'Touches of the learner on the stage’s screen.',
    unit: 'count',
    of: (s) => s.summary.segments.learner.touch,
  },
  attendingSeconds: {
    label: 'Time attending',
    definition:
      'Time the learner’s face was turned toward the screen or the practitioner, as the camera saw it.',
    unit: 'seconds',
    of: (s) => s.seen.attendingMs / 1000,
  },
  attendingPersonSeconds: {
    label: 'Time attending to the practitioner',
    definition: 'Time the learner’s face was turned toward the practitioner, as the camera saw it.',
    unit: 'seconds',
    of: (s) => s.seen.attendingPersonMs / 1000,
  },
  smiles: {
    label: 'Smiles',
    definition: 'Episodes of the learner smiling, from the shape of the mouth as the camera saw it.',
    unit: 'count',
    of: (s) => s.seen.smiles,
  },
  engagedSeconds: {
    label: 'Engaged time',
    definition: 'Time inside sequences of turns, from the first turn’s start to the last turn’s end.',
    unit: 'seconds',
    of: (s) => s.seen.engagedMs / 1000,
  },
  closeness: {
    label: 'Times close together',
    definition: 'Times the two people were close together in the camera’s picture.',
    unit: 'count',
    of: (s) => s.seen.closeEpisodes,
  },
} as const satisfies Record<string, MeasureDefinition>;

export type MeasureId = keyof typeof MEASURES;

export const MEASURE_IDS = Object.keys(MEASURES) as MeasureId[];

/** The tags a goal can name: every one-key tag (the Fundamentals, learner and practitioner turns, best moment). */
export const GOAL_TAG_IDS: readonly string[] = ALL_TAGS.map((t) => t.id);

export function isMeasureId(id: string): id is MeasureId {
  return Object.hasOwn(MEASURES, id);
}

/** What a reference is called and how it is defined, for any page that shows evidence. */
export function refWords(ref: EvidenceRef): { label: string; definition: string } {
  if (ref.kind === 'measure') return MEASURES[ref.id];
  return {
    label: `Tag: ${tagLabel(ref.id)}`,
    definition: `How many times the practitioner pressed the “${tagLabel(ref.id)}” tag during the session.`,
  };
}

export const refKeyOf = (ref: EvidenceRef): string => `${ref.kind}:${ref.id}`;

/** One piece of a session's evidence for a goal (or an area). */
export interface EvidenceItem {
  ref: EvidenceRef;
  label: string;
  definition: string;
  /** The number for this session: the measure, or how many times the tag was pressed. */
  value: number;
  /** The value in words, e.g. "4" or "12.5 s" or "2 times, at 1:05 and 3:20". */
  words: string;
  /** For a tag, the session times it was pressed at (ms); empty for a measure. */
  atMs: number[];
}

const clockOf = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function valueWords(ref: EvidenceRef, value: number, atMs: readonly number[]): string {
  if (ref.kind === 'tag') {
    if (value === 0) return 'not tagged';
    const times = atMs.slice(0, 5).map(clockOf).join(', ');
    return `${value === 1 ? 'once' : `${value} times`}, at ${times}${atMs.length > 5 ? '…' : ''}`;
  }
  return MEASURES[ref.id].unit === 'seconds' ? `${value.toFixed(1)} s` : String(value);
}

/** One reference's evidence in one session. */
export function evidenceOf(ref: EvidenceRef, source: EvidenceSource): EvidenceItem {
  const atMs: number[] = [];
  let value: number;
  if (ref.kind === 'measure') value = MEASURES[ref.id].of(source);
  else {
    for (const e of source.corrected) if (e.kind === 'tag' && e.tag === ref.id) atMs.push(e.atMs);
    value = atMs.length;
  }
  return { ref, ...refWords(ref), value, words: valueWords(ref, value, atMs), atMs };
}

/** A goal's evidence from one session: each thing it names, in the order the goal names them. */
export function goalEvidence(goal: Goal, source: EvidenceSource): EvidenceItem[] {
  return goal.bearsOn.map((ref) => evidenceOf(ref, source));
}

/** Goals as they stand from all their saves, oldest set first; retired ones included (filter on `retired`). */
export function currentGoals(edits: readonly GoalEdit[]): Goal[] {
  const first = new Map<string, number>();
  const latest = new Map<string, GoalEdit>();
  for (const e of edits) {
    first.set(e.goalId, Math.min(first.get(e.goalId) ?? Number.POSITIVE_INFINITY, e.at));
    const seen = latest.get(e.goalId);
    if (!seen || e.at > seen.at || (e.at === seen.at && e.id > seen.id)) latest.set(e.goalId, e);
  }
  return [...latest.values()]
    .map((e) => ({
      id: e.goalId,
      learnerId: e.learnerId,
      text: e.text,
      bearsOn: e.bearsOn,
      retired: e.retired,
      setAt: first.get(e.goalId) ?? e.at,
      editedAt: e.at,
    }))
    .sort((a, b) => a.setAt - b.setAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The goals still in use (not retired). */
export function activeGoals(edits: readonly GoalEdit[]): Goal[] {
  return currentGoals(edits).filter((g) => !g.retired);
}

/** Every session of a period's evidence for one reference, and its range: what the report and the Engagement page show. */
export interface EvidenceOverTime {
  ref: EvidenceRef;
  label: string;
  definition: string;
  /** One entry per session, oldest first. */
  sessions: { sessionId: string; startedAt: number; value: number }[];
  /** Sessions with a value above zero (for a tag: sessions in which it was pressed). */
  sessionsWithAny: number;
  total: number;
  lowest: number | null;
  highest: number | null;
  /** The first and the latest session's values; null with no session. */
  first: number | null;
  latest: number | null;
}

export interface SessionEvidenceSource {
  sessionId: string;
  startedAt: number;
  source: EvidenceSource;
}

/** One reference across a learner's sessions (any order in; oldest first out). */
export function evidenceOverTime(
  ref: EvidenceRef,
  sessions: readonly SessionEvidenceSource[],
): EvidenceOverTime {
  const rows = [...sessions]
    .sort((a, b) => a.startedAt - b.startedAt)
    .map((s) => ({ sessionId: s.sessionId, startedAt: s.startedAt, value: evidenceOf(ref, s.source).value }));
  const values = rows.map((r) => r.value);
  return {
    ref,
    ...refWords(ref),
    sessions: rows,
    sessionsWithAny: values.filter((v) => v > 0).length,
    total: values.reduce((a, b) => a + b, 0),
    lowest: values.length ? Math.min(...values) : null,
    highest: values.length ? Math.max(...values) : null,
    first: values[0] ?? null,
    latest: values.at(-1) ?? null,
  };
}

/** The range of a reference over a period in words, e.g. "in 5 sessions: from 2 to 7; first 2, latest 6". */
export function overTimeWords(e: EvidenceOverTime): string {
  const n = e.sessions.length;
  if (n === 0) return 'no session in this period';
  const sessions = `${n} session${n === 1 ? '' : 's'}`;
  const f = (v: number | null) => (v === null ? '' : valueWords(e.ref, v, []).replace(/, at $/, ''));
  if (e.ref.kind === 'tag') {
    return e.total === 0
      ? `not tagged in ${sessions}`
      : `tagged ${e.total} time${e.total === 1 ? '' : 's'}, in ${e.sessionsWithAny} of ${sessions}`;
  }
  if (n === 1) return `${f(e.latest)} in the one session`;
  return `in ${sessions}: from ${f(e.lowest)} to ${f(e.highest)}; first ${f(e.first)}, latest ${f(e.latest)}`;
}

function parseRef(v: unknown): EvidenceRef | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const r = v as Record<string, unknown>;
  if (r.kind === 'measure' && typeof r.id === 'string' && isMeasureId(r.id))
    return { kind: 'measure', id: r.id };
  if (r.kind === 'tag' && typeof r.id === 'string' && r.id.length > 0 && r.id.length <= 100) {
    return { kind: 'tag', id: r.id };
  }
  return null;
}

const goodId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 100;

/**
 * Reads a goal save from an import or the school server strictly; null when it is not one. A measure this Attune
 * does not know (named by a newer one) makes it not one, rather than being dropped unseen.
 */
export function parseGoalEdit(value: unknown, learnerId?: string): GoalEdit | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (!goodId(v.id) || !goodId(v.goalId) || !goodId(v.learnerId)) return null;
  if (learnerId !== undefined && v.learnerId !== learnerId) return null;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return null;
  if (typeof v.text !== 'string' || v.text.length > GOAL_MAX_CHARS) return null;
  if (typeof v.retired !== 'boolean' || !Array.isArray(v.bearsOn) || v.bearsOn.length > 50) return null;
  const bearsOn = v.bearsOn.map(parseRef);
  if (bearsOn.some((r) => r === null)) return null;
  return {
    id: v.id,
    goalId: v.goalId,
    learnerId: v.learnerId,
    at: v.at,
    text: v.text,
    bearsOn: bearsOn as EvidenceRef[],
    retired: v.retired,
  };
}
