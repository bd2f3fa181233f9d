import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import {
  IMPORT_LIMITS,
  importSizeProblem,
  makeExport,
  parseExport,
  toJson,
} from '../../../src/core/exportFormat.ts';
import type { Learner, SessionMeta } from '../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { move, prng, response, tag, touch, voice } from '../support/timeline.ts';

const learner: Learner = { id: 'L1', pseudonym: 'Robin', createdAt: Date.UTC(2025, 8, 1) };
const meta = (id: string): SessionMeta => ({
  id,
  learnerId: 'L1',
  startedAt: Date.UTC(2026, 0, 12, 9, 30),
  endedAt: Date.UTC(2026, 0, 12, 9, 50),
  status: 'ended',
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
});
const events = [
  voice('learner', 0, 1),
  move('practitioner', 2.5, 3),
  touch('learner', 3.2, 3.4),
  response(3, 4),
  tag(5, 'best-moment', 'a long look'),
];
const valid = toJson(makeExport(learner, [{ meta: meta('s1'), events }], Date.UTC(2026, 0, 13)));

/** Parses and checks the answer's shape: an export, or one line of words. Never a throw. */
function answer(text: string): 'ok' | 'refused' {
  const r = parseExport(text);
  if (r.ok) return 'ok';
  expect(r.message.length).toBeGreaterThan(10);
  expect(r.message).not.toMatch(/\n/);
  return 'refused';
}

describe('imports beyond what Attune accepts are refused in words', () => {
  it('refuses a file over the size limit by its size, before reading it', () => {
    const problem = importSizeProblem(200 * 1024 * 1024);
    expect(problem).toMatch(/^This file is 200 MB; Attune imports files up to 100 MB\./);
    expect(importSizeProblem(valid.length)).toBeNull();
  });

  it('refuses too many sessions, too many events and over-long texts', () => {
    const root = JSON.parse(valid) as { sessions: unknown[]; learner: { pseudonym: string } };
    const many = { ...root, sessions: Array.from({ length: IMPORT_LIMITS.sessions + 1 }, () => ({})) };
    expect(parseExport(JSON.stringify(many))).toMatchObject({ ok: false, message: /5001 sessions/ });
    const session = root.sessions[0] as { events: unknown[] };
    const crowded = {
      ...root,
      sessions: [{ ...session, events: new Array(IMPORT_LIMITS.eventsPerSession + 1).fill(null) }],
    };
    expect(parseExport(JSON.stringify(crowded))).toMatchObject({ ok: false, message: /500001 events/ });
    const wordy = {
      ...root,
      learner: { ...root.learner, pseudonym: 'x'.repeat(IMPORT_LIMITS.textChars + 1) },
    };
    expect(parseExport(JSON.stringify(wordy))).toMatchObject({ ok: false, message: /5001 characters/ });
  });
});

describe('fuzzing the import parser: damaged files never crash it', () => {
  it('reads the valid file', () => {
    expect(answer(valid)).toBe('ok');
  });

  it('answers cut, flipped and spliced files with an import or a one-line refusal', () => {
    const r = prng(7);
    const counts = { ok: 0, refused: 0 };
    for (let k = 0; k < 3000; k++) {
      let text = valid;
      const how = Math.floor(r() * 4);
      if (how === 0) text = text.slice(0, Math.floor(r() * text.length));
      else if (how === 1) {
        const chars = [...text];
        for (let f = 0; f < 1 + Math.floor(r() * 4); f++)
          chars[Math.floor(r() * chars.length)] = String.fromCharCode(32 + Math.floor(r() * 95));
        text = chars.join('');
      } else if (how === 2) {
        // A value swapped for another type: numbers, text, null, a list, a huge or negative number.
        const swaps = ['null', '"x"', '[]', '{}', '1e309', '-1', 'true', `"${'y'.repeat(50)}"`];
        text = text.replace(/: ([^,\n{}[\]]+)/g, (m, _v: string) =>
          r() < 0.08 ? `: ${swaps[Math.floor(r() * swaps.length)]}` : m,
        );
      } else {
        const at = Math.floor(r() * text.length);
        text = text.slice(0, at) + text.slice(Math.floor(r() * text.length));
      }
      counts[answer(text)]++;
    }
    expect(counts.refused).toBeGreaterThan(1000);
    expect(counts.ok).toBeGreaterThan(10);
  });

  it('answers random text with a refusal', () => {
    const r = prng(8);
    for (let k = 0; k < 500; k++) {
      const text = Array.from({ length: Math.floor(r() * 300) }, () =>
        String.fromCharCode(Math.floor(r() * 0x3000)),
      ).join('');
      expect(answer(text)).toBe('refused');
    }
  });
});
