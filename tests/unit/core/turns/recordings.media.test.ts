import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ensureVoiceFixtures } from '../../../../scripts/make-voice-fixtures.ts';
import { analyseSamples } from '../../../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../../../src/core/audio/wav.ts';
import type { Party, VocalEvent } from '../../../../src/core/events.ts';
import { DEFAULT_TURN_PARAMS } from '../../../../src/core/turns/params.ts';
import { analyseTurns, TurnTracker } from '../../../../src/core/turns/tracker.ts';

/**
 * Live and batch turn-taking agree on the generated recordings: the segments the voice analyser finds in each
 * recording, labelled with the party of the true segment they overlap most (this test is about turns, not
 * whose voice), fed live in the order they become final (at their end), against one batch analysis.
 */
describe('turn-taking on the generated recordings', () => {
  const fixtures = ensureVoiceFixtures();

  for (const f of fixtures) {
    it(`gives the same turns live and in batch: ${f.name}`, () => {
      const wav = decodeWav(new Uint8Array(readFileSync(f.wavPath)));
      const { segments } = analyseSamples(wav.samples, wav.sampleRate);
      const events: VocalEvent[] = segments.map((s) => {
        let party: Party = 'unknown';
        let best = 0;
        for (const t of f.truth.segments) {
          const overlap = Math.min(s.endMs, t.endMs) - Math.max(s.startMs, t.startMs);
          if (overlap > best) {
            best = overlap;
            party = t.party;
          }
        }
        return {
          kind: 'vocal',
          party,
          startMs: s.startMs,
          endMs: s.endMs,
          peakDbfs: s.peakDbfs,
          pitchHz: s.pitchHz,
          confidence: 1,
        };
      });
      const batch = analyseTurns(events, DEFAULT_TURN_PARAMS);
      const live = new TurnTracker(DEFAULT_TURN_PARAMS);
      for (const e of [...events].sort((a, b) => a.endMs - b.endMs)) {
        live.add(e);
        live.snapshot(e.endMs);
      }
      const result = live.result();
      expect(result).toEqual(batch);
      expect(batch.turns.length).toBeGreaterThan(2);
      expect(
        batch.turns.some((t) => t.party === 'learner') && batch.turns.some((t) => t.party === 'practitioner'),
      ).toBe(true);
    });
  }
});
