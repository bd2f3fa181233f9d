import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { SCENE_CATALOGUE } from '../src/stage/scenes/catalogue.ts';
import { startApp } from '../tests/browser/support/appServer.ts';
import { DEFAULT_VIEWPORT, launch, openApp, waitFor } from '../tests/browser/support/browser.ts';
import { makeMicFile } from '../tests/browser/support/media.ts';
import { enterStaffPin } from '../tests/browser/support/staff.ts';
import { wavingClip } from '../tests/browser/support/visionClips.ts';

/**
 * `npm run screenshots`: the three faces of Attune and each scene, for the README, from a real session with the
 * fake camera (a person waving, still between waves: the raw clip looped jumps at its seam, and the whole picture
 * then moves) and microphone (generated vocalisations).
 */
/**
 * How long into a wave the pictures are taken: the clip's wave starts with a jump from its last frame to its first,
 * which lights the whole picture's movement grid for a moment; the hand is still waving 1.3 s in.
 */
const WAVE_SHOT_MS = 1300;

// ATTUNE_URL takes the pictures from a development server already running (its first compile done), which on a
// loaded machine saves minutes; otherwise one is started here.
const app = process.env.ATTUNE_URL ? null : await startApp();
const url = process.env.ATTUNE_URL ?? app?.url ?? '';
const s = await launch({
  video: wavingClip().path,
  audio: makeMicFile().path,
  // The pictures in docs/ are of a whiteboard-sized window, not the tests' smaller camera window.
  viewport: DEFAULT_VIEWPORT,
});
mkdirSync('docs', { recursive: true });
try {
  const { page } = s;
  // A busy shared machine can take longer than an action's usual 30 s.
  page.setDefaultTimeout(120_000);
  await openApp(page, url);
  await page.getByLabel('New learner (pseudonym)').fill('Robin');
  await page.getByRole('button', { name: 'Add learner' }).click();
  await waitFor(
    () => page.evaluate(() => window.attuneDiagnostics?.poseCount() ?? 0),
    (n) => n > 0,
    'pose',
    60_000,
  );
  // The learner tapped in the preview, as staff do first: the yellow box, and the panel saying so.
  await page.getByRole('img', { name: /Camera preview/ }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: 'docs/panel.png' });
  await page.getByRole('button', { name: 'Start session' }).click();
  // A moment with a voice blooming and the hands' trails on screen.
  await aVocalisation(page);
  await aWave(page);
  await page.waitForTimeout(WAVE_SHOT_MS);
  await page.screenshot({ path: 'docs/stage.png' });
  for (const scene of SCENE_CATALOGUE) await sceneShot(page, scene);
  await page.waitForTimeout(2000);
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('button', { name: 'Review sessions' }).click();
  await enterStaffPin(page);
  await page.getByRole('table', { name: 'Sessions' }).getByRole('row').nth(1).waitFor();
  await page.screenshot({ path: 'docs/review.png' });
  console.log(
    `wrote docs/panel.png, docs/stage.png, docs/review.png, ${SCENE_CATALOGUE.map((c) => `docs/scene-${c.id}.png`).join(', ')}`,
  );
} finally {
  await s.close();
  await app?.close();
}

/**
 * One scene, chosen under "Scene" as a practitioner does mid-session, caught well into a wave after a
 * vocalisation (Echo: once Attune's answer is drawn beside it).
 */
async function sceneShot(page: Page, scene: (typeof SCENE_CATALOGUE)[number]): Promise<void> {
  // Hotkeys are pressed with nothing focused: a key typed into a focused select would choose an option.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await page.getByLabel('Scene', { exact: true }).selectOption({ label: scene.label });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('p');
  await page.getByRole('dialog', { name: 'Practitioner panel' }).waitFor({ state: 'hidden' });
  await page.waitForTimeout(1500);
  await aVocalisation(page);
  // Echo draws Attune's answer beside the voice once the vocalisation has ended.
  if (scene.id === 'echo') await page.waitForTimeout(1500);
  await aWave(page);
  await page.waitForTimeout(WAVE_SHOT_MS);
  await page.screenshot({ path: `docs/scene-${scene.id}.png` });
}

/** Waits for the person to be waving (motion over the threshold), so that the picture shows the scene answer it. */
async function aWave(page: Page): Promise<void> {
  await waitFor(
    () => page.evaluate(() => window.attuneDiagnostics?.motionRatio() ?? 0),
    (m) => m > 1.5,
    'a wave',
    30_000,
  ).catch(() => console.log('no wave seen in 30 s: the picture is taken without one'));
}

/**
 * Waits for a vocalisation to bloom, for a picture with a voice in it; on a machine too loaded to play the
 * fake microphone in time, the picture is taken without one rather than not at all.
 */
async function aVocalisation(page: Page): Promise<void> {
  await waitFor(
    () => page.evaluate(() => window.attuneDiagnostics?.levelDbfs() ?? -120),
    (l) => l > -35,
    'a vocalisation',
    30_000,
  ).catch(() => console.log('no vocalisation heard in 30 s: the picture is taken without one'));
}
