import type { IDBPDatabase } from 'idb';
import {
  type AreaId,
  type AreaNames,
  type EngagementNote,
  parseAreaNames,
  parseEngagementNote,
} from '../core/review/engagement.ts';
import {
  type EvidenceRef,
  type GoalEdit,
  parseGoalEdit,
  type SessionEvidenceSource,
} from '../core/review/goals.ts';
import { reviewSession } from '../core/review/sessionReview.ts';
import { sessionMetaOf } from './learnerData.ts';
import type { AttuneDb, LogStore } from './logStore.ts';
import { sessionCorrections } from './reviewNotes.ts';

/**
 * A learner's goals and Engagement Model judgements, in their own stores of the log. Every call adds a record;
 * nothing here changes or deletes one, so sync and import merge by id (as reviewNotes.ts does for a session's
 * corrections and diary).
 */

type Db = IDBPDatabase<AttuneDb>;

/**
 * Every save of a learner's goals. Records that came from a restore or the school server are read strictly
 * again, so one damaged record is left out rather than breaking the page.
 */
export async function learnerGoals(db: Db, learnerId: string): Promise<GoalEdit[]> {
  const all = await db.getAllFromIndex('goals', 'by-learner', learnerId);
  return all.flatMap((r) => parseGoalEdit(r, learnerId) ?? []);
}

/** Saves a goal: a new one (no `goalId`), an edit of one, its retirement or its return. */
export async function saveGoal(
  db: Db,
  learnerId: string,
  goal: { goalId?: string; text: string; bearsOn: EvidenceRef[]; retired: boolean },
): Promise<GoalEdit> {
  const id = crypto.randomUUID();
  const record: GoalEdit = {
    id,
    goalId: goal.goalId ?? id,
    learnerId,
    at: Date.now(),
    text: goal.text,
    bearsOn: goal.bearsOn,
    retired: goal.retired,
  };
  await db.add('goals', record);
  return record;
}

/** Every Engagement Model judgement of a learner, read strictly as goals are. */
export async function learnerJudgements(db: Db, learnerId: string): Promise<EngagementNote[]> {
  const all = await db.getAllFromIndex('engagement', 'by-learner', learnerId);
  return all.flatMap((r) => parseEngagementNote(r, learnerId) ?? []);
}

export async function addJudgement(
  db: Db,
  learnerId: string,
  area: AreaId,
  text: string,
): Promise<EngagementNote> {
  const record: EngagementNote = { id: crypto.randomUUID(), learnerId, area, at: Date.now(), text };
  await db.add('engagement', record);
  return record;
}

/**
 * What a learner's sessions started from `from` up to (not including) `to` (epoch ms) give as evidence, oldest
 * first, each on its events as staff corrected them with its own turn parameters. One session's events are read
 * at a time and only its figures and tags are kept, so a long period never holds every event at once.
 */
export async function periodEvidence(
  store: LogStore,
  learnerId: string,
  from: number,
  to: number,
): Promise<SessionEvidenceSource[]> {
  const sessions = (await store.sessions(learnerId))
    .filter((s) => s.startedAt >= from && s.startedAt < to)
    .sort((a, b) => a.startedAt - b.startedAt);
  const out: SessionEvidenceSource[] = [];
  for (const s of sessions) {
    const [events, corrections] = await Promise.all([store.events(s.id), sessionCorrections(store.db, s.id)]);
    const r = reviewSession(sessionMetaOf(s), events, corrections);
    out.push({
      sessionId: s.id,
      startedAt: s.startedAt,
      source: { summary: r.summary, seen: r.seen, corrected: r.corrected.filter((e) => e.kind === 'tag') },
    });
  }
  return out;
}

/** Where this computer keeps the school's own names for the Engagement Model's areas. */
const NAMES_KEY = 'attune:engagement-names';

/** The school's names for the areas on this computer (the framework's where none are saved). */
export function loadAreaNames(): AreaNames {
  try {
    const saved = localStorage.getItem(NAMES_KEY);
    return parseAreaNames(saved === null ? null : JSON.parse(saved));
  } catch {
    // A damaged setting is this computer's own: the framework's names stand in, and nothing is lost.
    return parseAreaNames(null);
  }
}

/** Keeps the names on this computer; null goes back to the framework's. */
export function saveAreaNames(names: AreaNames | null): void {
  if (names === null) localStorage.removeItem(NAMES_KEY);
  else localStorage.setItem(NAMES_KEY, JSON.stringify(names));
}
