import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvReader, decodeCsvBytes, parseCsv } from '../../../src/dunning/csv';

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

describe('CsvReader fed in chunks', () => {
  const whole = (text: string) => parseCsv(text);
  const chunked = (text: string, cuts: number[]) => {
    const reader = new CsvReader();
    const rows: string[][] = [];
    let at = 0;
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
      rows.push(...reader.push(text.slice(at, cut)).map((r) => r.values));
      at = cut;
    }
    rows.push(...reader.push(text.slice(at)).map((r) => r.values));
    const end = reader.end();
    return end.ok ? { ok: true, rows: [...rows, ...end.records.map((r) => r.values)] } : end;
  };

  it('reads any cut of a file as the whole text does (quotes, doubled quotes, CRLF split between chunks)', () => {
    const cell = fc.oneof(fc.constantFrom('', 'a', '山田', '"x, y"', '"say ""hi"""', '"l1\r\nl2"', '""""', ' b '), fc.string({ maxLength: 4 }).filter((s) => !/[",\r\n]/.test(s)));
    const file = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }).chain((rows) =>
      fc.tuple(fc.constant(rows.map((r) => r.join(',')).join('\r\n')), fc.boolean()).map(([t, trailing]) => (trailing ? `${t}\r\n` : t)),
    );
    fc.assert(
      fc.property(
        file.chain((text) => fc.tuple(fc.constant(text), fc.array(fc.integer({ min: 0, max: text.length }), { maxLength: 6 }))),
        ([text, cuts]) => {
          expect(chunked(text, cuts)).toEqual(whole(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes Shift_JIS when the bytes are not UTF-8, and says so', async () => {
    // 山田 in CP932, then a byte split between chunks.
    const sjis = new Uint8Array([0x61, 0x0a, 0x8e, 0x52, 0x93, 0x63, 0x0a]);
    const out: string[] = [];
    const gen = decodeCsvBytes((async function* () { yield sjis.slice(0, 3); yield sjis.slice(3); })());
    let next = await gen.next();
    for (; !next.done; next = await gen.next()) out.push(next.value);
    expect(out.join('')).toBe('a\n山田\n');
    expect(next.value).toBe('shift_jis');
  });
});
