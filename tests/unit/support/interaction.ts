import type { LogEvent, Party } from '../../../src/core/events.ts';
import { move, response, tag, touch, voice } from './timeline.ts';

/**
 * A made-up session of Intensive Interaction, `minutes` long: the learner and the practitioner take turns on
 * any channel with answers quick and slow, long pauses now and then, the odd overlap, Attune's responses, noise
 * nobody owns, and a few tags. Seeded, so a test or a benchmark gets the same session every time. Plain data, no
 * Node: the browser benchmark's page generates with it too.
 */
export function interactionEvents(rand: () => number, minutes: number): LogEvent[] {
  const events: LogEvent[] = [];
  const endS = minutes * 60;
  let party: 'learner' | 'practitioner' = rand() < 0.5 ? 'learner' : 'practitioner';
  let t = 1 + rand() * 5;
  while (t < endS) {
    const length = 0.3 + rand() * 2.5;
    const end = Math.min(endS, t + length);
    const channel = rand();
    if (channel < 0.55) events.push(voice(party, t, end));
    else if (channel < 0.85) events.push(move(party, t, end));
    else events.push(touch(party, t, end));
    // A second segment in the same turn, sometimes.
    if (rand() < 0.2 && end + 0.5 < endS) events.push(voice(party, end + 0.2, end + 0.5));
    if (party === 'learner' && rand() < 0.5) events.push(response(end + 0.3, end + 1.5));
    if (rand() < 0.05) events.push(voice(pick(rand, ['unknown', 'unknown', 'system']), t + 0.1, end));
    if (rand() < 0.03)
      events.push(tag(end, pick(rand, ['fundamental:turn-taking', 'best-moment', 'eye-contact'])));
    // Usually the other person answers; sometimes the same person goes on after a pause, or nobody for a while.
    const r = rand();
    const gap = r < 0.6 ? rand() * 3 : r < 0.8 ? 3 + rand() * 4 : r < 0.9 ? -rand() * 0.8 : 8 + rand() * 40;
    if (rand() < 0.8) party = party === 'learner' ? 'practitioner' : 'learner';
    t = Math.max(t + 0.1, end + gap);
  }
  return events;
}

function pick<T extends Party | string>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)] as T;
}
