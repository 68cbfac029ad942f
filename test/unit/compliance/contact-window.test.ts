import { describe, expect, it } from 'vitest';
import { describeContactWindows, parseContactWindow } from '../../../src/compliance/contact-window';

const WD = [1, 2, 3, 4, 5];
const WE = [0, 6];

describe('parseContactWindow', () => {
  it.each([
    ['平日19時以降のみ', [{ days: WD, from: '19:00', to: '24:00' }]],
    ['平日19時以降のみでお願いします', [{ days: WD, from: '19:00', to: '24:00' }]],
    ['連絡は平日の18時半以降にしてください', [{ days: WD, from: '18:30', to: '24:00' }]],
    ['土日だけ連絡ください', [{ days: WE, from: '00:00', to: '24:00' }]],
    ['連絡は12時から13時の間だけ', [{ from: '12:00', to: '13:00' }]],
    ['午後7時以降にメールしてください', [{ from: '19:00', to: '24:00' }]],
    ['ＳＭＳは１９時以降のみ', [{ from: '19:00', to: '24:00' }]],
    ['only after 6pm', [{ from: '18:00', to: '24:00' }]],
    ['only after 6pm please', [{ from: '18:00', to: '24:00' }]],
    ['Please only text me after 6', [{ from: '18:00', to: '24:00' }]],
    ['weekends only', [{ days: WE, from: '00:00', to: '24:00' }]],
    ['weekdays only, after 7:30pm', [{ days: WD, from: '19:30', to: '24:00' }]],
    ['only text me between 9am and 5pm', [{ from: '09:00', to: '17:00' }]],
    ['text me before 10am only', [{ from: '00:00', to: '10:00' }]],
    ["don't text me before 10am", [{ from: '10:00', to: '24:00' }]],
    ['no texts after 8pm please', [{ from: '00:00', to: '20:00' }]],
    ['evenings only', [{ from: '18:00', to: '24:00' }]],
  ])('%s', (text, want) => {
    const got = parseContactWindow(text);
    expect(got?.map(({ note: _n, ...w }) => w)).toEqual(want);
  });

  it.each([
    '19時以降に払います',
    '25日に払います',
    '払いました',
    'I will pay after 6pm',
    'I paid',
    'STOP',
    'ok',
    'when is it due?',
    '平日です',
  ])('%s → not a contact request', (text) => expect(parseContactWindow(text)).toBeNull());
});

describe('describeContactWindows', () => {
  it.each([
    [[{ days: WD, from: '19:00', to: '24:00' }], 'ja', '平日19時以降'],
    [[{ days: WE, from: '00:00', to: '24:00' }], 'ja', '土日'],
    [[{ from: '12:00', to: '13:00' }], 'ja', '12時〜13時'],
    [[{ from: '18:00', to: '24:00' }], 'en', 'after 6pm'],
    [[{ days: WD, from: '19:30', to: '24:00' }], 'en', 'weekdays after 7:30pm'],
    [[{ days: WE, from: '00:00', to: '24:00' }], 'en', 'weekends'],
  ] as const)('%j %s → %s', (w, loc, want) => expect(describeContactWindows([...w] as never, loc)).toBe(want));
});
