import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../src/core/events.ts';
import {
  type AttuneExport,
  csvText,
  eventsCsv,
  makeExport,
  parseExport,
  toJson,
  turnsCsv,
} from '../../../src/core/exportFormat.ts';
import type { Learner, SessionMeta } from '../../../src/core/records.ts';
import { DEFAULT_TURN_PARAMS } from '../../../src/core/turns/params.ts';
import { parseCsv } from '../support/csv.ts';
import { move, prng, response, tag, touch, voice } from '../support/timeline.ts';

const learner: Learner = { id: 'L1', pseudonym: 'Zoë, "Star"', createdAt: Date.UTC(2025, 8, 1) };
const meta = (id: string, over: Partial<SessionMeta> = {}): SessionMeta => ({
  id,
  learnerId: 'L1',
  startedAt: Date.UTC(2026, 0, 12, 9, 30),
  endedAt: Date.UTC(2026, 0, 12, 9, 50),
  status: 'ended',
  schemaVersion: SCHEMA_VERSION,
  turnParams: { ...DEFAULT_TURN_PARAMS },
  ...over,
});

function sample(): AttuneExport {
  return makeExport(
    learner,
    [
      {
        meta: meta('s1'),
        events: [
          voice('learner', 0, 1),
          {
            ...voice('practitioner', 1.5, 2),
            peakDbfs: Number.NEGATIVE_INFINITY,
            pitchHz: null,
            missingAudioMs: 212.5,
          },
          move('learner', 2.5, 3),
          touch('practitioner', 3.2, 3.4),
          response(3, 4),
          tag(5, 'turn:learner'),
          tag(6, 'note', 'laughed, then "more"\nreached =SUM(A1) ☺'),
        ],
      },
      { meta: meta('s2', { endedAt: null, status: 'interrupted' }), events: [] },
    ],
    Date.UTC(2026, 1, 1),
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the tests damage parsed JSON of any shape on purpose.
type Damage = (top: any) => unknown;

const refuse = (text: string) => {
  const r = parseExport(text);
  if (r.ok) throw new Error('expected the file to be refused');
  return r.message;
};

describe('JSON export', () => {
  it('reads back exactly what it wrote, silence (-Infinity dBFS) and all', () => {
    const data = sample();
    expect(parseExport(toJson(data))).toEqual({ ok: true, data });
  });

  it('writes the marker, the version and one event per line', () => {
    const text = toJson(sample());
    const top = JSON.parse(text);
    expect(top.format).toBe('attune-export');
    expect(top.version).toBe(1);
    expect(text.split('\n').filter((l) => l.includes('"kind"'))).toHaveLength(7);
  });

  it('accepts a file that a text editor saved with a byte-order mark', () => {
    expect(parseExport(`\uFEFF${toJson(sample())}`).ok).toBe(true);
  });

  it('drops fields it does not know, so nothing unexpected is stored', () => {
    const top = JSON.parse(toJson(sample()));
    top.sessions[0].events[0].secret = 'x';
    top.learner.realName = 'Jane';
    const r = parseExport(JSON.stringify(top));
    expect(r.ok && r.data).toEqual(sample());
  });
});

describe('refusing files', () => {
  it('refuses an empty file', () => {
    expect(refuse('  ')).toMatch(/empty/);
  });

  it('refuses a file that is not JSON, such as a CSV, as not an Attune export', () => {
    expect(refuse(eventsCsv(sample()))).toMatch(/not an Attune export/);
  });

  it('refuses JSON from another program as not an Attune export', () => {
    expect(refuse('{"name": "my-app", "version": "1.0.0"}')).toMatch(/not an Attune export/);
    expect(refuse('[1, 2, 3]')).toMatch(/not an Attune export/);
    expect(refuse('{"format": "other-export", "version": 1}')).toMatch(/not an Attune export/);
  });

  it('refuses a file cut short as damaged', () => {
    const text = toJson(sample());
    expect(refuse(text.slice(0, text.length / 2))).toMatch(/damaged.*cut short/);
  });

  it('refuses a file from a newer Attune and asks for an update', () => {
    const top = JSON.parse(toJson(sample()));
    expect(refuse(JSON.stringify({ ...top, version: 2 }))).toMatch(/newer version of Attune.*update Attune/);
    top.sessions[0].meta.schemaVersion = SCHEMA_VERSION + 1;
    expect(refuse(JSON.stringify(top))).toMatch(/newer version of Attune.*update Attune/);
  });

  it('names the session and event that is damaged', () => {
    const top = JSON.parse(toJson(sample()));
    delete top.sessions[0].events[2].startMs;
    expect(refuse(JSON.stringify(top))).toBe(
      'This file looks like an Attune export but is damaged: session 1 ("s1"), event 3, has no valid "startMs" (a number is needed).',
    );
  });

  const damages: [string, Damage, RegExp][] = [
    [
      'an event that ends before it starts',
      (t) => (t.sessions[0].events[0].endMs = -5),
      /ends before it starts/,
    ],
    ['an event of an unknown kind', (t) => (t.sessions[0].events[0].kind = 'smell'), /unknown kind/],
    ['a party that does not exist', (t) => (t.sessions[0].events[0].party = 'teacher'), /"party"/],
    ['a touch off the stage', (t) => (t.sessions[0].events[3].x = 2), /outside 0 to 1/],
    ['a session of another learner', (t) => (t.sessions[0].meta.learnerId = 'L2'), /different learner/],
    ['a session listed twice', (t) => (t.sessions[1].meta.id = 's1'), /appears twice/],
    ['a session with no turn-taking settings', (t) => delete t.sessions[0].meta.turnParams, /turn-taking/],
    ['a session with an unknown status', (t) => (t.sessions[0].meta.status = 'paused'), /"status"/],
    ['a learner without a pseudonym', (t) => delete t.learner.pseudonym, /"pseudonym"/],
    ['a missing list of sessions', (t) => delete t.sessions, /no list of sessions/],
    ['a missing version', (t) => delete t.version, /version/],
  ];
  it.each(damages)('refuses %s', (_name, damage, message) => {
    const top = JSON.parse(toJson(sample()));
    damage(top);
    expect(refuse(JSON.stringify(top))).toMatch(message);
  });

  it('never throws, whatever the bytes: every truncation and many random corruptions give a message', () => {
    const text = toJson(sample()).trimEnd();
    for (let n = 0; n < text.length; n += 7) {
      const r = parseExport(text.slice(0, n));
      expect(r.ok).toBe(false);
    }
    const rand = prng(7);
    for (let i = 0; i < 500; i++) {
      const chars = [...text];
      for (let k = 0; k < 3; k++)
        chars[Math.floor(rand() * chars.length)] = String.fromCharCode(32 + Math.floor(rand() * 95));
      const r = parseExport(chars.join(''));
      expect(typeof (r.ok ? r.data : r.message)).toBe(r.ok ? 'object' : 'string');
    }
  });
});

describe('CSV export', () => {
  it('starts with a UTF-8 byte-order mark (for Excel) unless asked not to, and ends lines with CRLF', () => {
    const text = eventsCsv(sample());
    expect(text.startsWith('\uFEFFlearner,session_id,kind,')).toBe(true);
    expect(eventsCsv(sample(), { bom: false }).startsWith('learner,')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every row, not just the last, ends CRLF (the note's own line break, inside quotes, is a bare LF).
    expect(text.split('\r\n').length - 1).toBe(parseCsv(text).length);
  });

  it('writes one row per event, every row as wide as the header, with ms and seconds', () => {
    const rows = parseCsv(eventsCsv(sample(), { bom: false }));
    const [header, ...body] = rows;
    expect(body).toHaveLength(7);
    for (const r of body) expect(r).toHaveLength(header?.length ?? 0);
    const at = (row: string[] | undefined, col: string) => row?.[header?.indexOf(col) ?? -1];
    expect(at(body[0], 'start_ms')).toBe('0');
    expect(at(body[0], 'end_s')).toBe('1.000');
    expect(at(body[1], 'peak_dbfs')).toBe('');
    expect(at(body[0], 'learner')).toBe('Zoë, "Star"');
    expect(at(body[6], 'note')).toBe('laughed, then "more"\nreached =SUM(A1) ☺');
    // Audio that never came, for a vocalisation that lost some; blank otherwise.
    expect(header?.at(-1)).toBe('missing_audio_ms');
    expect(body.map((r) => at(r, 'missing_audio_ms'))).toEqual(['', '212.5', '', '', '', '', '']);
  });

  it('defuses notes and tags that a spreadsheet would run as a formula', () => {
    for (const evil of ['=HYPERLINK("http://x","click")', '+1', '-2+3', '@SUM(A1)', '\t=1']) {
      expect(csvText(evil).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvText('smiled')).toBe('smiled');
    const data = sample();
    data.sessions[0]?.events.push(tag(7, 'note', '=cmd|"/c calc"!A1'));
    const rows = parseCsv(eventsCsv(data, { bom: false }));
    expect(rows.at(-1)?.[rows[0]?.indexOf('note') ?? -1]).toBe('\'=cmd|"/c calc"!A1');
  });

  it('writes turns with latency (a negative one stays a number), exchange, initiation and sequence', () => {
    const data = makeExport(
      learner,
      [
        {
          meta: meta('s1'),
          events: [voice('learner', 0, 2), voice('practitioner', 1.5, 3), voice('learner', 4, 5)],
        },
      ],
      0,
    );
    const [header, ...body] = parseCsv(turnsCsv(data, { bom: false }));
    expect(header).toEqual([
      'learner',
      'session_id',
      'turn',
      'party',
      'start_ms',
      'end_ms',
      'start_s',
      'end_s',
      'duration_s',
      'channels',
      'manual_tag',
      'segments',
      'latency_ms',
      'latency_s',
      'exchange',
      'initiation',
      'overlap',
      'sequence',
    ]);
    expect(body.map((r) => r.slice(2))).toEqual([
      [
        '1',
        'learner',
        '0',
        '2000',
        '0.000',
        '2.000',
        '2.000',
        'voice',
        'no',
        '1',
        '',
        '',
        'no',
        'yes',
        'no',
        '1',
      ],
      [
        '2',
        'practitioner',
        '1500',
        '3000',
        '1.500',
        '3.000',
        '1.500',
        'voice',
        'no',
        '1',
        '-500',
        '-0.500',
        'yes',
        'no',
        'yes',
        '1',
      ],
      [
        '3',
        'learner',
        '4000',
        '5000',
        '4.000',
        '5.000',
        '1.000',
        'voice',
        'no',
        '1',
        '1000',
        '1.000',
        'yes',
        'no',
        'no',
        '1',
      ],
    ]);
  });
});
