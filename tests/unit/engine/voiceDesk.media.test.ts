/**
 * The engine's whose-voice desk: staff voices recorded once and chosen (remembered), the learner by elimination,
 * and the turns warning as the panel gets it (no practitioner voice, nobody marked as the learner with the side
 * proposed from last session, most vocalisations unknown), in Node with the stores in memory.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TurnsProblem } from '../../../src/core/turns/countable.ts';
import { VoiceDesk } from '../../../src/engine/voiceDesk.ts';
import { createLiveSignals } from '../../../src/state/live.ts';
import type { SessionState } from '../../../src/state/stores.ts';
import type { LearnerVoiceJson, LearnerVoiceStorage } from '../../../src/store/learnerVoices.ts';
import type { StaffVoice, StaffVoiceStore } from '../../../src/store/staffVoices.ts';
import {
  ENROL_PRACTITIONER,
  heldOut,
  inRoom,
  LEARNER_SOUNDS,
  RATE,
  speak,
  WOMAN,
  YOUNG_GIRL,
} from '../support/voices.ts';

/** localStorage as the page has it: who runs sessions and the learners' sides are kept there. */
class MemoryStorage {
  private readonly m = new Map<string, string>();
  getItem(k: string): string | null {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.m.set(k, v);
  }
  removeItem(k: string): void {
    this.m.delete(k);
  }
}

function memoryStaff(): StaffVoiceStore & { ran: Map<string, string> } {
  const voices = new Map<string, StaffVoice>();
  const ran = new Map<string, string>();
  return {
    ran,
    async list() {
      return [...voices.values()];
    },
    async save(name, profile) {
      const existing = [...voices.values()].find((v) => v.name === name);
      const v: StaffVoice = existing
        ? { ...existing, profile }
        : { id: `staff-${voices.size + 1}`, name, profile, createdAt: 0, updatedAt: 0 };
      voices.set(v.id, v);
      return v;
    },
    async erase(id) {
      voices.delete(id);
    },
    async ranSession(sessionId, staffId) {
      ran.set(sessionId, staffId);
    },
    async whoRan(sessionId) {
      return ran.get(sessionId) ?? null;
    },
    async forgetSessionsExcept(keep) {
      for (const id of [...ran.keys()]) if (!keep.has(id)) ran.delete(id);
    },
  };
}

function memoryLearners(): LearnerVoiceStorage {
  const saved = new Map<string, LearnerVoiceJson>();
  return {
    async learnerVoice(id) {
      return { voice: saved.get(id) ?? null, outdated: false };
    },
    async setLearnerVoice(id, v) {
      saved.set(id, JSON.parse(JSON.stringify(v)) as LearnerVoiceJson);
    },
  };
}

/** A desk with the session store's patches collected, as the engine's `set` writes them. */
async function desk(staff = memoryStaff()) {
  let state: Partial<SessionState> = {};
  let learnerId: string | null = null;
  const d = await VoiceDesk.open(
    memoryLearners(),
    (patch) => {
      state = { ...state, ...patch };
    },
    () => learnerId,
    staff,
  );
  return {
    d,
    staff,
    problems: (): TurnsProblem[] => state.turnsProblems ?? [],
    state: () => state,
    choose: async (id: string | null) => {
      learnerId = id;
      await d.loadLearner(id);
    },
  };
}

const practitionerMic = {
  sampleRate: RATE,
  record: async () => inRoom(speak(WOMAN, ENROL_PRACTITIONER, 0), -20, -50, 2),
};

beforeEach(() => {
  (globalThis as { localStorage?: unknown }).localStorage = new MemoryStorage();
});
// The media files share their workers (vitest.config.ts: isolate false): the stand-in goes with this file.
afterAll(() => {
  delete (globalThis as { localStorage?: unknown }).localStorage;
});

describe('the whose-voice desk', () => {
  it('says turns cannot be counted with no practitioner voice, and the warning goes once one is recorded', async () => {
    const t = await desk();
    expect(t.problems()).toEqual([]);
    await t.choose('L1');
    expect(t.problems()).toEqual([{ kind: 'no-practitioner-voice', staffVoices: 0 }]);
    expect((await t.d.recordStaff('  ', practitionerMic)).message).toBe(
      'Type your name (or initials) first.',
    );
    expect((await t.d.recordStaff('Ann', null)).message).toMatch(/^There is no microphone/);
    const r = await t.d.recordStaff('Ann', practitionerMic);
    expect(r.ok).toBe(true);
    expect(t.problems()).toEqual([]);
    expect(t.state().staff).toEqual([{ id: 'staff-1', name: 'Ann' }]);
    expect(t.state().staffId).toBe('staff-1');
    expect(t.state().voices?.practitioner).toMatch(/^Ann’s voice\. Enrolled/);

    // Remembered on this computer: a new page chooses Ann again; erasing her voice brings the warning back.
    const again = await desk(t.staff);
    await again.choose('L1');
    expect(again.state().staffId).toBe('staff-1');
    expect(again.problems()).toEqual([]);
    await again.d.eraseStaff('staff-1');
    expect(again.state().staffId).toBeNull();
    expect(again.problems()).toEqual([{ kind: 'no-practitioner-voice', staffVoices: 0 }]);
  });

  it('with the practitioner chosen and the learner never recorded, a child’s sound is the learner’s', async () => {
    const t = await desk();
    await t.choose('L1');
    await t.d.recordStaff('Ann', practitionerMic);
    t.d.sessionStarted('s1');
    const [sound] = heldOut(YOUNG_GIRL, 'learner', LEARNER_SOUNDS.slice(0, 1), 3);
    if (sound === undefined) throw new Error('no sound');
    const label = t.d.attribute({ samples: sound.samples, sampleRate: RATE }, {});
    expect(label.party).toBe('learner');
    expect(label.voice?.frames).toBeGreaterThan(0);
    // Who ran the session is noted, for labelling it again later.
    await new Promise((r) => setTimeout(r, 0));
    expect(t.staff.ran.get('s1')).toBe('staff-1');
    // Its learner erased, the session is gone from the log, and who ran it is forgotten.
    await t.d.forgetSessionsExcept(['s2']);
    expect(t.staff.ran.has('s1')).toBe(false);
  });

  it('says when most vocalisations are unknown, and a whose-voice key counts the last one as known', async () => {
    const t = await desk();
    await t.choose('L1');
    await t.d.recordStaff('Ann', practitionerMic);
    t.d.sessionStarted('s1');
    for (const party of ['unknown', 'learner', 'unknown', 'unknown']) t.d.counts(party);
    expect(t.problems()).toEqual([{ kind: 'most-unknown', unknown: 3, total: 4 }]);
    t.d.corrected();
    expect(t.problems()).toEqual([]);
    // A correction of a vocalisation that was not unknown changes nothing.
    t.d.counts('learner');
    t.d.corrected();
    expect(t.problems()).toEqual([]);
  });

  it('proposes the side the learner was on last session when two people are in view and nobody is marked', async () => {
    const t = await desk();
    await t.choose('L1');
    await t.d.recordStaff('Ann', practitionerMic);
    const live = createLiveSignals();
    const box = (x: number) => ({ x, y: 0.2, width: 0.2, height: 0.6 });
    live.people = [
      { box: box(0.1), identity: 'unknown' },
      { box: box(0.7), identity: 'unknown' },
    ];
    t.d.seen(live);
    expect(t.problems()).toEqual([{ kind: 'no-learner-in-view', proposedSide: null }]);
    expect(t.d.proposedPoint(live)).toBeNull();

    // The learner was marked on the camera's right (the preview's left) when the session ended.
    live.people = [
      { box: box(0.1), identity: 'practitioner' },
      { box: box(0.7), identity: 'learner' },
    ];
    t.d.seen(live);
    expect(t.problems()).toEqual([]);
    t.d.sessionStarted('s1');
    await t.d.sessionEnded(live);

    live.people = [
      { box: box(0.05), identity: 'unknown' },
      { box: box(0.65), identity: 'unknown' },
    ];
    t.d.seen(live);
    expect(t.problems()).toEqual([{ kind: 'no-learner-in-view', proposedSide: 'left' }]);
    const point = t.d.proposedPoint(live);
    expect(point?.x).toBeCloseTo(0.75);
    // Another learner has no side remembered; an erased learner's side is forgotten.
    await t.choose('L2');
    expect(t.problems()).toEqual([{ kind: 'no-learner-in-view', proposedSide: null }]);
    t.d.forgetSidesExcept(['L2']);
    await t.choose('L1');
    expect(t.problems()).toEqual([{ kind: 'no-learner-in-view', proposedSide: null }]);
  });
});
