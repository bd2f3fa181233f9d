import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One test file at a time whose checks need the machine's attention on time, across the files that run side by
 * side: every file with a camera clip (a camera session runs the vision models and the stage at full rate, and
 * the tests of the stage, the bursts and the flashes need the frames to keep coming; two on a two-core machine
 * starve each other), and files that take it themselves (`takeTimingLane()` in a `beforeAll`: the power-cut test,
 * whose writer must keep up within a second). Other files run beside one freely.
 *
 * A file takes the lane with its first camera browser and keeps it to its end (laneRelease.ts gives it back):
 * given back between two browsers of one file, it went to another camera file, and the first file's second half
 * waited for all of that one.
 *
 * The lane is a directory (mkdir is atomic across processes) named for this run (globalSetup sets
 * ATTUNE_RUN_ID), holding the pid of the process that has it, so a worker that died with it is seen and passed
 * over.
 */
const POLL_MS = 250;
let holding = false;

function laneDir(): string {
  return join(tmpdir(), `attune-timing-lane-${process.env.ATTUNE_RUN_ID ?? 'solo'}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function tryTake(dir: string): boolean {
  try {
    mkdirSync(dir);
    writeFileSync(join(dir, 'pid'), String(process.pid));
    return true;
  } catch {
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(dir, 'pid'), 'utf8'));
    } catch {
      // Just made by another process that has not written its pid yet: it is alive.
      return false;
    }
    if (Number.isFinite(owner) && !alive(owner)) rmSync(dir, { recursive: true, force: true });
    return false;
  }
}

/** Waits for the timing lane, unless this file has it already. */
export async function takeTimingLane(): Promise<void> {
  if (holding) return;
  const dir = laneDir();
  while (!tryTake(dir)) await new Promise((r) => setTimeout(r, POLL_MS));
  holding = true;
}

/** Gives the timing lane back, if this file has it (at the file's end). */
export function giveTimingLane(): void {
  if (!holding) return;
  holding = false;
  rmSync(laneDir(), { recursive: true, force: true });
}

/**
 * Whether a test file runs in the timing lane: it opens a camera clip (`launch({ video })`, written out or as the
 * shorthand `{ video, ... }`) or takes the lane. Only `video:` was looked for once, and session.test.ts (whose
 * launch has the shorthand) was planned as a file that runs beside a camera file, where it only waited.
 */
export function usesTimingLane(source: string): boolean {
  return /\blaunch\(\{[^}]*\bvideo\b|\btakeTimingLane\(/.test(source);
}

/** Whether a file of a vitest project runs in the timing lane: only browser files do, as `usesTimingLane` reads them. */
export function fileInTimingLane(project: string, path: string): boolean {
  return project === 'browser' && usesTimingLane(readFileSync(path, 'utf8'));
}
