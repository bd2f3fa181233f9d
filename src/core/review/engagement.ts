import {
  type EvidenceOverTime,
  type EvidenceRef,
  evidenceOverTime,
  type MeasureId,
  type SessionEvidenceSource,
} from './goals.ts';

/**
 * The Engagement Model (England's statutory framework for learners not yet in subject-specific study): five areas,
 * not a hierarchy, recorded as each school chooses. Per learner, Attune keeps the practitioner's own judgement in
 * each area (their words, dated, every save kept as a record, as the diary is) and shows beside it what it
 * measured that bears on the area. It never assigns a level or a score. A school that uses Routes for Learning or
 * its own scale names the areas and their milestones its own way (kept on that computer).
 */

export const AREA_IDS = ['exploration', 'realisation', 'anticipation', 'persistence', 'initiation'] as const;
export type AreaId = (typeof AREA_IDS)[number];

export interface AreaDefinition {
  id: AreaId;
  /** The framework's name, used unless the school renames it. */
  name: string;
  /** What the framework says the area is about, in short. */
  about: string;
  /** What Attune measured or staff tagged that bears on it: the figures and tags shown beside the judgement. */
  evidence: EvidenceRef[];
}

const m = (id: MeasureId): EvidenceRef => ({ kind: 'measure', id });
const t = (id: string): EvidenceRef => ({ kind: 'tag', id });

export const ENGAGEMENT_AREAS: readonly AreaDefinition[] = [
  {
    id: 'exploration',
    name: 'Exploration',
    about: 'Curiosity about a new stimulus or activity, and reactions to it that build over time.',
    evidence: [
      m('vocalisations'),
      m('movements'),
      m('touches'),
      m('attendingSeconds'),
      t('fundamental:attending'),
    ],
  },
  {
    id: 'realisation',
    name: 'Realisation',
    about:
      'Doing something new with a stimulus or activity: surprise, delight, a change in how they respond.',
    evidence: [
      m('smiles'),
      m('learnerTurns'),
      t('fundamental:enjoying'),
      t('fundamental:facial-expressions'),
      t('best-moment'),
    ],
  },
  {
    id: 'anticipation',
    name: 'Anticipation',
    about: 'Predicting or expecting what comes next: waiting for, or answering, a familiar action.',
    evidence: [
      m('learnerAnswers'),
      m('exchanges'),
      m('attendingPersonSeconds'),
      t('fundamental:turn-taking'),
      t('fundamental:eye-contact'),
    ],
  },
  {
    id: 'persistence',
    name: 'Persistence',
    about: 'Keeping attention on an activity and keeping it going, trying again.',
    evidence: [
      m('longestTurns'),
      m('longestSeconds'),
      m('engagedSeconds'),
      m('sequences'),
      t('fundamental:concentration'),
      t('fundamental:sequences'),
    ],
  },
  {
    id: 'initiation',
    name: 'Initiation',
    about: 'Acting of their own accord to start something or to get what they want.',
    evidence: [m('initiations'), t('turn:learner')],
  },
];

/** One judgement of the practitioner in one area: a record of its own, never changed. */
export interface EngagementNote {
  /** Unique across computers (a random UUID). */
  id: string;
  learnerId: string;
  area: AreaId;
  /** Epoch ms when it was saved: the date it is shown with. */
  at: number;
  text: string;
}

export const ENGAGEMENT_NOTE_MAX_CHARS = 10_000;

/** Each area's judgements, newest first (the same millisecond in id order, the same on every computer). */
export function notesByArea(notes: readonly EngagementNote[]): Record<AreaId, EngagementNote[]> {
  const out = Object.fromEntries(AREA_IDS.map((id) => [id, [] as EngagementNote[]])) as Record<
    AreaId,
    EngagementNote[]
  >;
  for (const n of notes) out[n.area].push(n);
  for (const id of AREA_IDS) out[id].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  return out;
}

/** Reads a judgement from an import or the school server strictly; null when it is not one. */
export function parseEngagementNote(value: unknown, learnerId?: string): EngagementNote | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const goodId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 100;
  if (!goodId(v.id) || !goodId(v.learnerId)) return null;
  if (learnerId !== undefined && v.learnerId !== learnerId) return null;
  if (typeof v.area !== 'string' || !(AREA_IDS as readonly string[]).includes(v.area)) return null;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return null;
  if (typeof v.text !== 'string' || v.text.length > ENGAGEMENT_NOTE_MAX_CHARS) return null;
  return { id: v.id, learnerId: v.learnerId, area: v.area as AreaId, at: v.at, text: v.text };
}

/** The school's own names for the areas and what it looks for in each (its milestones); '' keeps the framework's. */
export type AreaNames = Record<AreaId, { name: string; milestones: string }>;

export const AREA_NAME_MAX_CHARS = 80;
export const MILESTONES_MAX_CHARS = 2000;

/** The framework's own names, with no milestones written. */
export function defaultAreaNames(): AreaNames {
  return Object.fromEntries(
    ENGAGEMENT_AREAS.map((a) => [a.id, { name: a.name, milestones: '' }]),
  ) as AreaNames;
}

/**
 * Reads saved names leniently (they are this computer's own setting): anything missing, empty or too long falls
 * back to the framework's name, so a damaged setting never hides an area.
 */
export function parseAreaNames(value: unknown): AreaNames {
  const out = defaultAreaNames();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  const v = value as Record<string, unknown>;
  for (const id of AREA_IDS) {
    const entry = v[id];
    if (typeof entry !== 'object' || entry === null) continue;
    const { name, milestones } = entry as Record<string, unknown>;
    if (typeof name === 'string' && name.trim() !== '' && name.length <= AREA_NAME_MAX_CHARS) {
      out[id].name = name.trim();
    }
    if (typeof milestones === 'string' && milestones.length <= MILESTONES_MAX_CHARS)
      out[id].milestones = milestones;
  }
  return out;
}

/** What a learner's sessions in a period show for each area: each bearing figure or tag over the sessions. */
export function areaEvidence(sessions: readonly SessionEvidenceSource[]): Record<AreaId, EvidenceOverTime[]> {
  return Object.fromEntries(
    ENGAGEMENT_AREAS.map((a) => [a.id, a.evidence.map((ref) => evidenceOverTime(ref, sessions))]),
  ) as Record<AreaId, EvidenceOverTime[]>;
}
