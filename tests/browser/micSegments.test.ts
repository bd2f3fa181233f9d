import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseSamples } from '../../src/core/audio/voiceAnalyser.ts';
import { decodeWav } from '../../src/core/audio/wav.ts';
import { baseUrl, launch, pagesUrl, type Session } from './support/browser.ts';
import { type MicFile, makeMicFile } from './support/media.ts';
import { addLearner, endSessionAndExport } from './support/staff.ts';
import { alignToLoop, type Detected, type Span, vocalDetected } from './support/timing.ts';

/**
 * With the fake microphone, a session logs the same segments, at the same times within 150 ms, as the analyser
 * finds in the file. Chromium's fake microphone loops a generated recording; a session runs through the UI (so
 * Attune answers, and its own output reaches the worklet's echo reference); the logged vocal segments are
 * compared with what the core analyser (the same code, run here in Node) finds in the same file, after one
 * shared loop offset.
 */
/** A segment ending this close to the session's recorded end may have been cut by End (the flush waits up to 500 ms for the audio thread, then the write; seen 0.5 s and more under load). */
const END_CUT_MS = 1500;

describe('live microphone segments match the offline analyser', () => {
  let s: Session;
  let mic: MicFile;
  let offline: Span[] = [];
  let live: Detected[] = [];
  let sessionMs = 0;

  beforeAll(async () => {
    mic = makeMicFile();
    // The file as the live path hears it: looped, so the noise floor has history when a sound comes. The
    // second pass is what a session that started a loop earlier sees.
    const wav = decodeWav(new Uint8Array(readFileSync(mic.path)));
    const looped = new Float32Array(wav.samples.length * 2);
    looped.set(wav.samples, 0);
    looped.set(wav.samples, wav.samples.length);
    offline = analyseSamples(looped, wav.sampleRate)
      .segments.filter((seg) => seg.startMs >= mic.durationMs)
      .map((seg) => ({ startMs: seg.startMs - mic.durationMs, endMs: seg.endMs - mic.durationMs }));

    // The microphone only: no camera, whose test pattern would keep the vision models busy for nothing.
    s = await launch({ audio: mic.path, noCamera: true });
    const { page } = s;
    await page.goto(baseUrl());
    await addLearner(page, 'Sam');
    await page.getByRole('button', { name: 'Start session' }).click();
    const started = Date.now();
    // Two full passes of the 10 s file, and some.
    await page.waitForTimeout(23_000);
    sessionMs = Date.now() - started;
    const exported = await endSessionAndExport(page);
    // A vocalisation under way at Start is cut to begin at 0; its true onset is before the session. One under
    // way at End is cut there by the flush, so its true end is after the session: left out likewise (whether
    // one is depends on where in the loop the session happened to start).
    const meta = exported.sessions[0]?.meta;
    const endedMs = meta?.endedAt != null ? meta.endedAt - meta.startedAt : Number.POSITIVE_INFINITY;
    live = (exported.sessions[0]?.events ?? []).flatMap((e) =>
      e.kind === 'vocal' && e.startMs > 0 && e.endMs < endedMs - END_CUT_MS ? [vocalDetected(e)] : [],
    );
  });

  afterAll(async () => {
    await s?.close();
  });

  it('leaves out audio that never came: zero blocks add no segment and move later ones by their length', async () => {
    // Chromium fills the microphone's input with exact zeros before the device starts and whenever its samples
    // are late (a starved computer). The worklet itself, in an offline context, is fed the file twice after a
    // second of zeros, with 200 ms of zeros every 938 blocks (about 2.5 s, between the vocalisations). Fed to the
    // analyser, the zeros pulled its noise floor under the room, which then read as voice: short extra segments.
    const { twice, rate } = fileTwice(mic);
    const lead = 375 * BLOCK;
    const gap = 75 * BLOCK;
    const piece = 938 * BLOCK;
    const runs = [{ at: 0, n: lead }];
    for (let at = piece; at < twice.length; at += piece) runs.push({ at, n: gap });
    const expected = analyseSamples(twice, rate).segments.map((seg) => ({
      startMs: fedMs(seg.startMs, runs, rate),
      endMs: fedMs(seg.endMs, runs, rate),
    }));
    const found = await feedWorklet(s, twice, rate, runs);
    console.info(`fed with zeros ${JSON.stringify(found.segments)}; expected ${JSON.stringify(expected)}`);
    expect(found.segments.length).toBe(expected.length);
    found.segments.forEach((seg, i) => {
      expect(Math.abs(seg.startMs - (expected[i]?.startMs ?? Number.NaN))).toBeLessThanOrEqual(10);
      expect(Math.abs(seg.endMs - (expected[i]?.endMs ?? Number.NaN))).toBeLessThanOrEqual(10);
    });
    expectMissingAsRuns(found.segments, runs, rate);
    // The meter still hears silence through the zeros (a level every 10 ms, the zeros' at the floor of the scale).
    const zerosMs = ((lead + (runs.length - 1) * gap) / rate) * 1000;
    expect(found.silentFrames).toBeGreaterThanOrEqual(Math.floor(zerosMs / 10) - 1);
  });

  it('closes a vocalisation when its audio stops coming for over a second (a muted or unplugged microphone)', async () => {
    // Zeros are left out of the analysis, so without the close a vocalisation interrupted by 1.2 s of them would
    // be one segment running across the silence. The run of zeros goes into the middle of the longest segment of
    // the second pass: that segment must end where the zeros begin, and what follows them is a segment of its own.
    const { twice, rate } = fileTwice(mic);
    const segments = analyseSamples(twice, rate).segments;
    const secondPass = segments.filter((seg) => seg.startMs >= mic.durationMs);
    const longest = secondPass.reduce((a, b) => (b.endMs - b.startMs > a.endMs - a.startMs ? b : a));
    expect(longest.endMs - longest.startMs).toBeGreaterThanOrEqual(400);
    const cut = Math.round(((longest.startMs + longest.endMs) / 2 / 1000) * (rate / BLOCK)) * BLOCK;
    const cutMs = (cut / rate) * 1000;
    const zeros = Math.ceil((1.2 * rate) / BLOCK) * BLOCK;
    const zerosMs = (zeros / rate) * 1000;
    const runs = [{ at: cut, n: zeros }];
    const found = await feedWorklet(s, twice, rate, runs);
    const shifted = segments.map((seg) => ({
      startMs: fedMs(seg.startMs, runs, rate),
      endMs: fedMs(seg.endMs, runs, rate),
    }));
    console.info(
      `zeros at ${cutMs.toFixed(0)} ms for ${zerosMs.toFixed(0)} ms; found ${JSON.stringify(found.segments)}`,
    );
    // Every other segment as the analyser finds it in the file (after the zeros, moved on by their length).
    expect(found.segments.length).toBe(segments.length + 1);
    const at = segments.indexOf(longest);
    const before = found.segments[at];
    const after = found.segments[at + 1];
    expect(Math.abs((before?.startMs ?? Number.NaN) - longest.startMs)).toBeLessThanOrEqual(10);
    // Ended at its last voiced frame before the zeros, not after them.
    expect(before?.endMs ?? Number.NaN).toBeLessThanOrEqual(cutMs + 10);
    expect(before?.endMs ?? Number.NaN).toBeGreaterThanOrEqual(cutMs - 50);
    // The rest of the vocalisation, once its audio is back: a segment from the end of the zeros to its end.
    expect(Math.abs((after?.startMs ?? Number.NaN) - (cutMs + zerosMs))).toBeLessThanOrEqual(50);
    expect(Math.abs((after?.endMs ?? Number.NaN) - (longest.endMs + zerosMs))).toBeLessThanOrEqual(10);
    // Both say that audio went missing: the first the second of zeros that closed it (more may have followed
    // unseen), the second all of the run it follows (it may have begun in it); the others nothing.
    expect(before?.missingMs ?? 0).toBeCloseTo(1000, -1);
    expect(after?.missingMs ?? 0).toBeCloseTo(zerosMs, 0);
    expectMissingAsRuns(
      found.segments.filter((_, i) => i !== at && i !== at + 1),
      runs,
      rate,
    );
    found.segments.forEach((seg, i) => {
      if (i === at || i === at + 1) return;
      const want = shifted[i > at ? i - 1 : i];
      expect(Math.abs(seg.startMs - (want?.startMs ?? Number.NaN))).toBeLessThanOrEqual(10);
      expect(Math.abs(seg.endMs - (want?.endMs ?? Number.NaN))).toBeLessThanOrEqual(10);
    });
  });

  it('the offline analyser finds the recording’s vocalisations (the reference is sound)', () => {
    const truth = alignToLoop(offline, mic.vocalisations, mic.durationMs, 150);
    expect(offline.length).toBe(mic.vocalisations.length);
    expect(truth.matched).toBe(mic.vocalisations.length);
  });

  it('logs the same segments as the analyser finds in the file, at the same times within 150 ms', () => {
    const result = alignToLoop(live, offline, mic.durationMs, 150);
    console.info(
      `live ${JSON.stringify(live)}; offline (one pass) ${JSON.stringify(offline)}; alignment ${JSON.stringify(result)}`,
    );
    expect(result.unmatchedDetected).toEqual([]);
    // Every analyser segment in every full pass of the file during the session.
    expect(result.matched).toBeGreaterThanOrEqual(
      offline.length * Math.floor((sessionMs - 2000) / mic.durationMs),
    );
    expect(result.maxStartErrorMs).toBeLessThanOrEqual(150);
    expect(result.maxEndErrorMs).toBeLessThanOrEqual(150);
  });
});

/** Audio reaches the worklet in blocks of this many samples. */
const BLOCK = 128;

/** The microphone file twice over, as the live path hears it (looped, so the noise floor has history). */
function fileTwice(mic: MicFile): { twice: Float32Array; rate: number } {
  const wav = decodeWav(new Uint8Array(readFileSync(mic.path)));
  const twice = new Float32Array(wav.samples.length * 2);
  twice.set(wav.samples, 0);
  twice.set(wav.samples, wav.samples.length);
  return { twice, rate: wav.sampleRate };
}

/** Runs of exact zeros put into a recording: `n` samples before its sample `at` (both whole blocks). */
type ZeroRun = { at: number; n: number };

/** A segment the worklet reported, and the audio it said never came within it or at its edges. */
type FedSegment = Span & { missingMs?: number };

/**
 * Each segment says how much audio never came within it or at its edges: the runs of zeros that meet its span
 * (on the fed timeline, a frame's slack either side), and no more; nothing said where none did.
 */
function expectMissingAsRuns(segments: readonly FedSegment[], runs: readonly ZeroRun[], rate: number): void {
  let before = 0;
  const fed = [...runs]
    .sort((a, b) => a.at - b.at)
    .map((r) => {
      const startMs = ((r.at + before) / rate) * 1000;
      before += r.n;
      return { startMs, endMs: startMs + (r.n / rate) * 1000 };
    });
  for (const seg of segments) {
    const meeting = fed.filter((r) => r.endMs >= seg.startMs - 10 && r.startMs <= seg.endMs + 10);
    const want = meeting.reduce((sum, r) => sum + r.endMs - r.startMs, 0);
    if (want === 0) expect(seg.missingMs, `nothing missing in ${JSON.stringify(seg)}`).toBeUndefined();
    else expect(seg.missingMs ?? 0).toBeCloseTo(want, 0);
  }
}

/** Where a time of the recording lands, in ms, once the zero runs before it are put in. */
function fedMs(ms: number, runs: readonly ZeroRun[], rate: number): number {
  const sample = Math.round((ms / 1000) * rate);
  const before = runs.reduce((sum, r) => (r.at <= sample ? sum + r.n : sum), 0);
  return ((sample + before) / rate) * 1000;
}

/**
 * The microphone worklet itself, as the app loads it, in an offline audio context of the session's browser,
 * fed `file` with the zero runs put in: the segments it reports (on the context's clock), its meter frames and
 * how many of them were silent.
 */
async function feedWorklet(
  s: Session,
  file: Float32Array,
  rate: number,
  runs: readonly ZeroRun[],
): Promise<{ segments: FedSegment[]; frames: number; silentFrames: number }> {
  const page = await s.context.newPage();
  try {
    await page.goto(`${pagesUrl()}/tests/browser/pages/blank.html`);
    // The worklet's module as the app loads it, by a string the test runner leaves alone.
    await page.evaluate(
      "import('/src/sensing/micWorklet.ts?worker&url').then((m) => { window.attuneMicWorkletUrl = m.default; })",
    );
    const bytes = Buffer.from(file.buffer, file.byteOffset, file.byteLength).toString('base64');
    return await page.evaluate(
      async ({ bytes, rate, runs }) => {
        const raw = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
        const file = new Float32Array(raw.buffer);
        const fed = new Float32Array(file.length + runs.reduce((sum, r) => sum + r.n, 0));
        let from = 0;
        let to = 0;
        for (const r of [...runs].sort((a, b) => a.at - b.at)) {
          fed.set(file.subarray(from, r.at), to);
          to += r.at - from + r.n;
          from = r.at;
        }
        fed.set(file.subarray(from), to);
        const ctx = new OfflineAudioContext(1, fed.length, rate);
        await ctx.audioWorklet.addModule(
          (window as unknown as { attuneMicWorkletUrl: string }).attuneMicWorkletUrl,
        );
        const buffer = ctx.createBuffer(1, fed.length, rate);
        buffer.copyToChannel(fed, 0);
        const source = new AudioBufferSourceNode(ctx, { buffer });
        const node = new AudioWorkletNode(ctx, 'attune-mic', { numberOfInputs: 2, numberOfOutputs: 0 });
        source.connect(node, 0, 0);
        const segments: { startMs: number; endMs: number; missingMs?: number }[] = [];
        let frames = 0;
        let silentFrames = 0;
        const flushed = new Promise<void>((resolve) => {
          node.port.onmessage = (e) => {
            const m = e.data as {
              type: string;
              startContextMs?: number;
              endContextMs?: number;
              levelDbfs?: number;
              missingMs?: number;
            };
            if (m.type === 'segment')
              segments.push({
                startMs: m.startContextMs ?? 0,
                endMs: m.endContextMs ?? 0,
                ...(m.missingMs !== undefined ? { missingMs: m.missingMs } : {}),
              });
            else if (m.type === 'frame') {
              frames++;
              if ((m.levelDbfs ?? 0) <= -120) silentFrames++;
            } else if (m.type === 'flushed') resolve();
          };
        });
        source.start();
        await ctx.startRendering();
        // Messages are in order: once the flush is answered, every segment before it has come.
        node.port.postMessage({ type: 'flush' });
        await flushed;
        return { segments, frames, silentFrames };
      },
      { bytes, rate, runs },
    );
  } finally {
    await page.close();
  }
}
