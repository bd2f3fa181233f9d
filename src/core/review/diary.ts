/**
 * The practitioner's diary of a session, as Intensive Interaction practice keeps it: what happened, the
 * significant moments, my part, other comments, and the best moment. Each save of a field is a record of its
 * own, never changed, so two computers' edits merge by taking both: the field shows the latest, and an earlier
 * text written elsewhere at the same time is still kept (and shown as such) rather than lost.
 */

export const DIARY_FIELDS = [
  { id: 'happened', label: 'What happened' },
  { id: 'moments', label: 'Significant moments' },
  { id: 'myPart', label: 'My part' },
  { id: 'other', label: 'Other comments' },
  { id: 'best', label: 'Best moment' },
] as const;

export type DiaryField = (typeof DIARY_FIELDS)[number]['id'];

/** The most a field holds; a diary entry is a paragraph or two. */
export const DIARY_MAX_CHARS = 10_000;

export interface DiaryEdit {
  /** Unique across computers (a random UUID). */
  id: string;
  sessionId: string;
  /** Epoch ms when it was saved. */
  at: number;
  field: DiaryField;
  text: string;
}

/** Each field's text now: the latest save of it (the same millisecond in id order); '' when never written. */
export function currentDiary(edits: readonly DiaryEdit[]): Record<DiaryField, string> {
  const out = Object.fromEntries(DIARY_FIELDS.map((f) => [f.id, ''])) as Record<DiaryField, string>;
  const latest = new Map<DiaryField, DiaryEdit>();
  for (const e of edits) {
    const seen = latest.get(e.field);
    if (!seen || e.at > seen.at || (e.at === seen.at && e.id > seen.id)) latest.set(e.field, e);
  }
  for (const [field, e] of latest) out[field] = e.text;
  return out;
}

const FIELD_IDS: readonly string[] = DIARY_FIELDS.map((f) => f.id);

/** Reads a diary edit from an import strictly; null when it is not one. */
export function parseDiaryEdit(value: unknown, sessionId: string): DiaryEdit | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || v.id.length === 0 || v.id.length > 100) return null;
  if (v.sessionId !== sessionId || typeof v.at !== 'number' || !Number.isFinite(v.at)) return null;
  if (typeof v.field !== 'string' || !FIELD_IDS.includes(v.field)) return null;
  if (typeof v.text !== 'string' || v.text.length > DIARY_MAX_CHARS) return null;
  return { id: v.id, sessionId, at: v.at, field: v.field as DiaryField, text: v.text };
}
