import type { VoiceParty } from '../core/audio/attribution.ts';
import { ALL_TAGS, type TagDefinition } from '../core/fundamentals.ts';

/** What a key does. */
export type KeyAction =
  | { type: 'panel' }
  | { type: 'calm' }
  | { type: 'keys' }
  | { type: 'note' }
  | { type: 'voice'; party: VoiceParty }
  | { type: 'tag'; tag: TagDefinition };

export interface KeyBinding {
  /** The key as `KeyboardEvent.key` gives it, lower case. */
  key: string;
  action: KeyAction;
  /** What the panel's key list says it does. */
  label: string;
  /** Only during a session: outside one it does nothing (there is nothing to tag or correct). */
  sessionOnly: boolean;
}

/**
 * Every key Attune answers to, in one table: the hotkeys read it, the panel's key list is drawn from it, and a
 * test checks that no two actions share a key. Keys are single characters so that tagging costs staff nothing;
 * the tags' own keys come from their definitions (core/fundamentals.ts).
 */
export const KEY_TABLE: readonly KeyBinding[] = [
  { key: 'p', action: { type: 'panel' }, label: 'Show or hide this panel', sessionOnly: true },
  {
    key: 'c',
    action: { type: 'calm' },
    label: 'Calm: fade everything down (press again to come back)',
    sessionOnly: false,
  },
  { key: 'n', action: { type: 'note' }, label: 'Write a note', sessionOnly: true },
  { key: '?', action: { type: 'keys' }, label: 'Show this key list', sessionOnly: false },
  {
    key: 'v',
    action: { type: 'voice', party: 'learner' },
    label: 'The last vocalisation was the learner’s',
    sessionOnly: true,
  },
  {
    key: 'w',
    action: { type: 'voice', party: 'practitioner' },
    label: 'The last vocalisation was the practitioner’s',
    sessionOnly: true,
  },
  ...ALL_TAGS.map(
    (tag): KeyBinding => ({
      key: tag.key,
      action: { type: 'tag', tag },
      label: `Tag: ${tag.label}`,
      sessionOnly: true,
    }),
  ),
];

/** The binding of a key (letters either case), if any. */
export function bindingFor(key: string): KeyBinding | undefined {
  const k = key.toLowerCase();
  return KEY_TABLE.find((b) => b.key === k);
}

/** The key of the first binding whose action is of this type (for the panel's own hints). */
export function keyFor(type: KeyAction['type'], party?: VoiceParty): string {
  const b = KEY_TABLE.find(
    (k) => k.action.type === type && (k.action.type !== 'voice' || k.action.party === party),
  );
  if (!b) throw new Error(`No key for ${type}`);
  return b.key.toUpperCase();
}
