import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DRIVER_PATCHES, driverPatchProblem } from '../../../src/db/client';

/** The installed postgres.js (the package root, above cjs/src/index.js). */
const installed = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
const temps: string[] = [];
const copy = () => {
  const dir = mkdtempSync(join(tmpdir(), 'driver-patches-'));
  temps.push(dir);
  cpSync(installed, dir, { recursive: true });
  return dir;
};
const unmark = (file: string, mark: string) => writeFileSync(file, readFileSync(file, 'utf8').replaceAll(`saisoku-patch: ${mark}`, 'removed'));

describe('driver patches named in code', () => {
  afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds every postgres.js mark in the real install', () => {
    expect(readFileSync(join(installed, 'package.json'), 'utf8')).toContain('"name": "postgres"');
    expect(driverPatchProblem()).toBeNull();
    expect(driverPatchProblem({ dirs: { postgres: copy() } })).toBeNull();
  });

  it('names the one patch a copy lacks, where, and what to run', () => {
    const dir = copy();
    unmark(join(dir, 'src', 'query.js'), 'young closures');
    const problem = driverPatchProblem({ dirs: { postgres: dir } });
    expect(problem).toContain('postgres.js at');
    expect(problem).toContain('lacks the patch "young closures" (src/query.js)');
    expect(problem).toContain('--ignore-scripts');
    expect(problem).toContain('node scripts/patch-deps.mjs');
    expect(problem).not.toMatch(/"pipelined transaction"|"null-socket guard"/);
  });

  it('names every missing patch across builds', () => {
    const dir = copy();
    unmark(join(dir, 'cjs', 'src', 'connection.js'), 'null-socket guard');
    unmark(join(dir, 'src', 'index.js'), 'pipelined transaction');
    unmark(join(dir, 'cjs', 'src', 'index.js'), 'pipelined transaction');
    const problem = driverPatchProblem({ dirs: { postgres: dir } })!;
    expect(problem).toContain('"null-socket guard" (cjs/src/connection.js)');
    expect(problem).toContain('"pipelined transaction" (src/index.js, cjs/src/index.js)');
    expect(problem).toContain('without them');
  });

  it('says when the package no longer has the files it patches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'driver-patches-'));
    temps.push(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"postgres"}');
    expect(driverPatchProblem({ dirs: { postgres: dir } })).toMatch(/has none of the files .* layout changed/);
  });

  it('lists every mark the installed postgres.js carries, each one the patch script leaves', () => {
    const script = readFileSync(new URL('../../../scripts/patch-deps.mjs', import.meta.url), 'utf8');
    const spec = DRIVER_PATCHES.postgres!;
    const listed = new Set(Object.values(spec.files).flat());
    // The script may patch more packages (ioredis, bullmq): only postgres.js's marks are compared here.
    const inScript = new Set([...script.matchAll(/saisoku-patch: ([a-z][a-z -]*[a-z])/g)].map((m) => m[1]!));
    for (const mark of listed) expect(inScript.has(mark), mark).toBe(true);
    // A patch added to the script for postgres.js but not to DRIVER_PATCHES would go unchecked: none is.
    for (const build of spec.builds.filter((b) => existsSync(join(installed, b))))
      for (const file of readdirSync(join(installed, build)).filter((f) => f.endsWith('.js'))) {
        const text = readFileSync(join(installed, build, file), 'utf8');
        for (const m of text.matchAll(/saisoku-patch: ([a-z][a-z -]*[a-z])/g)) expect(spec.files[file] ?? [], `${build}/${file}: ${m[1]}`).toContain(m[1]);
      }
  });
});
