import { describe, expect, it } from 'vitest';
import { TURN_TAG } from '../../../src/core/events.ts';
import { ALL_TAGS, FUNDAMENTALS, tagForKey } from '../../../src/core/fundamentals.ts';

describe('tags', () => {
  it('has one key for each of the ten Fundamentals of Communication', () => {
    expect(FUNDAMENTALS).toHaveLength(10);
    expect(new Set(FUNDAMENTALS.map((f) => f.key)).size).toBe(10);
  });

  it('never gives two tags the same key or id, and leaves P for the panel', () => {
    expect(new Set(ALL_TAGS.map((t) => t.key)).size).toBe(ALL_TAGS.length);
    expect(new Set(ALL_TAGS.map((t) => t.id)).size).toBe(ALL_TAGS.length);
    expect(tagForKey('p')).toBeUndefined();
  });

  it('maps L and A to the manual turns that turn-taking counts', () => {
    expect(tagForKey('L')?.id).toBe(TURN_TAG.learner);
    expect(tagForKey('a')?.id).toBe(TURN_TAG.practitioner);
  });
});
