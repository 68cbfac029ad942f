/** English number words used in counts and offsets ("two weeks", "three payments"). */
const WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, single: 1, two: 2, couple: 2, three: 3, four: 4, five: 5, six: 6, seven: 7,
  eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30,
};

export const NUMBER_WORD = '(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|couple(?: of)?)';

/** "3" / "three" / "a couple of" → number; undefined when it is not a number. */
export function parseNumberWord(s: string): number | undefined {
  const t = s.trim().replace(/ of$/, '');
  if (/^\d+$/.test(t)) return Number(t);
  return WORDS[t];
}

export const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, last: -1,
  '1st': 1, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5, '6th': 6,
};
