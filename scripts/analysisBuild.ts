import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Where a session's kept figures are worked out: the root of the code they depend on. */
export const FIGURING_ENTRY = 'src/store/figuring.ts';

// An import or re-export that brings values (not `import type`/`export type`, which vanish when built) from a
// relative path. Inline `type` names in a value import are counted with it: harmless, they only add a file.
const VALUE_IMPORT =
  /^(?!import type|export type)(?:import|export)\b[^;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gms;

/**
 * The files a module's running code depends on, by following its value imports within `root`, sorted. Types
 * are left out because they cannot change a figure; dependencies outside `root` (packages) are left out because
 * the figures use none.
 */
export function valueImportClosure(entry: string, root = 'src/'): string[] {
  const seen = new Set<string>();
  const stack = [normalize(entry)];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(VALUE_IMPORT)) {
      const path = normalize(join(dirname(file), m[1] as string));
      if (path.startsWith(root) && existsSync(path)) stack.push(path);
    }
  }
  return [...seen].sort();
}

/**
 * A hash of the code that works out a session's figures (the figuring module and what it runs, not all of
 * src/core): review keeps each session's figures in the log under it, so figures worked out by another build
 * of that code are worked out again, and a change elsewhere (the audio analyser, the stage) leaves them kept.
 */
export function analysisBuild(entry = FIGURING_ENTRY, root = 'src/'): string {
  const hash = createHash('sha256');
  for (const file of valueImportClosure(entry, root))
    hash.update(relative(root, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}
