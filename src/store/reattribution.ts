import {
  attributeVoice,
  isVoiceFeature,
  type KnownVoices,
  storedFeatureVersion,
} from '../core/audio/whoseVoice.ts';
import type { LogEvent } from '../core/events.ts';
import type { LogStore, StoredSession } from './logStore.ts';

export interface ReattributionResult {
  /** Sessions looked at (ended or interrupted; a running one is left alone). */
  sessions: number;
  /** Vocalisations left unknown that had a voice feature to go on. */
  unknown: number;
  /** Of those, now the learner's or the practitioner's. */
  labelled: number;
  /** Unknown vocalisations of older sessions, logged without a voice feature: they cannot be attributed again. */
  withoutFeature: number;
  /**
   * Unknown vocalisations whose feature an earlier version of Attune recorded (see FEATURE_VERSION): its pitch was
   * read another way, and the audio is not kept to read it again, so they are left unknown.
   */
  olderFeature: number;
}

/** What relabelling makes of one logged event. */
export type Relabelling =
  /** Not a vocalisation left unknown: left alone. */
  | { kind: 'not unknown' }
  | { kind: 'without feature' }
  | { kind: 'older feature' }
  /** Attributed again: `event` is the labelled one, or null when it stays unknown. */
  | { kind: 'attributed'; event: LogEvent | null };

/**
 * One event, relabelled with the voices known for its session (null: none). A feature of an earlier version is
 * never compared with today's voices (see FEATURE_VERSION): the event stays unknown, and is counted as such.
 */
export function relabelEvent(e: LogEvent, voices: KnownVoices | null): Relabelling {
  if (e.kind !== 'vocal' || e.party !== 'unknown') return { kind: 'not unknown' };
  const version = storedFeatureVersion(e.voice);
  if (version === 'older') return { kind: 'older feature' };
  if (!isVoiceFeature(e.voice)) return { kind: 'without feature' };
  const verdict = voices === null ? null : attributeVoice(e.voice, voices);
  if (verdict === null || verdict.party === 'unknown') return { kind: 'attributed', event: null };
  return { kind: 'attributed', event: { ...e, party: verdict.party, confidence: verdict.confidence } };
}

/**
 * Attributes again a learner's past vocalisations left `unknown`, from the voice feature each event kept, with
 * the voices known now (`voicesFor` a session: the practitioner who ran it, the learner's voice). Labelled ones
 * are left as they are: a staff correction or an earlier decision is not second-guessed. One transaction per
 * session, so a session is relabelled wholly or not at all.
 */
export async function reattributeLearner(
  store: LogStore,
  learnerId: string,
  voicesFor: (session: StoredSession) => Promise<KnownVoices | null>,
): Promise<ReattributionResult> {
  const out: ReattributionResult = {
    sessions: 0,
    unknown: 0,
    labelled: 0,
    withoutFeature: 0,
    olderFeature: 0,
  };
  for (const session of await store.sessions(learnerId)) {
    if (session.status === 'live') continue;
    const voices = await voicesFor(session);
    out.sessions++;
    const tx = store.db.transaction(['events', 'sessions'], 'readwrite');
    const before = out.labelled;
    let cursor = await tx.objectStore('events').index('by-session').openCursor(IDBKeyRange.only(session.id));
    while (cursor) {
      const r = relabelEvent(cursor.value.event, voices);
      if (r.kind === 'without feature') out.withoutFeature++;
      else if (r.kind === 'older feature') out.olderFeature++;
      else if (r.kind === 'attributed') {
        out.unknown++;
        if (r.event !== null) {
          out.labelled++;
          await cursor.update({ ...cursor.value, event: r.event });
        }
      }
      cursor = await cursor.continue();
    }
    // Review keeps each session's figures until the session changes: this says it has.
    if (out.labelled > before) void tx.objectStore('sessions').put({ ...session, relabelledAt: Date.now() });
    await tx.done;
  }
  return out;
}

/** What happened, for the panel. */
export function reattributionText(r: ReattributionResult): string {
  if (r.sessions === 0) return 'This learner has no past sessions yet.';
  const without =
    r.withoutFeature > 0
      ? ` ${r.withoutFeature} unknown from before Attune kept voice features cannot be labelled again.`
      : '';
  const older =
    r.olderFeature > 0
      ? ` ${r.olderFeature} unknown recorded by an older version of Attune, which measured voices differently, are left unknown.`
      : '';
  const sessions = r.sessions === 1 ? '1 session' : `${r.sessions} sessions`;
  if (r.unknown === 0) return `No vocalisation left unknown to label again in ${sessions}.${without}${older}`;
  return `${r.labelled} of ${r.unknown} vocalisations left unknown in ${sessions} are now labelled the learner’s or the practitioner’s.${without}${older}`;
}
