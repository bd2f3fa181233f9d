import type { Comparison } from './learnerProgress.ts';
import type { LearnerReport } from './learnerReport.ts';

/**
 * The report's first page: the period in plain words a family can read. No jargon (no "exchanges",
 * "initiations" or "Fundamentals"), no grades, no levels: what happened, how it compares with the learner's own
 * first sessions, what was seen for the first time, and the best moments staff wrote. A fall is said as plainly
 * as a rise, and the page says that the figures go up and down and are read beside what staff see.
 */

/** Each Fundamental of Communication as a family would say it. */
const FAMILY_WORDS: Record<string, string> = {
  'fundamental:enjoying': 'enjoying being with another person',
  'fundamental:attending': 'paying attention to another person',
  'fundamental:concentration': 'concentrating for longer',
  'fundamental:sequences': 'joining in a run of activity together',
  'fundamental:turn-taking': 'taking turns',
  'fundamental:personal-space': 'being close to another person',
  'fundamental:arousal': 'settling, or getting going, in the moment',
  'fundamental:eye-contact': 'looking at the adult’s face',
  'fundamental:facial-expressions': 'using facial expressions',
  'fundamental:vocalising': 'using their voice',
};

/** Each charted figure's trend in family words, by direction. */
const TREND_WORDS: Record<string, Record<Comparison['direction'], string>> = {
  exchangesPerMin: {
    higher: 'took turns back and forth more often',
    lower: 'took turns back and forth less often',
    'about the same': 'took turns back and forth about as often',
  },
  longestTurns: {
    higher: 'kept going for longer runs of turns',
    lower: 'kept going for shorter runs of turns',
    'about the same': 'kept going for runs of turns about as long',
  },
  initiations: {
    higher: 'started the back-and-forth themselves more often',
    lower: 'started the back-and-forth themselves less often',
    'about the same': 'started the back-and-forth themselves about as often',
  },
};

const MOMENTS_SHOWN = 3;

export const dayMonth = (ms: number): string =>
  new Date(ms).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
export const dayMonthYear = (ms: number): string =>
  new Date(ms).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export interface FamilySummary {
  heading: string;
  paragraphs: string[];
  /** The best moments staff wrote, newest first, with their dates. */
  moments: { date: string; text: string }[];
  /** The goals staff are working on, as they wrote them. */
  goals: string[];
}

export function familySummary(
  name: string,
  report: LearnerReport,
  goals: readonly string[] = [],
): FamilySummary {
  const { period, sessions } = report;
  const span = `between ${dayMonth(period.from)} and ${dayMonthYear(period.to - 1)}`;
  const heading = `${name}: Intensive Interaction ${span}`;
  const about =
    `Intensive Interaction is time together on ${name}’s own terms: an adult joins in with ${name}’s sounds, ` +
    'movements and expressions, and they take turns back and forth. Attune is the program the school uses in ' +
    'these sessions: it answers with light and sound, and counts from the camera and microphone what happened. ' +
    'It keeps no video and no sound recording.';
  if (sessions.length === 0) {
    return {
      heading,
      paragraphs: [`${name} had no sessions with Attune ${span}.`, about],
      moments: [],
      goals: [...goals],
    };
  }
  const minutes = Math.round(report.minutes);
  const paragraphs = [
    `${name} had ${sessions.length === 1 ? 'one session' : `${sessions.length} sessions`} ${span}, ` +
      `${minutes === 1 ? 'one minute' : `${minutes} minutes`} in all.`,
    about,
  ];
  const turns = sessions.reduce((a, s) => a + s.summary.exchanges.total, 0);
  const longest = Math.max(...sessions.map((s) => s.summary.sequences.longestTurns));
  const started = sessions.reduce((a, s) => a + s.summary.initiations, 0);
  paragraphs.push(
    `In these sessions ${name} and an adult took turns back and forth ${times(turns)} in all` +
      (longest > 1 ? `; the longest run was ${longest} turns in a row` : '') +
      `. ${name} started the back-and-forth ${times(started)}.`,
  );
  const compared = report.trends.flatMap((t) =>
    t.comparison ? [TREND_WORDS[t.id]?.[t.comparison.direction] ?? ''] : [],
  );
  if (compared.length > 0) {
    paragraphs.push(
      `Compared with ${name}’s first sessions with Attune, in the latest sessions ${name} ${list(compared)}. ` +
        'Every child’s sessions go up and down from week to week; staff read these counts beside what they see.',
    );
  }
  const firstWords = report.firsts.map(
    (f) => `${FAMILY_WORDS[f.id] ?? f.label.toLowerCase()} (${dayMonth(f.startedAt)})`,
  );
  if (firstWords.length > 0) {
    paragraphs.push(`For the first time with Attune, staff or Attune noticed ${name} ${list(firstWords)}.`);
  }
  const moments = report.highlights
    .filter((x) => x.best)
    .slice(-MOMENTS_SHOWN)
    .reverse()
    .map((x) => ({ date: dayMonth(x.startedAt), text: x.best }));
  paragraphs.push(
    'These are counts of what happened, not a test, a score or a level: each child goes at their own pace.',
  );
  return { heading, paragraphs, moments, goals: [...goals] };
}
