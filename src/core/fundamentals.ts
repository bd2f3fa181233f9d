import { TURN_TAG } from './events.ts';

/**
 * The tags a practitioner can add with one keystroke: the ten Fundamentals of Communication (Nind and Hewett),
 * a manual learner or practitioner turn (when the sensors missed one), and a best moment. Each becomes a
 * `tag` event on the session clock. Keys are single characters so that tagging costs staff nothing.
 */
export interface TagDefinition {
  /** Stored in the log; never rename one, or old sessions lose their meaning. */
  id: string;
  key: string;
  label: string;
}

export const FUNDAMENTALS: readonly TagDefinition[] = [
  { id: 'fundamental:enjoying', key: '1', label: 'Enjoying being with another person' },
  { id: 'fundamental:attending', key: '2', label: 'Attending to a person' },
  { id: 'fundamental:concentration', key: '3', label: 'Concentration and attention span' },
  { id: 'fundamental:sequences', key: '4', label: 'Sequences of activity' },
  { id: 'fundamental:turn-taking', key: '5', label: 'Turn-taking' },
  { id: 'fundamental:personal-space', key: '6', label: 'Sharing personal space' },
  { id: 'fundamental:arousal', key: '7', label: 'Regulating arousal' },
  { id: 'fundamental:eye-contact', key: '8', label: 'Eye contact' },
  { id: 'fundamental:facial-expressions', key: '9', label: 'Facial expressions' },
  { id: 'fundamental:vocalising', key: '0', label: 'Vocalising' },
];

export const OTHER_TAGS: readonly TagDefinition[] = [
  { id: TURN_TAG.learner, key: 'l', label: 'Learner turn' },
  { id: TURN_TAG.practitioner, key: 'a', label: 'Practitioner turn' },
  { id: 'best-moment', key: 'b', label: 'Best moment' },
];

export const ALL_TAGS: readonly TagDefinition[] = [...FUNDAMENTALS, ...OTHER_TAGS];

export function tagLabel(id: string): string {
  return ALL_TAGS.find((t) => t.id === id)?.label ?? (id === 'note' ? 'Note' : id);
}
