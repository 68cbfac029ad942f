/**
 * Rules over the text of src/ (issue #10).
 * - Types that hold: no escape hatch from the type checker. `as any`, `as never`, `: any`, `<any>`
 *   and `any[]` fail; a cast from `unknown` after a check is fine.
 * - One clock: the time is read through the Clock port (shared/clock.ts), so the simulator, the
 *   tests and the engine agree; `new Date()` and `Date.now()` appear nowhere else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** Comments say "as any number"; only code counts. Strings are kept (a cast cannot hide in one). */
export function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const ESCAPES: Array<[string, RegExp]> = [
  ['as any', /\bas\s+any\b/],
  ['as never', /\bas\s+never\b/],
  // `(?:any|...)` in a regular expression is not a type.
  [': any', /(?<!\(\?):\s*any\b/],
  ['<any>', /[<,]\s*any\s*[,>]/],
  ['any[]', /\bany\s*\[\]/],
];

/** Every escape in one file's code: "line: kind". */
export function escapesIn(code: string): string[] {
  return stripComments(code)
    .split('\n')
    .flatMap((line, i) => ESCAPES.filter(([, re]) => re.test(line)).map(([kind]) => `${i + 1}: ${kind}`));
}

describe('types that hold', () => {
  it('the scan finds each escape and ignores comments', () => {
    expect(escapesIn('const a = b as any;\nconst c = d as never;\nfunction f(x: any) {}\nconst m = new Map<string, any>();\ntype F = (...a: any[]) => void;')).toEqual([
      '1: as any',
      '2: as never',
      '3: : any',
      '4: <any>',
      '5: : any',
      '5: any[]',
    ]);
    expect(escapesIn('const re = /(?:any|every) day/;')).toEqual([]);
    expect(escapesIn('// speaks as any number\n/* was never yours, as never before */\nconst url = "https://x"; // as any')).toEqual([]);
  });

  it('src/ has no `as any`, `as never` or `any` in a type', () => {
    const found = sourceFiles(SRC).flatMap((f) => escapesIn(readFileSync(f, 'utf8')).map((e) => `${relative(SRC, f)}:${e}`));
    expect(found).toEqual([]);
  });
});

const WALL_CLOCK = /\bnew Date\(\s*\)|\bDate\.now\b/;

describe('one clock', () => {
  it('the scan finds a read of the machine clock and ignores comments', () => {
    const hits = (code: string) => stripComments(code).split('\n').filter((l) => WALL_CLOCK.test(l)).length;
    expect(hits('const a = new Date();\nconst b = Date.now();\nconst n = opts.now ?? Date.now;')).toBe(3);
    expect(hits('const a = new Date(iso);\n// Date.now() is not used')).toBe(0);
  });

  it('src/ reads the time only through shared/clock.ts', () => {
    const found = sourceFiles(SRC)
      .filter((f) => relative(SRC, f) !== join('shared', 'clock.ts'))
      .flatMap((f) => stripComments(readFileSync(f, 'utf8')).split('\n').flatMap((l, i) => (WALL_CLOCK.test(l) ? [`${relative(SRC, f)}:${i + 1}`] : [])));
    expect(found).toEqual([]);
  });
});
