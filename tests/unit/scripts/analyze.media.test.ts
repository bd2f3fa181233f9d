import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureVoiceFixtures, type VoiceFixture } from '../../../scripts/make-voice-fixtures.ts';
import { scoreSegments } from '../../../src/core/audio/score.ts';
import { encodeWav } from '../../../src/core/audio/wav.ts';

const TMP = join(process.cwd(), '.tmp/analyze-test');
let fx: VoiceFixture;

function analyze(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'scripts/analyze.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  const all = ensureVoiceFixtures();
  const f = all.find((x) => x.name === 'synth-room45');
  if (!f) throw new Error('fixture missing');
  fx = f;
  mkdirSync(TMP, { recursive: true });
});

describe('scripts/analyze.ts', () => {
  it('prints segments, turns and a summary as JSON for a recording', () => {
    const out = JSON.parse(
      execFileSync('npx', ['tsx', 'scripts/analyze.ts', fx.wavPath], { encoding: 'utf8' }),
    );
    expect(out.durationMs).toBeCloseTo(fx.truth.durationMs, -1);
    expect(out.segments.length).toBeGreaterThan(10);
    for (const s of out.segments) {
      expect(s).toMatchObject({ party: 'unknown', channel: 'voice', confidence: 0 });
      expect(s.endMs).toBeGreaterThan(s.startMs);
    }
    expect(scoreSegments(fx.truth.segments, out.segments).f1).toBeGreaterThanOrEqual(0.98);
    expect(Array.isArray(out.turns)).toBe(true);
    expect(out.summary).toBeTypeOf('object');
  });

  it('gives the same segments for a 48 kHz stereo 24-bit copy of the recording', () => {
    // sox does the resampling, so this checks the reader and the rate-independence of the analyser together.
    const copy = join(TMP, 'rec-48k-stereo-24.wav');
    execFileSync('sox', [fx.wavPath, '-r', '48000', '-c', '2', '-b', '24', copy]);
    const out = JSON.parse(execFileSync('npx', ['tsx', 'scripts/analyze.ts', copy], { encoding: 'utf8' }));
    expect(scoreSegments(fx.truth.segments, out.segments).f1).toBeGreaterThanOrEqual(0.98);
  });

  it('labels parties when both voices are enrolled', () => {
    const dir = fx.wavPath.replace(/[^/]+$/, '');
    const out = JSON.parse(
      execFileSync(
        'npx',
        [
          'tsx',
          'scripts/analyze.ts',
          fx.wavPath,
          '--learner',
          dir + fx.truth.enrolment.learner,
          '--practitioner',
          dir + fx.truth.enrolment.practitioner,
        ],
        { encoding: 'utf8' },
      ),
    );
    const parties = new Set(out.segments.map((s: { party: string }) => s.party));
    expect(parties.has('learner') || parties.has('practitioner')).toBe(true);
  });

  it('with the practitioner sample alone, labels the learner too, and the learner sample keeps it right', () => {
    const dir = fx.wavPath.replace(/[^/]+$/, '');
    const practitioner = ['--practitioner', dir + fx.truth.enrolment.practitioner];
    for (const extra of [[], ['--learner', dir + fx.truth.enrolment.learner]]) {
      const out = JSON.parse(
        execFileSync('npx', ['tsx', 'scripts/analyze.ts', fx.wavPath, ...practitioner, ...extra], {
          encoding: 'utf8',
        }),
      );
      let right = 0;
      let matched = 0;
      for (const t of fx.truth.segments) {
        const s = out.segments.find(
          (x: { startMs: number; endMs: number }) => x.startMs < t.endMs && x.endMs > t.startMs,
        );
        if (s === undefined) continue;
        matched++;
        if (s.party === t.party) right++;
      }
      expect(matched).toBeGreaterThan(15);
      expect(right / matched).toBeGreaterThanOrEqual(0.9);
      expect(out.summary.exchanges.total).toBeGreaterThan(0);
    }
  });

  it('fails with one line and a non-zero exit for a missing file', () => {
    const r = analyze([join(TMP, 'does-not-exist.wav')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no such file/);
  });

  it('fails with one line and a non-zero exit for an empty file', () => {
    const p = join(TMP, 'empty.wav');
    writeFileSync(p, '');
    const r = analyze([p]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([`analyze: ${p}: empty file`]);
  });

  it('fails with one line and a non-zero exit for a corrupt file, without a stack trace', () => {
    const p = join(TMP, 'corrupt.wav');
    const w = encodeWav([new Float32Array(100)], 16000);
    w[8] = 0x58; // 'WAVE' -> 'XAVE'
    writeFileSync(p, w);
    const r = analyze([p]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat\s/);
  });
});
