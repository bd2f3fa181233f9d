/**
 * UK school half terms, for the printable report's default period. Each local authority (and each academy) sets
 * its own term dates, so these are worked out from the date by the pattern most schools in England follow, and
 * staff change the report's dates when their school's differ:
 *
 * - Autumn 1 starts on 1 September.
 * - Autumn 2 starts on the Monday after the October half-term week, the week beginning the last Monday of October.
 * - Spring 1 starts on 1 January.
 * - Spring 2 starts on the Monday after the February half-term week, the week beginning the Monday nearest
 *   14 February.
 * - Summer 1 starts on the Monday after Easter Monday (Easter by the Gregorian computus; the Easter holiday moves
 *   with it, give or take a week).
 * - Summer 2 starts on the Monday after the late-May half-term week, the week of the last Monday of May (the
 *   spring bank holiday).
 *
 * A half term runs from its start to the day before the next one starts, so the holiday after it belongs to it
 * and every day of the year is in exactly one half term. Days are UTC calendar days, as review's weeks are.
 */

const DAY = 86_400_000;

export interface HalfTerm {
  /** e.g. "Autumn 2, 2026 to 2027". */
  name: string;
  /** Epoch ms of the first day's start (UTC). */
  startsAt: number;
  /** Epoch ms of the day after the last day (UTC): the period is [startsAt, endsAt). */
  endsAt: number;
}

/** Easter Sunday of a year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher), as epoch ms UTC. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day);
}

/** The last Monday of a month (0-based month). */
function lastMonday(year: number, month: number): number {
  const last = Date.UTC(year, month + 1, 0);
  return last - ((new Date(last).getUTCDay() + 6) % 7) * DAY;
}

/** The Monday nearest a day (a Friday goes forward, a Tuesday back). */
function nearestMonday(day: number): number {
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return sinceMonday <= 3 ? day - sinceMonday * DAY : day + (7 - sinceMonday) * DAY;
}

/** The six half-term starts of the school year that begins in September of `year`, then the next year's first. */
function starts(year: number): { name: string; at: number }[] {
  const next = year + 1;
  return [
    { name: 'Autumn 1', at: Date.UTC(year, 8, 1) },
    { name: 'Autumn 2', at: lastMonday(year, 9) + 7 * DAY },
    { name: 'Spring 1', at: Date.UTC(next, 0, 1) },
    { name: 'Spring 2', at: nearestMonday(Date.UTC(next, 1, 14)) + 7 * DAY },
    { name: 'Summer 1', at: easterSunday(next) + 8 * DAY },
    { name: 'Summer 2', at: lastMonday(next, 4) + 7 * DAY },
    { name: 'Autumn 1', at: Date.UTC(next, 8, 1) },
  ];
}

/** The half term a moment falls in. */
export function halfTermOf(epochMs: number): HalfTerm {
  const d = new Date(epochMs);
  // The school year that began in the last September on or before this day.
  const year = d.getUTCMonth() >= 8 ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  const list = starts(year);
  for (let i = list.length - 2; i >= 0; i--) {
    const s = list[i];
    const end = list[i + 1];
    if (s && end && epochMs >= s.at) {
      return { name: `${s.name}, ${year} to ${year + 1}`, startsAt: s.at, endsAt: end.at };
    }
  }
  // Unreachable: 1 September of `year` is on or before the day by the choice of `year`.
  throw new Error('no half term');
}
