import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../../../src/core/events.ts';
import {
  type Correction,
  refOf,
  type SegmentEvent,
  verdicts,
} from '../../../../src/core/review/corrections.ts';
import { currentDiary, type DiaryEdit, parseDiaryEdit } from '../../../../src/core/review/diary.ts';
import { seenFigures, sessionFigures, unionMs } from '../../../../src/core/review/sessionFigures.ts';
import { buildTimeline, clampView, LANES, visible } from '../../../../src/core/review/timeline.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { summariseSession } from '../../../../src/core/turns/summary.ts';
import { analyseTurns } from '../../../../src/core/turns/tracker.ts';
import { interactionEvents } from '../../support/interaction.ts';
import { prng, voice } from '../../support/timeline.ts';

const lane = (id: string) => LANES.findIndex((l) => l.id === id);

describe('the session timeline', () => {
  const events = interactionEvents(prng(3), 30);
  const analysis = analyseTurns(events, DEFAULT_TURN_PARAMS);
  const t = buildTimeline(events, new Map(), analysis.sequences, 30 * 60_000);

  it('puts every event in a lane, sorted by start, and finds exactly those in view', () => {
    const placed = t.lanes.reduce((n, l) => n + l.length, 0);
    expect(placed).toBe(events.length);
    for (const l of t.lanes) {
      for (let i = 1; i < l.length; i++) expect(l[i]?.startMs).toBeGreaterThanOrEqual(l[i - 1]?.startMs ?? 0);
    }
    const from = 600_000;
    const to = 660_000;
    for (let i = 0; i < LANES.length; i++) {
      const brute = (t.lanes[i] ?? []).filter((it) => it.endMs >= from && it.startMs <= to);
      expect(visible(t, i, from, to)).toEqual(brute);
    }
    expect(t.sequences).toHaveLength(analysis.sequences.length);
  });

  it('moves a corrected segment to its new person’s lane and leaves a removed one out', () => {
    const a = voice('unknown', 1, 2) as SegmentEvent;
    const b = voice('learner', 3, 4) as SegmentEvent;
    const corrections: Correction[] = [
      { id: '1', sessionId: 's', at: 1, target: refOf(a), change: { kind: 'party', to: 'practitioner' } },
      { id: '2', sessionId: 's', at: 2, target: refOf(b), change: { kind: 'remove' } },
    ];
    const small = buildTimeline([a, b], verdicts(corrections), [], 10_000);
    expect(small.lanes[lane('practitioner-voice')]).toMatchObject([{ event: 0, corrected: true }]);
    expect(small.lanes[lane('learner-voice')]).toEqual([]);
    expect(small.segments).toHaveLength(1);
  });

  it('keeps the view inside the session', () => {
    expect(clampView(-5000, 10_000, 60_000)).toEqual([0, 10_000]);
    expect(clampView(58_000, 10_000, 60_000)).toEqual([50_000, 10_000]);
    expect(clampView(0, 1e9, 60_000)).toEqual([0, 60_000]);
    expect(clampView(30_000, 10, 60_000)).toEqual([30_000, 2000]);
  });
});

describe('the figures beside it', () => {
  it('counts the camera’s episodes once where they overlap, learner only', () => {
    expect(
      unionMs([
        [0, 10],
        [5, 20],
        [30, 40],
      ]),
    ).toBe(30);
    const events: LogEvent[] = [
      { kind: 'attention', party: 'learner', target: 'person', startMs: 0, endMs: 4000 },
      { kind: 'attention', party: 'learner', target: 'screen', startMs: 3000, endMs: 6000 },
      { kind: 'attention', party: 'practitioner', target: 'person', startMs: 0, endMs: 9000 },
      { kind: 'smile', party: 'learner', startMs: 1000, endMs: 2000, peakScore: 0.8 },
      { kind: 'proximity', startMs: 0, endMs: 500, minGap: 0.1 },
      { ...voice('learner', 1, 2), pitchHz: 250 },
      { ...voice('learner', 3, 4), pitchHz: 410 },
      { ...voice('practitioner', 5, 6), pitchHz: 120 },
    ];
    const seen = seenFigures(events, analyseTurns(events, DEFAULT_TURN_PARAMS));
    expect(seen).toMatchObject({
      attendingMs: 6000,
      attendingPersonMs: 4000,
      smiles: 1,
      smileMs: 1000,
      closeMs: 500,
      closeEpisodes: 1,
      pitchRangeHz: [250, 410],
    });
    const figures = sessionFigures(summariseSession(events, DEFAULT_TURN_PARAMS, 60_000), seen);
    expect(figures.map((f) => f.label)).toContain('Learner initiations');
    for (const f of figures) expect(f.definition.length).toBeGreaterThan(20);
    expect(figures.find((f) => f.id === 'pitchRange')?.value).toBe('250–410 Hz');
  });
});

describe('the diary', () => {
  const edit = (id: string, at: number, field: DiaryEdit['field'], text: string): DiaryEdit => ({
    id,
    sessionId: 's',
    at,
    field,
    text,
  });
  it('shows each field’s latest save, whatever order the records came in', () => {
    const edits = [
      edit('a', 1, 'happened', 'first'),
      edit('b', 5, 'happened', 'later'),
      edit('c', 2, 'best', 'a laugh'),
    ];
    expect(currentDiary(edits)).toEqual({
      happened: 'later',
      moments: '',
      myPart: '',
      other: '',
      best: 'a laugh',
    });
    expect(currentDiary([...edits].reverse())).toEqual(currentDiary(edits));
  });
  it('reads an edit from a file strictly', () => {
    const good = edit('a', 1, 'myPart', 'I waited');
    expect(parseDiaryEdit(good, 's')).toEqual(good);
    expect(parseDiaryEdit({ ...good, field: 'mood' }, 's')).toBeNull();
    expect(parseDiaryEdit(good, 'other')).toBeNull();
  });
});
