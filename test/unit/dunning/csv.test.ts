import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/dunning/csv';

describe('parseCsv', () => {
  it.each([
    ['a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\r\n1,2', [['a', 'b'], ['1', '2']]],
    ['\ufeffa,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['a,b\n"x, y","say ""hi"""\n', [['a', 'b'], ['x, y', 'say "hi"']]],
    ['a\n"line1\nline2"\n', [['a'], ['line1\nline2']]],
    ['a,b\n,\n', [['a', 'b'], ['', '']]],
    ['a,b\n\n1,2\n\n', [['a', 'b'], ['1', '2']]],
    ['山田,太郎\n', [['山田', '太郎']]],
  ])('parses %j', (text, rows) => {
    expect(parseCsv(text)).toEqual({ ok: true, rows });
  });

  it('names the line of an unterminated quote', () => {
    expect(parseCsv('a,b\n1,2\n"oops,3\n')).toEqual({ ok: false, error: 'unterminated quoted field starting on line 3' });
  });
});
