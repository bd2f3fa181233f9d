import { describe, expect, it } from 'vitest';
import { easterSunday, halfTermOf } from '../../../../src/core/progress/halfTerm.ts';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const of = (when: string) => {
  const t = halfTermOf(Date.parse(when));
  return [t.name, iso(t.startsAt), iso(t.endsAt)];
};

describe('UK half terms', () => {
  it('finds Easter by the Gregorian computus', () => {
    expect(['2024', '2025', '2026', '2027', '2038'].map((y) => iso(easterSunday(Number(y))))).toEqual([
      '2024-03-31',
      '2025-04-20',
      '2026-04-05',
      '2027-03-28',
      '2038-04-25',
    ]);
  });

  it('splits the school year 2024 to 2025 into six half terms at the usual English dates', () => {
    expect(of('2024-09-01T00:00:00Z')).toEqual(['Autumn 1, 2024 to 2025', '2024-09-01', '2024-11-04']);
    // The October half-term week, 28 October to 1 November, still belongs to Autumn 1.
    expect(of('2024-10-31T10:00:00Z')).toEqual(['Autumn 1, 2024 to 2025', '2024-09-01', '2024-11-04']);
    expect(of('2024-11-04T08:00:00Z')).toEqual(['Autumn 2, 2024 to 2025', '2024-11-04', '2025-01-01']);
    expect(of('2025-01-01T00:00:00Z')).toEqual(['Spring 1, 2024 to 2025', '2025-01-01', '2025-02-24']);
    // February half term 17 to 21 February (the Monday nearest 14 February, a Friday, is the 17th).
    expect(of('2025-02-24T09:00:00Z')).toEqual(['Spring 2, 2024 to 2025', '2025-02-24', '2025-04-28']);
    // Easter Monday 21 April 2025; the summer term is taken to start the Monday after.
    expect(of('2025-05-01T09:00:00Z')).toEqual(['Summer 1, 2024 to 2025', '2025-04-28', '2025-06-02']);
    // The spring bank holiday is 26 May 2025; Summer 2 starts on 2 June and runs to the end of August.
    expect(of('2025-08-31T23:59:59Z')).toEqual(['Summer 2, 2024 to 2025', '2025-06-02', '2025-09-01']);
    expect(of('2025-09-01T00:00:00Z')[0]).toBe('Autumn 1, 2025 to 2026');
  });

  it('puts every day of a school year in exactly one half term, the terms one after another', () => {
    let last = halfTermOf(day('2026-09-01'));
    let changes = 0;
    for (let t = day('2026-09-01'); t < day('2027-09-01'); t += 86_400_000) {
      const here = halfTermOf(t + 43_200_000);
      expect(t).toBeGreaterThanOrEqual(here.startsAt);
      expect(t).toBeLessThan(here.endsAt);
      if (here.startsAt !== last.startsAt) {
        expect(here.startsAt).toBe(last.endsAt);
        changes++;
        last = here;
      }
    }
    expect(changes).toBe(5);
    expect(of('2026-12-06T01:00:00Z')).toEqual(['Autumn 2, 2026 to 2027', '2026-11-02', '2027-01-01']);
  });
});
