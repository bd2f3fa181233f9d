import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { usesTimingLane } from './timingLane.ts';

/**
 * The browser files in an order that keeps both workers busy: files in the timing lane (a camera clip, or a
 * power cut) run one at a time (timingLane.ts), so they are spread evenly through the list, each followed by its share of the
 * others, rather than queued together where the second worker would wait on the lane. Within each kind the
 * usual order holds (failed first, then longest by the last run's times, then largest).
 */
export class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const timed = sorted.filter((f) => usesTimingLane(readFileSync(f.moduleId, 'utf8')));
    const others = sorted.filter((f) => !timed.includes(f));
    const out: TestSpecification[] = [];
    const perTimed = others.length / Math.max(1, timed.length);
    let taken = 0;
    timed.forEach((c, i) => {
      out.push(c);
      const upTo = Math.round((i + 1) * perTimed);
      while (taken < upTo) out.push(others[taken++] as TestSpecification);
    });
    while (taken < others.length) out.push(others[taken++] as TestSpecification);
    return out;
  }
}
