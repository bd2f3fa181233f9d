import { describe, expect, it } from 'vitest';
import { TURN_TAG } from '../../../src/core/events.ts';
import { ALL_TAGS } from '../../../src/core/fundamentals.ts';
import { bindingFor, KEY_TABLE } from '../../../src/panel/keys.ts';

describe('the key table', () => {
  it('gives no key to two actions', () => {
    const keys = KEY_TABLE.map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('finds each key in either case, and nothing for a key it does not list', () => {
    for (const b of KEY_TABLE) {
      expect(bindingFor(b.key)).toBe(b);
      expect(bindingFor(b.key.toUpperCase())).toBe(b);
    }
    expect(bindingFor('z')).toBeUndefined();
  });

  it('has a key for every tag, both whose-voice corrections, the panel, calm, a note and the key list', () => {
    const types = KEY_TABLE.map((b) =>
      b.action.type === 'voice' ? `voice:${b.action.party}` : b.action.type,
    );
    expect(types).toEqual(
      expect.arrayContaining(['panel', 'calm', 'note', 'keys', 'voice:learner', 'voice:practitioner']),
    );
    for (const t of ALL_TAGS)
      expect(KEY_TABLE.some((b) => b.action.type === 'tag' && b.action.tag.id === t.id)).toBe(true);
  });

  it('maps L and A to the manual turns that turn-taking counts, and leaves P for the panel', () => {
    const tagOf = (key: string) => {
      const action = bindingFor(key)?.action;
      return action?.type === 'tag' ? action.tag.id : null;
    };
    expect(tagOf('L')).toBe(TURN_TAG.learner);
    expect(tagOf('a')).toBe(TURN_TAG.practitioner);
    expect(bindingFor('p')?.action.type).toBe('panel');
  });

  it('keeps calm and the key list working outside a session, and the rest for sessions', () => {
    const anytime = KEY_TABLE.filter((b) => !b.sessionOnly).map((b) => b.action.type);
    expect(anytime.sort()).toEqual(['calm', 'keys']);
  });
});
