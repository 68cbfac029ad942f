import { describe, expect, it } from 'vitest';
import { JP_MAX_CHARS, checkJpLength, countSegments, isGsm7 } from '../../../src/channels/segments.js';

describe('countSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 0, 160],
    ['short ASCII', 'Hello', 'GSM-7', 1, 5, 160],
    ['160 ASCII fit one SMS', 'a'.repeat(160), 'GSM-7', 1, 160, 160],
    ['161 ASCII need two', 'a'.repeat(161), 'GSM-7', 2, 161, 153],
    ['306 ASCII = 2 × 153', 'a'.repeat(306), 'GSM-7', 2, 306, 153],
    ['307 ASCII need three', 'a'.repeat(307), 'GSM-7', 3, 307, 153],
    ['GSM accents stay GSM-7', 'Café à Zürich, señor; Ç Ø Å ß É ¿¡ £$¥ @', 'GSM-7', 1, 40, 160],
    ['newlines are GSM-7', 'a\nb\r\n', 'GSM-7', 1, 5, 160],
    ['€ counts 2', '€', 'GSM-7', 1, 2, 160],
    ['{ } [ ] ~ | ^ \\ count 2 each', '{}[]~|^\\', 'GSM-7', 1, 16, 160],
    ['80 × € = 160 septets, one SMS', '€'.repeat(80), 'GSM-7', 1, 160, 160],
    ['81 × € = 162 septets', '€'.repeat(81), 'GSM-7', 2, 162, 153],
    // 152 'a' then '€': the escape pair cannot split across parts, so € opens part 2.
    ['escape pair never split', `${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 2, 164, 153],
    ['a curly quote forces UCS-2', 'It’s due', 'UCS-2', 1, 8, 70],
    ['Japanese', 'お支払いをお願いします', 'UCS-2', 1, 11, 70],
    ['70 Japanese chars fit one SMS', 'あ'.repeat(70), 'UCS-2', 1, 70, 70],
    ['71 Japanese chars need two', 'あ'.repeat(71), 'UCS-2', 2, 71, 67],
    ['134 = 2 × 67', 'あ'.repeat(134), 'UCS-2', 2, 134, 67],
    ['135 need three', 'あ'.repeat(135), 'UCS-2', 3, 135, 67],
    ['670 = 10 parts', 'あ'.repeat(670), 'UCS-2', 10, 670, 67],
    ['one emoji is 2 units', '🙏', 'UCS-2', 1, 2, 70],
    ['35 emoji = 70 units, one SMS', '🙏'.repeat(35), 'UCS-2', 1, 70, 70],
    ['36 emoji = 72 units', '🙏'.repeat(36), 'UCS-2', 2, 72, 67],
    // 66 units then an emoji: the pair does not fit in 67, so it starts part 2.
    ['surrogate pair never split', `${'あ'.repeat(66)}🙏${'あ'.repeat(5)}`, 'UCS-2', 2, 73, 67],
    ['ASCII + one Japanese char → all UCS-2', `${'a'.repeat(69)}円`, 'UCS-2', 1, 70, 70],
  ])('%s', (_name, text, encoding, segments, units, maxPerSegment) => {
    expect(countSegments(text)).toEqual({ encoding, segments, units, maxPerSegment });
  });

  it('isGsm7', () => {
    expect(isGsm7('Reply STOP to opt out')).toBe(true);
    expect(isGsm7('€{}')).toBe(true);
    expect(isGsm7('停止')).toBe(false);
    expect(isGsm7('ＳＴＯＰ')).toBe(false);
  });
});

describe('checkJpLength', () => {
  it.each([
    ['あ'.repeat(JP_MAX_CHARS), true, 670],
    ['あ'.repeat(JP_MAX_CHARS + 1), false, 671],
    ['🙏'.repeat(335), true, 670],
    ['🙏'.repeat(336), false, 672],
    ['', true, 0],
  ])('%#: ok=%s chars=%s', (text, ok, chars) => {
    expect(checkJpLength(text)).toEqual({ ok, chars, max: 670 });
  });
});
