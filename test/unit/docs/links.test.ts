import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * README.md and docs/**\/*.md must not point at files that are not in the repository: every relative
 * Markdown link (`[x](path)`, `![x](path)`) must resolve, and no file name ending in `.md` may be
 * named that exists nowhere in the repository (CONTRACT.md and COMPLIANCE.md once were).
 */
const ROOT = resolve(__dirname, '../../..');

function markdownFiles(): string[] {
  const out = [join(ROOT, 'README.md')];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}

/** Every `.md` file name in the repository (outside node_modules and dot directories). */
function repoMarkdownNames(): Set<string> {
  const names = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'test-results') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) names.add(e.name);
    }
  };
  walk(ROOT);
  return names;
}

/** Dead relative links and unknown `.md` names in one Markdown text (`file` is its path). */
export function deadLinks(file: string, text: string, known: Set<string>): string[] {
  const dead: string[] = [];
  const prose = text.replace(/```[\s\S]*?```/g, '');
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
    const path = decodeURIComponent(target.split('#')[0]!.split('?')[0]!);
    const abs = path.startsWith('/') ? join(ROOT, path) : resolve(dirname(file), path);
    if (!existsSync(abs)) dead.push(`${relative(ROOT, file)}: link to ${target}`);
    else if (path.endsWith('/') && !statSync(abs).isDirectory()) dead.push(`${relative(ROOT, file)}: ${target} is not a directory`);
  }
  for (const m of prose.replace(/\]\([^)]*\)/g, '](…)').matchAll(/(?<![\w/.-])([\w-]+\.md)\b/g)) {
    if (!known.has(m[1]!)) dead.push(`${relative(ROOT, file)}: names ${m[1]}, which is not in the repository`);
  }
  return dead;
}

describe('documentation links', () => {
  it('README.md and docs/ have no dead relative links and name no missing .md file', () => {
    const known = repoMarkdownNames();
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(5);
    const dead = files.flatMap((f) => deadLinks(f, readFileSync(f, 'utf8'), known));
    expect(dead).toEqual([]);
  });

  it('catches a dead link and a missing file name (planted)', () => {
    const known = new Set(['api.md']);
    const file = join(ROOT, 'docs', 'planted.md');
    expect(deadLinks(file, 'See [the contract](../CONTRACT.md) and [api](api.md).', known)).toEqual(['docs/planted.md: link to ../CONTRACT.md']);
    expect(deadLinks(file, 'Rules live in COMPLIANCE.md.', known)).toEqual(['docs/planted.md: names COMPLIANCE.md, which is not in the repository']);
    expect(deadLinks(file, '![shot](screenshots/nope.png) [web](https://example.com/x.md) [here](#top)', known)).toEqual(['docs/planted.md: link to screenshots/nope.png']);
    expect(deadLinks(file, '```\n[x](missing.md)\n```', known)).toEqual([]);
  });
});
