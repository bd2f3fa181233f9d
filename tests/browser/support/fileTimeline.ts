import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { fileInTimingLane } from './timingLane.ts';

/**
 * Writes when each test file started and ended in the run (.tmp/test-timeline.txt), as seconds from the run's
 * start, with its project and whether it runs in the timing lane. The run's length is set by how the files fall
 * on the two workers and the one timing lane (laneSequencer.ts), which vitest's own summary does not show: this
 * is what the 15-minute budget is worked out from. A file only, so the console's summary stays as it was.
 */
export class FileTimeline implements Reporter {
  private root = process.cwd();
  private runStart = Date.now();
  private started = new Map<string, number>();
  private rows: { from: number; to: number; project: string; file: string; timed: boolean; state: string }[] =
    [];

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root;
  }

  onTestRunStart(): void {
    this.runStart = Date.now();
  }

  onTestModuleStart(module: TestModule): void {
    this.started.set(module.moduleId, Date.now());
  }

  onTestModuleEnd(module: TestModule): void {
    const from = this.started.get(module.moduleId) ?? this.runStart;
    const project = module.project.name;
    let timed = false;
    try {
      timed = fileInTimingLane(project, module.moduleId);
    } catch {
      // A file gone since it ran is only left unmarked.
    }
    this.rows.push({
      from: (from - this.runStart) / 1000,
      to: (Date.now() - this.runStart) / 1000,
      project,
      file: relative(this.root, module.moduleId),
      timed,
      state: module.state(),
    });
  }

  onTestRunEnd(): void {
    const rows = [...this.rows].sort((a, b) => a.from - b.from);
    const lane = rows.filter((r) => r.timed).reduce((s, r) => s + (r.to - r.from), 0);
    const lines = rows.map(
      (r) =>
        `${r.from.toFixed(1).padStart(7)} ${r.to.toFixed(1).padStart(7)} ${(r.to - r.from).toFixed(1).padStart(6)}  ${r.timed ? 'lane' : '    '}  ${r.project.padEnd(7)} ${r.file}${r.state === 'passed' ? '' : `  (${r.state})`}`,
    );
    const out = join(this.root, '.tmp');
    mkdirSync(out, { recursive: true });
    writeFileSync(
      join(out, 'test-timeline.txt'),
      [
        `# from s, to s, length s, timing lane, project, file; run ${((Date.now() - this.runStart) / 1000).toFixed(1)} s, timing-lane files ${lane.toFixed(1)} s`,
        ...lines,
        '',
      ].join('\n'),
    );
  }
}
