import type { Hz, Ms } from '../units.ts';

/** A WAV file that cannot be read; the message is one line, fit for a command-line error. */
export class WavError extends Error {
  override name = 'WavError';
}

export interface DecodedWav {
  sampleRate: Hz;
  /** Channels in the file; `samples` is their mean. */
  channels: number;
  bitsPerSample: number;
  format: 'int' | 'float';
  /** Mono, -1..1. */
  samples: Float32Array;
  durationMs: Ms;
}

/**
 * What the reader accepts: every real recorder's rates, channels and lengths, and nothing that would make it
 * allocate gigabytes on the word of a header (a header is checked before any sample is read).
 */
export const WAV_LIMITS = Object.freeze({
  minRateHz: 1000,
  maxRateHz: 384_000,
  maxChannels: 32,
  /** Longer recordings are to be cut into parts: a school day is about 6 hours. */
  maxDurationMs: 8 * 3600 * 1000,
});

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

function tag(b: Uint8Array, at: number): string {
  return String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
}

/**
 * Reads RIFF/WAVE: 8/16/24/32-bit integer PCM and 32/64-bit float, any rate, any channel count (mixed to mono).
 * Tolerates what real recorders write: extra chunks, WAVE_FORMAT_EXTENSIBLE, an odd-sized chunk's pad byte, and
 * a data chunk whose declared size runs past the end of the file (recordings cut short; the rest is read).
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  if (bytes.length === 0) throw new WavError('empty file');
  if (bytes.length < 12 || tag(bytes, 0) !== 'RIFF' || tag(bytes, 8) !== 'WAVE')
    throw new WavError('not a WAV file (no RIFF/WAVE header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { format: number; channels: number; rate: number; bits: number; blockAlign: number } | null = null;
  let dataStart = -1;
  let dataLen = 0;
  let pos = 12;
  while (pos + 8 <= bytes.length) {
    const id = tag(bytes, pos);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new WavError('corrupt WAV: fmt chunk too short');
      let format = view.getUint16(body, true);
      if (format === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length)
        format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      dataStart = body;
      dataLen = Math.min(size, bytes.length - body);
      break;
    }
    pos = body + size + (size % 2);
  }
  if (!fmt) throw new WavError('corrupt WAV: no fmt chunk');
  if (dataStart < 0) throw new WavError('corrupt WAV: no data chunk');
  const { format, channels, rate, bits } = fmt;
  if (channels < 1) throw new WavError('corrupt WAV: zero channels');
  if (!(rate > 0)) throw new WavError('corrupt WAV: zero sample rate');
  if (rate < WAV_LIMITS.minRateHz || rate > WAV_LIMITS.maxRateHz)
    throw new WavError(
      `unsupported sample rate ${rate} Hz (Attune reads ${WAV_LIMITS.minRateHz} to ${WAV_LIMITS.maxRateHz} Hz)`,
    );
  if (channels > WAV_LIMITS.maxChannels)
    throw new WavError(`unsupported WAV: ${channels} channels (at most ${WAV_LIMITS.maxChannels})`);
  const isFloat = format === IEEE_FLOAT;
  if (format !== PCM && !isFloat) throw new WavError(`unsupported WAV encoding (format tag ${format})`);
  if (isFloat ? bits !== 32 && bits !== 64 : ![8, 16, 24, 32].includes(bits))
    throw new WavError(`unsupported WAV sample size: ${bits}-bit ${isFloat ? 'float' : 'integer'}`);
  const bytesPer = bits / 8;
  const frameBytes = bytesPer * channels;
  const n = Math.floor(dataLen / frameBytes);
  if (n === 0) throw new WavError('WAV has no samples');
  if ((n / rate) * 1000 > WAV_LIMITS.maxDurationMs)
    throw new WavError(
      `recording too long (${Math.round(n / rate / 3600)} hours; at most ${WAV_LIMITS.maxDurationMs / 3600_000}): cut it into parts`,
    );
  const out = new Float32Array(n);
  const inv = 1 / channels;
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) {
      const at = dataStart + i * frameBytes + c * bytesPer;
      let v: number;
      if (isFloat) v = bits === 32 ? view.getFloat32(at, true) : view.getFloat64(at, true);
      else if (bits === 16) v = view.getInt16(at, true) / 32768;
      else if (bits === 24) {
        const u = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
        v = ((u << 8) >> 8) / 8388608;
      } else if (bits === 32) v = view.getInt32(at, true) / 2147483648;
      else v = ((bytes[at] ?? 128) - 128) / 128;
      acc += v;
    }
    out[i] = acc * inv;
  }
  return {
    sampleRate: rate,
    channels,
    bitsPerSample: bits,
    format: isFloat ? 'float' : 'int',
    samples: out,
    durationMs: (n / rate) * 1000,
  };
}

export type WavEncoding = 'int16' | 'int24' | 'float32';

/** Writes interleaved channels (each channel one array of equal length) as a RIFF/WAVE file. */
export function encodeWav(
  channelData: Float32Array[],
  sampleRate: Hz,
  encoding: WavEncoding = 'int16',
): Uint8Array {
  const channels = channelData.length;
  const n = channelData[0]?.length ?? 0;
  const bytesPer = encoding === 'int16' ? 2 : encoding === 'int24' ? 3 : 4;
  const dataLen = n * channels * bytesPer;
  const buf = new Uint8Array(44 + dataLen);
  const v = new DataView(buf.buffer);
  const put = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) buf[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataLen, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, encoding === 'float32' ? IEEE_FLOAT : PCM, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels * bytesPer, true);
  v.setUint16(32, channels * bytesPer, true);
  v.setUint16(34, bytesPer * 8, true);
  put(36, 'data');
  v.setUint32(40, dataLen, true);
  let at = 44;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < channels; c++) {
      const x = Math.max(-1, Math.min(1, channelData[c]?.[i] ?? 0));
      if (encoding === 'float32') v.setFloat32(at, x, true);
      else if (encoding === 'int16') v.setInt16(at, Math.round(x < 0 ? x * 32768 : x * 32767), true);
      else {
        const s = Math.round(x < 0 ? x * 8388608 : x * 8388607);
        buf[at] = s & 0xff;
        buf[at + 1] = (s >> 8) & 0xff;
        buf[at + 2] = (s >> 16) & 0xff;
      }
      at += bytesPer;
    }
  }
  return buf;
}
