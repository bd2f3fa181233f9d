import { existsSync } from 'node:fs';
import { runLogBench } from './bench/logBench.ts';
import { runReviewBench } from './bench/reviewBench.ts';
import { runStageBench } from './bench/stageBench.ts';
import { runVisionBench } from './bench/visionBench.ts';

/**
 * `npm run bench`: prints figures, never passes or fails. Each part is measured against a reference taken
 * in the same run, because this machine is shared and its speed moves.
 */
const only = process.argv[2];
// The soak runs only when asked for by name: it takes half an hour.
if (only === 'soak') {
  const { runSoakBench } = await import('./bench/soakBench.ts');
  await runSoakBench(Number(process.argv[3]) || undefined);
}
if (!only || only === 'stage') await runStageBench();
if (!only || only === 'vision') await runVisionBench();
if (!only || only === 'log') await runLogBench();
if (!only || only === 'review') await runReviewBench();
if ((!only || only === 'audio') && existsSync(new URL('./bench-audio.ts', import.meta.url))) {
  const { runAudioBench } = (await import('./bench-audio.ts')) as { runAudioBench: () => Promise<void> };
  await runAudioBench();
}
