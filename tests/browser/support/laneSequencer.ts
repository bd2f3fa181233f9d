import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { fileInTimingLane } from './timingLane.ts';

/**
 * Where no earlier run on this machine says how long a file takes (a clean checkout, as in CI): the browser and
 * media files' seconds in a whole run of `npm test` on a two-core machine (fileTimes.json, by `project:path`; a
 * timing-lane file's is the time it held the lane), or else a guess by kind. Times from a whole run, not from each
 * file run alone: beside one another the files take longer, and not all by the same factor, and the plan made from
 * times of files run alone left the lane idle for up to 36 s at a time in a whole run.
 * Refreshed by hand from a whole run's `.tmp/test-timeline.txt` when files' lengths change much.
 */
const TYPICAL_FILE = 'tests/browser/support/fileTimes.json';
const GUESS_MS = { timed: 60_000, browser: 25_000, media: 10_000, other: 1_000 };

/**
 * The files of all projects in the order that keeps both workers busy. The pool hands the next file in the list
 * to whichever worker is free first; files in the timing lane (a camera clip, or a power cut) run one at a time
 * (timingLane.ts), so a worker given one while the other has one would only wait. The order is planned by
 * playing the pool forward with each file's time (the last run's, or a guess): a worker that comes free takes the
 * next timing-lane file if the lane is free then, and otherwise the longest of the rest; short unit files are
 * left for the end, where they even out the two workers' finishing times.
 */
export class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const typicalS: Record<string, number> = JSON.parse(
      readFileSync(join(this.ctx.config.root, TYPICAL_FILE), 'utf8'),
    );
    const planned = files.map((spec) => {
      const timed = fileInTimingLane(spec.project.name, spec.moduleId);
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const kind = timed
        ? 'timed'
        : spec.project.name === 'browser' || spec.project.name === 'media'
          ? spec.project.name
          : 'other';
      const typical = typicalS[key];
      const ms =
        cache.getFileTestResults(key)?.duration ||
        (typical ? typical * 1000 : GUESS_MS[kind as keyof typeof GUESS_MS]);
      return { spec, timed, ms };
    });
    return planLanes(planned).map((p) => p.spec);
  }
}

/** A file to order: whether it runs in the timing lane, and how long it is expected to take. */
export interface Planned {
  timed: boolean;
  ms: number;
}

/** The order for two workers, as `LaneSequencer` describes, played forward with each file's expected time. */
export function planLanes<T extends Planned>(files: readonly T[]): T[] {
  const longestFirst = (a: Planned, b: Planned) => b.ms - a.ms;
  const timed = files.filter((p) => p.timed).sort(longestFirst);
  const rest = files.filter((p) => !p.timed).sort(longestFirst);
  const freeAt: [number, number] = [0, 0];
  let laneFreeAt = 0;
  const out: T[] = [];
  while (timed.length > 0 || rest.length > 0) {
    const w = freeAt[0] <= freeAt[1] ? 0 : 1;
    const now = freeAt[w];
    const next = timed.length > 0 && (laneFreeAt <= now || rest.length === 0) ? timed.shift() : rest.shift();
    if (!next) break;
    const start = next.timed ? Math.max(now, laneFreeAt) : now;
    freeAt[w] = start + next.ms;
    if (next.timed) laneFreeAt = start + next.ms;
    out.push(next);
  }
  return out;
}
