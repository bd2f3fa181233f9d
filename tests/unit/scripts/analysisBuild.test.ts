import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisBuild, FIGURING_ENTRY, valueImportClosure } from '../../../scripts/analysisBuild.ts';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'attune-build-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const base = {
  'src/store/figuring.ts':
    "import type { Pitch } from '../core/audio/pitch.ts';\nimport { turns } from '../core/turns.ts';\n",
  'src/core/turns.ts': "import { type Ms, ms } from './units.ts';\nexport { ms };\nexport const turns = 1;\n",
  'src/core/units.ts': 'export const ms = 1;\n',
  'src/core/audio/pitch.ts': 'export type Pitch = number;\n',
  'src/stage/stage.ts': 'export const stage = 1;\n',
};

describe('the analysis build that kept figures are stamped with', () => {
  it('follows value imports and re-exports, not type-only imports or unrelated code', () => {
    const dir = tree(base);
    const files = valueImportClosure(join(dir, 'src/store/figuring.ts'), join(dir, 'src/')).map((f) =>
      f.slice(dir.length + 1),
    );
    expect(files).toEqual(['src/core/turns.ts', 'src/core/units.ts', 'src/store/figuring.ts']);
  });

  it('changes when code the figures run changes, and only then', () => {
    const hashOf = (change: Record<string, string>) => {
      const dir = tree({ ...base, ...change });
      return analysisBuild(join(dir, 'src/store/figuring.ts'), join(dir, 'src/'));
    };
    const same = hashOf({});
    expect(hashOf({})).toBe(same);
    expect(hashOf({ 'src/core/units.ts': 'export const ms = 2;\n' })).not.toBe(same);
    expect(hashOf({ 'src/core/audio/pitch.ts': 'export type Pitch = string;\n' })).toBe(same);
    expect(hashOf({ 'src/stage/stage.ts': 'export const stage = 2;\n' })).toBe(same);
  });

  it("covers the app's turn and review code but not the audio analyser or the stage", () => {
    const files = valueImportClosure(FIGURING_ENTRY);
    expect(files).toContain('src/core/turns/tracker.ts');
    expect(files).toContain('src/core/review/sessionReview.ts');
    expect(files.some((f) => f.startsWith('src/core/audio/') || f.startsWith('src/stage/'))).toBe(false);
  });
});
