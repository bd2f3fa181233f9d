import { describe, expect, it } from 'vitest';
import { ALL_TAGS, FUNDAMENTALS } from '../../../src/core/fundamentals.ts';

describe('tags', () => {
  it('has one key for each of the ten Fundamentals of Communication', () => {
    expect(FUNDAMENTALS).toHaveLength(10);
    expect(new Set(FUNDAMENTALS.map((f) => f.key)).size).toBe(10);
  });

  it('never gives two tags the same key or id', () => {
    expect(new Set(ALL_TAGS.map((t) => t.key)).size).toBe(ALL_TAGS.length);
    expect(new Set(ALL_TAGS.map((t) => t.id)).size).toBe(ALL_TAGS.length);
  });
});
