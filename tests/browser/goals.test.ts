import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LogEvent, SCHEMA_VERSION, TURN_TAG } from '../../src/core/events.ts';
import { type AttuneExport, makeExport, toJson } from '../../src/core/exportFormat.ts';
import { agreementWords, turnAgreement } from '../../src/core/review/agreement.ts';
import type { EngagementNote } from '../../src/core/review/engagement.ts';
import { evidenceOverTime, type GoalEdit, goalEvidence, overTimeWords } from '../../src/core/review/goals.ts';
import { reviewSession } from '../../src/core/review/sessionReview.ts';
import { DEFAULT_TURN_PARAMS } from '../../src/core/turns/params.ts';
import { tag, voice } from '../unit/support/timeline.ts';
import { axeProblems } from './support/axe.ts';
import { baseUrl, launch, openApp, type Session, waitFor } from './support/browser.ts';
import { review } from './support/review.ts';
import { enterStaffPin } from './support/staff.ts';

const DAY = 86_400_000;
const DURATION_MS = 60_000;
const NOW = Date.now();
const LEARNER = { id: 'learner-ash', pseudonym: 'Ash', createdAt: NOW - 90 * DAY };

/**
 * Ten alternating turns, learner first (one sequence of ten turns), each tagged by hand a second in, one tag
 * naming the wrong person; and the Turn-taking Fundamental tagged twice.
 */
const TAGGED: LogEvent[] = [
  ...Array.from({ length: 10 }, (_, i) =>
    voice(i % 2 === 0 ? 'learner' : 'practitioner', 0.5 + 4 * i, 1.5 + 4 * i),
  ),
  ...Array.from({ length: 10 }, (_, i) =>
    tag(1.5 + 4 * i, i % 2 === 0 || i === 5 ? TURN_TAG.learner : TURN_TAG.practitioner),
  ),
  tag(10, 'fundamental:turn-taking'),
  tag(30, 'fundamental:turn-taking'),
  { kind: 'attention', party: 'learner', target: 'person', startMs: 0, endMs: 12_000 },
];
/** An earlier, shorter session with three hand-tagged turns: too few to compare. */
const EARLIER: LogEvent[] = [
  voice('learner', 1, 2),
  voice('practitioner', 3, 4),
  tag(1.5, TURN_TAG.learner),
  tag(3.5, TURN_TAG.practitioner),
  tag(20, TURN_TAG.learner),
];

const metaOf = (id: string, daysAgo: number) => ({
  id,
  learnerId: LEARNER.id,
  startedAt: NOW - daysAgo * DAY,
  endedAt: NOW - daysAgo * DAY + DURATION_MS,
  status: 'ended' as const,
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
});
const SESSIONS = [
  { meta: metaOf('ash-earlier', 8), events: EARLIER },
  { meta: metaOf('ash-tagged', 1), events: TAGGED },
];

/** A goal and a judgement written on another computer, which come in with the learner's file. */
const IMPORTED_GOAL: GoalEdit = {
  id: 'save-1',
  goalId: 'goal-looks',
  learnerId: LEARNER.id,
  at: NOW - 20 * DAY,
  text: 'Looks at the practitioner',
  bearsOn: [{ kind: 'measure', id: 'attendingPersonSeconds' }],
  retired: false,
};
const IMPORTED_JUDGEMENT: EngagementNote = {
  id: 'judgement-1',
  learnerId: LEARNER.id,
  area: 'persistence',
  at: NOW - 10 * DAY,
  text: 'Stays with the drum game for a minute.',
};

const done = (page: Page) => review(page).locator('p.done').textContent();
const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Focuses a control and presses a key on it: everything here is done from the keyboard. */
async function press(target: Locator, key = 'Enter'): Promise<void> {
  await target.focus();
  await target.page().keyboard.press(key);
}

/** Each goal shown on the session page: its words, then each piece of evidence's name and value. */
function goalsShown(page: Page): Promise<string[][]> {
  return page
    .locator('section.session-goals li[data-goal]')
    .evaluateAll((items) =>
      items.map((li) => [
        li.querySelector('.goal-text')?.textContent ?? '',
        ...Array.from(
          li.querySelectorAll('dl > div'),
          (d) => `${d.querySelector('summary')?.textContent}: ${d.querySelector('dd')?.textContent}`,
        ),
      ]),
    );
}

async function openSession(page: Page, id: string): Promise<Locator> {
  const table = review(page).getByRole('table', { name: 'Sessions' });
  await press(table.locator(`tr[data-session="${id}"]`).getByRole('button', { name: 'Open session' }));
  const section = page.locator('section.session-page');
  await waitFor(
    async () => (await section.getAttribute('aria-busy')) === null && (await section.isVisible()),
    (ok) => ok,
    'the session page',
  );
  return section;
}

describe('goals, agreement and the Engagement Model page', () => {
  let session: Session;
  let page: Page;

  beforeAll(async () => {
    session = await launch({ noDevices: true });
    page = session.page;
    // A shared two-core machine under load can take longer than an action's usual 30 s.
    page.setDefaultTimeout(120_000);
    await openApp(page, baseUrl());
    await page.getByRole('button', { name: 'Review sessions' }).click();
    await enterStaffPin(page);
    const file = makeExport(LEARNER, SESSIONS, NOW, {
      goals: [IMPORTED_GOAL],
      engagement: [IMPORTED_JUDGEMENT],
    });
    await review(page)
      .getByLabel('Import file')
      .setInputFiles({ name: 'ash.json', mimeType: 'application/json', buffer: Buffer.from(toJson(file)) });
    await review(page).getByRole('button', { name: 'Import', exact: true }).click();
    await waitFor(
      async () => (await done(page)) ?? '',
      (t) => t.startsWith('Imported Ash'),
      'Ash imported',
    );
    await waitFor(
      () => review(page).getByRole('table', { name: 'Sessions' }).getByRole('row').count(),
      (n) => n === 3,
      'Ash’s sessions',
    );
  }, 600_000);

  afterAll(async () => {
    await session?.close();
  });

  it('writes, edits and retires goals from the keyboard; the imported goal is there', async () => {
    await press(review(page).getByRole('button', { name: 'Goals', exact: true }));
    const goalsPage = page.locator('section.goals-page');
    await waitFor(
      () => goalsPage.getAttribute('aria-busy'),
      (b) => b === null,
      'the goals page',
    );
    expect(await focused(page)).toBe('Goals: Ash');
    const inUse = goalsPage.locator('ul.goals').first().locator('li[data-goal] .goal-text');
    expect(await inUse.allTextContents()).toEqual(['Looks at the practitioner']);

    await goalsPage.getByLabel('The goal, in words').focus();
    await page.keyboard.type('Takes three turns in a vocal exchange');
    await press(goalsPage.getByLabel('Longest sequence (turns)'), 'Space');
    await press(goalsPage.getByLabel('Tag: Turn-taking'), 'Space');
    await press(goalsPage.getByRole('button', { name: 'Save goal' }));
    await waitFor(
      async () => (await done(page)) ?? '',
      (t) => t.startsWith('Goal saved'),
      'the goal saved',
    );
    expect(await inUse.allTextContents()).toEqual([
      'Looks at the practitioner',
      'Takes three turns in a vocal exchange',
    ]);
    expect(await goalsPage.getByLabel('The goal, in words').inputValue()).toBe('');

    // Edit the imported goal's words, then retire it: it is kept, under Retired goals.
    await press(
      goalsPage
        .getByRole('group', { name: 'Goal: Looks at the practitioner' })
        .getByRole('button', { name: 'Edit' }),
    );
    expect(await goalsPage.getByLabel('The goal, in words').inputValue()).toBe('Looks at the practitioner');
    await goalsPage.getByLabel('The goal, in words').fill('Looks at the practitioner’s face');
    await press(goalsPage.getByRole('button', { name: 'Save goal' }));
    await waitFor(
      () => inUse.allTextContents(),
      (t) => t[0] === 'Looks at the practitioner’s face',
      'the edit',
    );
    await press(
      goalsPage
        .getByRole('group', { name: 'Goal: Looks at the practitioner’s face' })
        .getByRole('button', { name: 'Retire' }),
    );
    await waitFor(
      () => inUse.allTextContents(),
      (t) => t.length === 1,
      'the goal retired',
    );
    expect(await goalsPage.locator('summary', { hasText: 'Retired goals' }).textContent()).toBe(
      'Retired goals (1)',
    );
    expect(await axeProblems(page)).toEqual([]);

    await press(goalsPage.getByRole('button', { name: 'Back to sessions' }));
    expect(await focused(page)).toBe('Goals');
  });

  it('shows each session’s evidence for the goals in use, and the agreement with hand-tagged turns', async () => {
    const section = await openSession(page, 'ash-tagged');
    const tagged = SESSIONS[1];
    if (!tagged) throw new Error('no session');
    const r = reviewSession(tagged.meta, tagged.events, []);
    const goal = {
      id: 'g',
      learnerId: LEARNER.id,
      text: 'Takes three turns in a vocal exchange',
      bearsOn: [
        { kind: 'measure', id: 'longestTurns' },
        { kind: 'tag', id: 'fundamental:turn-taking' },
      ] as GoalEdit['bearsOn'],
      retired: false,
      setAt: 0,
      editedAt: 0,
    };
    const expected = [goal.text, ...goalEvidence(goal, r).map((i) => `${i.label}: ${i.words}`)];
    await waitFor(
      () => goalsShown(page),
      (g) => g.length === 1,
      'the goals on the session page',
    );
    expect(await goalsShown(page)).toEqual([expected]);
    expect(expected).toEqual([
      goal.text,
      'Longest sequence (turns): 10',
      'Tag: Turn-taking: 2 times, at 0:10, 0:30',
    ]);

    const agreement = section.locator('section.agreement');
    const words = agreementWords(turnAgreement(tagged.events, DEFAULT_TURN_PARAMS));
    expect(await agreement.locator('dd').textContent()).toBe(words.value);
    expect(words.value).toBe(`kappa ${(211 / 230).toFixed(2)}`);
    expect(await agreement.locator('p.hint').textContent()).toBe(words.counts);
    const definition = agreement.getByText(/^Where you tagged turns by hand/);
    expect(await definition.isVisible()).toBe(false);
    await press(agreement.locator('summary'));
    expect(await definition.isVisible()).toBe(true);
    expect(await definition.textContent()).toContain('2-second bins');
    expect(await axeProblems(page)).toEqual([]);

    await press(section.getByRole('button', { name: 'Back to sessions' }));
    const earlier = await openSession(page, 'ash-earlier');
    await waitFor(
      () => earlier.locator('section.agreement dd').textContent(),
      (t) => t === 'not enough hand-tagged turns',
      'too few hand-tagged turns, in words',
    );
    await press(earlier.getByRole('button', { name: 'Back to sessions' }));
  });

  it('keeps dated judgements in each Engagement Model area beside Attune’s evidence, under the school’s own names', async () => {
    await press(review(page).getByRole('button', { name: 'Engagement Model' }));
    const em = page.locator('section.engagement-page');
    await waitFor(
      () => em.getAttribute('aria-busy'),
      (b) => b === null,
      'the Engagement Model page',
    );
    expect(await focused(page)).toBe('Engagement Model: Ash');
    expect(await em.locator('section.engagement-area h3').allTextContents()).toEqual([
      'Exploration',
      'Realisation',
      'Anticipation',
      'Persistence',
      'Initiation',
    ]);
    const persistence = em.locator('section[data-area="persistence"]');
    // Both sessions are inside the first period shown (the last six weeks).
    const sources = SESSIONS.map((s) => {
      const r = reviewSession(s.meta, s.events, []);
      return { sessionId: s.meta.id, startedAt: s.meta.startedAt, source: r };
    });
    const longest = overTimeWords(evidenceOverTime({ kind: 'measure', id: 'longestTurns' }, sources));
    expect(longest).toBe('in 2 sessions: from 2 to 10; first 2, latest 10');
    const evidence = await persistence
      .locator('dl > div')
      .evaluateAll((ds) =>
        ds.map((d) => `${d.querySelector('summary')?.textContent}: ${d.querySelector('dd')?.textContent}`),
      );
    expect(evidence).toContain(`Longest sequence (turns): ${longest}`);
    expect(await em.getByText(/^2 sessions from /).count()).toBe(1);

    const judgements = persistence.locator('ul.judgements li');
    expect(await judgements.allTextContents()).toEqual([expect.stringContaining('Stays with the drum game')]);
    await persistence.getByLabel('Your judgement, in your words').focus();
    await page.keyboard.type('Keeps a vocal game going for ten turns.');
    await press(persistence.getByRole('button', { name: 'Save judgement' }));
    await waitFor(
      () => judgements.count(),
      (n) => n === 2,
      'the judgement kept',
    );
    const newest = (await judgements.first().textContent()) ?? '';
    expect(newest).toContain('Keeps a vocal game going for ten turns.');
    expect(newest).toContain(
      new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }),
    );

    // The school names the first area its own way, on this computer.
    await press(em.locator('details.engagement-names summary'));
    await em.getByLabel('Our name for it').first().fill('Early reactions');
    await em.getByLabel('Our milestones or what we look for').first().fill('Notices a familiar voice');
    await press(em.getByRole('button', { name: 'Save names' }));
    expect(await em.locator('section[data-area="exploration"] h3').textContent()).toBe('Early reactions');
    expect(await em.getByText('What we look for: Notices a familiar voice').count()).toBe(1);
    expect(await axeProblems(page)).toEqual([]);
    await press(em.getByRole('button', { name: 'Use the Engagement Model’s own names' }));
    expect(await em.locator('section[data-area="exploration"] h3').textContent()).toBe('Exploration');

    // Kept in the log: the two goal saves, the edit and the retirement, and both judgements.
    const stored = await page.evaluate(
      () =>
        new Promise<number[]>((resolve, reject) => {
          const open = indexedDB.open('attune');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['goals', 'engagement'], 'readonly');
            const a = tx.objectStore('goals').count();
            const b = tx.objectStore('engagement').count();
            tx.oncomplete = () => {
              open.result.close();
              resolve([a.result, b.result]);
            };
          };
        }),
    );
    expect(stored).toEqual([4, 2]);
    await press(em.getByRole('button', { name: 'Back to sessions' }));
    expect(await focused(page)).toBe('Engagement Model');
  });

  it('carries the goals and judgements in the learner export and the backup', async () => {
    const download = page.waitForEvent('download');
    await press(review(page).getByRole('button', { name: 'Export learner' }));
    const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as AttuneExport;
    expect(exported.goals?.map((g) => g.text).sort()).toEqual([
      'Looks at the practitioner',
      'Looks at the practitioner’s face',
      'Looks at the practitioner’s face',
      'Takes three turns in a vocal exchange',
    ]);
    expect(exported.engagement?.map((n) => n.area)).toEqual(['persistence', 'persistence']);
    // The backup reads every store of the log.
    const saved = page.waitForEvent('download');
    await press(review(page).getByRole('button', { name: 'Back up everything' }));
    const backup = JSON.parse(readFileSync(await (await saved).path(), 'utf8')) as {
      stores: { name: string; records: unknown[] }[];
    };
    const backedUp = backup.stores
      .filter((s) => s.name === 'goals' || s.name === 'engagement')
      .map((s) => [s.name, s.records.length]);
    expect(backedUp).toEqual([
      ['engagement', 2],
      ['goals', 4],
    ]);
  });
});
