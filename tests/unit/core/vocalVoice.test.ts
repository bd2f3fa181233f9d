import { describe, expect, it } from 'vitest';
import { FEATURE_VERSION, type VoiceFeature } from '../../../src/core/audio/whoseVoice.ts';
import { type LogEvent, migrateEvent, SCHEMA_VERSION, type VocalEvent } from '../../../src/core/events.ts';
import { makeExport, parseExport, toJson } from '../../../src/core/exportFormat.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';

/**
 * Schema 3: a vocal event keeps its segment's voice feature on this computer, and never in an export. Schema 4: it
 * says how much of its audio never came (a busy computer), which does travel with it.
 */

const feature: VoiceFeature = {
  v: FEATURE_VERSION,
  frames: 80,
  pitched: 60,
  f0: [8.1, 8.4, 8.7],
  cep: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  cepSd: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
};

const vocal = (over: Partial<VocalEvent> = {}): VocalEvent => ({
  kind: 'vocal',
  party: 'unknown',
  startMs: 1000,
  endMs: 1800,
  peakDbfs: -20,
  pitchHz: 330,
  confidence: 0.4,
  ...over,
});

function exported(events: LogEvent[], schemaVersion = SCHEMA_VERSION) {
  return makeExport(
    { id: 'L1', pseudonym: 'Kit', createdAt: 0 },
    [
      {
        meta: {
          id: 's1',
          learnerId: 'L1',
          startedAt: 0,
          endedAt: 10_000,
          status: 'ended',
          schemaVersion,
          turnParams: { ...DEFAULT_TURN_PARAMS },
        },
        events,
      },
    ],
    0,
  );
}

describe('vocal events of schema 3', () => {
  it('brings a schema 2 vocal event up unchanged: it has no voice feature, so it cannot be attributed again', () => {
    const old = vocal();
    expect(SCHEMA_VERSION).toBe(4);
    expect(migrateEvent(old, 3)).toEqual(old);
    expect(migrateEvent(old, 2)).toEqual(old);
    expect(migrateEvent(old, 1)).toEqual(old);
    const parsed = parseExport(toJson(exported([old], 2)));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data.sessions[0]?.events[0]).toEqual(old);
  });

  it('leaves the voice feature out of an export, and keeps everything else of the event', () => {
    const withVoice = vocal({ voice: feature, party: 'learner', confidence: 0.93 });
    const data = exported([withVoice]);
    const text = toJson(data);
    expect(text).not.toContain('"voice"');
    expect(text).not.toContain('cepSd');
    const parsed = parseExport(text);
    expect(parsed.ok).toBe(true);
    const { voice: _left, ...rest } = withVoice;
    if (parsed.ok) expect(parsed.data.sessions[0]?.events[0]).toEqual(rest);
  });

  it('drops a voice feature smuggled into an imported file', () => {
    const data = JSON.parse(toJson(exported([vocal()])));
    data.sessions[0].events[0].voice = feature;
    const parsed = parseExport(JSON.stringify(data));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.data.sessions[0]?.events[0]).toEqual(vocal());
  });

  it('keeps the audio a vocalisation lost through an export, and refuses a file whose figure for it is not one', () => {
    const lost = vocal({ missingAudioMs: 213.3 });
    const parsed = parseExport(toJson(exported([lost, vocal({ startMs: 4000, endMs: 4500 })])));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.data.sessions[0]?.events[0]).toEqual(lost);
      expect(parsed.data.sessions[0]?.events[1]).not.toHaveProperty('missingAudioMs');
    }
    for (const bad of [-5, '213', null]) {
      const text = toJson(exported([lost])).replace(
        '"missingAudioMs":213.3',
        `"missingAudioMs":${JSON.stringify(bad)}`,
      );
      expect(text).toContain('missingAudioMs');
      const refused = parseExport(text);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.message).toContain('missingAudioMs');
    }
  });
});
