import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { usesCameraClip } from './cameraLane.ts';

/**
 * The browser files in an order that keeps both workers busy: files with a camera clip take the camera lane one
 * at a time (cameraLane.ts), so they are spread evenly through the list, each followed by its share of the
 * others, rather than queued together where the second worker would wait on the lane. Within each kind the
 * usual order holds (failed first, then longest by the last run's times, then largest).
 */
export class LaneSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const camera = sorted.filter((f) => usesCameraClip(readFileSync(f.moduleId, 'utf8')));
    const others = sorted.filter((f) => !camera.includes(f));
    const out: TestSpecification[] = [];
    const perCamera = others.length / Math.max(1, camera.length);
    let taken = 0;
    camera.forEach((c, i) => {
      out.push(c);
      const upTo = Math.round((i + 1) * perCamera);
      while (taken < upTo) out.push(others[taken++] as TestSpecification);
    });
    while (taken < others.length) out.push(others[taken++] as TestSpecification);
    return out;
  }
}
