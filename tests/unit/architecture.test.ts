import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules (docs/ARCHITECTURE.md), checked on the source itself: which part may import which, how
 * long a function may grow, and that the repository stands on its own.
 */

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f !== '');
const sources = files.filter((f) => f.startsWith('src/') && f.endsWith('.ts'));

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  if (!node || typeof node !== 'object' || typeof (node as Node).type !== 'string') return;
  visit(node as Node);
  for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value, visit);
}

const parsed = new Map(
  sources.map((f) => {
    const text = readFileSync(f, 'utf8');
    return [f, { text, ast: parseAst(text, { lang: 'ts', sourceType: 'module' }) as unknown }] as const;
  }),
);

/** Every module a source file imports (static, dynamic, re-export, and worker/worklet URLs), as repo paths. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  const entry = parsed.get(file);
  if (!entry) return out;
  walk(entry.ast, (n) => {
    const source = (n.source as { value?: unknown } | undefined)?.value;
    if (typeof source === 'string') out.push(source);
    if (n.type === 'NewExpression' && (n.callee as { name?: string }).name === 'URL') {
      const arg = (n.arguments as { value?: unknown }[])[0]?.value;
      if (typeof arg === 'string' && arg.startsWith('.')) out.push(arg);
    }
  });
  return out.map((s) => (s.startsWith('.') ? normalize(join(dirname(file), s)).split('?')[0] : s) ?? s);
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

describe('the architecture', () => {
  it('keeps src/core pure: it imports only from src/core', () => {
    const offending = sources
      .filter((f) => f.startsWith('src/core/'))
      .flatMap((f) => importsOf(f).map((i) => `${f} -> ${i}`))
      .filter((edge) => !edge.split(' -> ')[1]?.startsWith('src/core/'));
    expect(offending).toEqual([]);
  });

  it('keeps the stage away from the panel, review and the log', () => {
    const offending = sources
      .filter((f) => f.startsWith('src/stage/'))
      .flatMap((f) => importsOf(f).map((i) => `${f} -> ${i}`))
      .filter((edge) => /-> src\/(panel|review|store)\//.test(edge));
    expect(offending).toEqual([]);
  });

  it('keeps sensing away from the stage, the panel, review and the engine', () => {
    const offending = sources
      .filter((f) => f.startsWith('src/sensing/'))
      .flatMap((f) => importsOf(f).map((i) => `${f} -> ${i}`))
      .filter((edge) => /-> src\/(stage|panel|review|engine)\//.test(edge));
    expect(offending).toEqual([]);
  });

  it('keeps main.ts to wiring: under 100 lines', () => {
    const lines = readFileSync('src/main.ts', 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThan(100);
  });

  it('has no function in src/ over 120 lines', () => {
    const long: string[] = [];
    for (const [file, { text, ast }] of parsed) {
      walk(ast, (n) => {
        if (!/Function/.test(n.type) || !n.body) return;
        const lines = lineOf(text, n.end) - lineOf(text, n.start) + 1;
        if (lines > 120) long.push(`${file}:${lineOf(text, n.start)} (${lines} lines)`);
      });
    }
    expect(long).toEqual([]);
  });

  it('stands on its own: nothing points outside the repository or at an issue tracker', () => {
    // Built from parts, so that this file does not match itself.
    const outside = new RegExp(['\\.\\./sha', 'red|DESI', 'GN\\.md|iss', 'ue [0-9]'].join(''));
    const checked = files.filter(
      (f) => /^(src|scripts|tests)\//.test(f) && /\.(ts|mjs|js|html|css|json)$/.test(f),
    );
    const hits = [...checked, 'README.md'].filter((f) => outside.test(readFileSync(f, 'utf8')));
    expect(hits).toEqual([]);
  });
});
