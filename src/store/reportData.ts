import { oldestFirst } from '../core/progress/learnerProgress.ts';
import type { ReportSession } from '../core/progress/learnerReport.ts';
import { standing } from '../core/review/corrections.ts';
import { currentDiary } from '../core/review/diary.ts';
import { reviewSession, type SessionReview } from '../core/review/sessionReview.ts';
import { sessionMetaOf } from './learnerData.ts';
import type { LogStore } from './logStore.ts';
import { sessionCorrections, sessionDiary } from './reviewNotes.ts';

/**
 * Every session of a learner as the printable report reads it, oldest first, up to `until` (exclusive): its
 * figures on the events as corrected with its own stored turn parameters (as the progress page and the progress
 * CSV figure it), its diary as it stands, and when "Best moment" was pressed. One session's events are read and
 * let go at a time; `each` sees a session's whole review before they are let go (for evidence read from it).
 */
export async function learnerReportSessions(
  store: LogStore,
  learnerId: string,
  until = Number.POSITIVE_INFINITY,
  each?: (session: ReportSession, review: SessionReview) => void,
): Promise<ReportSession[]> {
  const out: ReportSession[] = [];
  const stored = (await store.sessions(learnerId)).filter((s) => s.startedAt < until);
  for (const { meta: s } of oldestFirst(stored.map((meta) => ({ meta })))) {
    const meta = sessionMetaOf(s);
    const [events, corrections, edits] = await Promise.all([
      store.events(meta.id),
      sessionCorrections(store.db, meta.id),
      sessionDiary(store.db, meta.id),
    ]);
    const r = reviewSession(meta, events, corrections);
    const session: ReportSession = {
      meta,
      summary: r.summary,
      fundamentals: r.fundamentals,
      corrected: standing(corrections).length > 0,
      diary: currentDiary(edits),
      bestMomentsMs: r.corrected.flatMap((e) =>
        e.kind === 'tag' && e.tag === 'best-moment' ? [e.atMs] : [],
      ),
    };
    each?.(session, r);
    out.push(session);
  }
  return out;
}
