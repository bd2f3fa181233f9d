import type { LogEvent } from '../events.ts';
import type { SessionSummary } from '../turns/summary.ts';
import type { TurnAnalysis } from '../turns/tracker.ts';
import type { Ms } from '../units.ts';

/**
 * The figures beside a session's timeline, each with the words that define it. Turn-taking figures are the
 * session summary's own (so the page, the sessions table and the progress CSV agree); the rest come from what the
 * camera logged about the learner. All are worked out on the events as staff corrected them.
 */
export interface Figure {
  id: string;
  label: string;
  /** The figure as staff read it. */
  value: string;
  definition: string;
}

/** Total length of the union of intervals: overlapping episodes count once. */
export function unionMs(intervals: readonly (readonly [number, number])[]): Ms {
  const sorted = [...intervals].filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let start = Number.NaN;
  let end = Number.NaN;
  for (const [s, e] of sorted) {
    if (Number.isNaN(end) || s > end) {
      if (!Number.isNaN(end)) total += end - start;
      start = s;
      end = e;
    } else end = Math.max(end, e);
  }
  if (!Number.isNaN(end)) total += end - start;
  return total;
}

/** What the camera and the voice analyser add to the turn figures, learner only (the practitioner is not assessed). */
export interface SeenFigures {
  attendingMs: Ms;
  attendingPersonMs: Ms;
  smiles: number;
  smileMs: Ms;
  closeMs: Ms;
  closeEpisodes: number;
  /** Lowest and highest median pitch of the learner's vocalisations, Hz; null when none had a pitch. */
  pitchRangeHz: [number, number] | null;
  /** Time inside sequences of turns. */
  engagedMs: Ms;
}

export function seenFigures(events: readonly LogEvent[], analysis: TurnAnalysis): SeenFigures {
  const attending: [number, number][] = [];
  const attendingPerson: [number, number][] = [];
  const smiles: [number, number][] = [];
  const close: [number, number][] = [];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    if (e.kind === 'attention' && e.party === 'learner') {
      attending.push([e.startMs, e.endMs]);
      if (e.target === 'person') attendingPerson.push([e.startMs, e.endMs]);
    } else if (e.kind === 'smile' && e.party === 'learner') smiles.push([e.startMs, e.endMs]);
    else if (e.kind === 'proximity') close.push([e.startMs, e.endMs]);
    else if (
      e.kind === 'vocal' &&
      e.party === 'learner' &&
      e.pitchHz !== null &&
      Number.isFinite(e.pitchHz)
    ) {
      low = Math.min(low, e.pitchHz);
      high = Math.max(high, e.pitchHz);
    }
  }
  return {
    attendingMs: unionMs(attending),
    attendingPersonMs: unionMs(attendingPerson),
    smiles: smiles.length,
    smileMs: unionMs(smiles),
    closeMs: unionMs(close),
    closeEpisodes: close.length,
    pitchRangeHz: Number.isFinite(low) ? [low, high] : null,
    engagedMs: unionMs(analysis.sequences.map((s) => [s.startMs, s.endMs] as [number, number])),
  };
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mins = (ms: number) =>
  ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${secs(ms % 60_000)}` : secs(ms);
const share = (ms: number, of: number) => (of > 0 ? ` (${Math.round((100 * ms) / of)}% of the session)` : '');
const answer = (ms: number | null) => (ms === null ? 'no answers' : secs(ms));

/** The page's figures, in the order staff read them. */
export function sessionFigures(s: SessionSummary, seen: SeenFigures): Figure[] {
  const gap = 'within the exchange gap (5 s unless the session’s settings say otherwise)';
  const d = s.durationMs;
  return [
    {
      id: 'exchanges',
      label: 'Exchanges',
      value: whole.format(s.exchanges.total),
      definition: `A turn answered by the other person, their turn starting ${gap} after it ends.`,
    },
    {
      id: 'perMinute',
      label: 'Exchanges per minute',
      value: s.exchanges.perMinute.toFixed(2),
      definition: 'Exchanges divided by the session’s length in minutes, start to end.',
    },
    {
      id: 'sequences',
      label: 'Sequences',
      value: whole.format(s.sequences.count),
      definition:
        'Runs of turns taken by the two people in turn, every gap between them within the sequence gap; a lone turn is not a sequence.',
    },
    {
      id: 'longest',
      label: 'Longest sequence',
      value:
        s.sequences.longestTurns === 0
          ? 'none'
          : `${s.sequences.longestTurns} turns; ${secs(s.sequences.longestMs)}`,
      definition:
        'The most turns in one sequence, and the longest time one sequence lasted (the two may be different sequences).',
    },
    {
      id: 'initiations',
      label: 'Learner initiations',
      value: whole.format(s.initiations),
      definition: 'Learner turns with no practitioner turn in the 5 seconds before them: the learner began.',
    },
    {
      id: 'learnerAnswers',
      label: 'Learner answers in (median)',
      value: answer(s.medianLatencyMs.learner),
      definition:
        'From the end of the practitioner’s turn to the start of the learner’s answer, the middle value over the learner’s answers in exchanges.',
    },
    {
      id: 'practitionerAnswers',
      label: 'Practitioner answers in (median)',
      value: answer(s.medianLatencyMs.practitioner),
      definition:
        'From the end of the learner’s turn to the start of the practitioner’s answer, the middle value over the practitioner’s answers.',
    },
    {
      id: 'vocalTime',
      label: 'Vocal time',
      value: `learner ${mins(s.vocalTimeMs.learner)}; practitioner ${mins(s.vocalTimeMs.practitioner)}`,
      definition: 'How long each person vocalised in all; sounds that overlap count once.',
    },
    {
      id: 'pitchRange',
      label: 'Learner pitch range',
      value: seen.pitchRangeHz
        ? `${whole.format(seen.pitchRangeHz[0])}–${whole.format(seen.pitchRangeHz[1])} Hz`
        : 'no pitch heard',
      definition:
        'The lowest and the highest pitch of the learner’s vocalisations (each vocalisation’s middle pitch); breathy sounds with no pitch are left out.',
    },
    {
      id: 'engaged',
      label: 'Engaged time',
      value: `${mins(seen.engagedMs)}${share(seen.engagedMs, d)}`,
      definition: 'Time inside sequences of turns, from the first turn’s start to the last turn’s end.',
    },
    {
      id: 'attending',
      label: 'Time attending',
      value: `${mins(seen.attendingMs)}${share(seen.attendingMs, d)}; to the person ${mins(seen.attendingPersonMs)}`,
      definition:
        'Time the learner’s face was turned toward the screen or the practitioner, as the camera saw it; “to the person” counts only toward the practitioner.',
    },
    {
      id: 'smiles',
      label: 'Smiles',
      value: `${whole.format(seen.smiles)}; ${mins(seen.smileMs)}`,
      definition:
        'Episodes of the learner smiling, from the shape of the mouth as the camera saw it, and their time in all.',
    },
    {
      id: 'closeness',
      label: 'Closeness',
      value: `${whole.format(seen.closeEpisodes)} times; ${mins(seen.closeMs)}`,
      definition: 'Times the two people were close together in the camera’s picture, and how long in all.',
    },
  ];
}
