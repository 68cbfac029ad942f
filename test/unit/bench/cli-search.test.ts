import { describe, expect, it } from 'vitest';
import { cliArgs } from '../../../bench/lib/args';
import { firstIndex } from '../../../bench/lib/stats';

describe('bench helpers shared by the analysis scripts', () => {
  it('firstIndex: the first index where the condition turns true (upper and lower bounds of a sorted array)', () => {
    const xs = [1, 2, 2, 2, 5, 9];
    const countTo = (T: number) => firstIndex(xs.length, (i) => xs[i]! > T);
    expect([0, 1, 2, 4, 8, 9, 10].map(countTo)).toEqual([0, 1, 4, 4, 5, 6, 6]);
    expect(firstIndex(xs.length, (i) => xs[i]! >= 2)).toBe(1);
    expect(firstIndex(0, () => true)).toBe(0);
  });

  it('cliArgs: bare files, --k=v options (the value keeps later "="), numbers with defaults, the usage when no file', () => {
    const cli = cliArgs(['--top=5', 'a.json', '--expr=x=y', 'b.json', '--step=']);
    expect(cli.files).toEqual(['a.json', 'b.json']);
    expect(cli.file('x <f>')).toBe('a.json');
    expect(cli.num('top', 30)).toBe(5);
    expect(cli.num('min', 30)).toBe(30);
    expect(cli.str('expr', '')).toBe('x=y');
    expect(cli.value('step')).toBe('');
    expect(cli.value('nope')).toBeUndefined();
    expect(() => cliArgs(['--top=1']).file('stalls.ts <profile>')).toThrow('usage: stalls.ts <profile>');
  });
});
