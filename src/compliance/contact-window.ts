import type { Locale } from '../classify/port';
/**
 * Debtor-requested contact windows (COMPLIANCE rule 8; 貸金業法21条1項2号, CONC 7.9.4R):
 * "平日19時以降のみ", "only after 6pm", "weekends only". A small pure parser: it recognises a
 * request about WHEN to be contacted and returns the windows (alternatives) or null. It errs on
 * the side of null — "19時以降に払います" is a payment time, not a contact request.
 *
 * Windows are debtor-local; `to` may be "24:00" (end of day). The send gate intersects them with the
 * jurisdiction's hours, so a request can only narrow contact, never widen it.
 */
export interface ContactWindow {
  /** 0 = Sunday … 6 = Saturday; absent = every day. */
  days?: number[];
  from: string;
  to: string;
  /** The words it was read from, for the audit log and the collector. */
  note?: string;
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];

const hm = (h: number, m = 0) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

// ---- Japanese ----------------------------------------------------------------------------------

const JA_CONTACT = /連絡|電話|メール|sms|ショートメ|メッセージ|送信|送って|送るの|通知|のみ|だけ|限定|以外/;
const JA_PAYMENT = /払|振込|振り込|入金|支払/;

function jaDays(t: string): number[] | undefined {
  if (/土日祝|土日|週末|休日|休みの日/.test(t)) return WEEKEND;
  if (/平日/.test(t)) return WEEKDAYS;
  if (/土曜/.test(t)) return [6];
  if (/日曜/.test(t)) return [0];
  return undefined;
}

/** "19時", "19時半", "19:30", "午後7時" → minutes-free HH:MM. */
const JA_TIME = '(午前|午後)?(\\d{1,2})(?:時(半)?|:(\\d{2}))';
function jaClock(ampm: string | undefined, h: string, half: string | undefined, mm: string | undefined): string | null {
  let hour = Number(h);
  if (ampm === '午後' && hour < 12) hour += 12;
  if (hour > 24) return null;
  return hm(hour, half ? 30 : mm ? Number(mm) : 0);
}

function jaHours(t: string): { from: string; to: string } | undefined {
  const range = new RegExp(`${JA_TIME}(?:から|〜|~|-|ー)${JA_TIME}(?:まで|の間)?`).exec(t);
  if (range) {
    const from = jaClock(range[1], range[2]!, range[3], range[4]);
    const to = jaClock(range[5] ?? range[1], range[6]!, range[7], range[8]);
    if (from && to && from < to) return { from, to };
  }
  const after = new RegExp(`${JA_TIME}(?:以降|から|過ぎ|以後|より後)`).exec(t);
  if (after) {
    const from = jaClock(after[1], after[2]!, after[3], after[4]);
    if (from) return { from, to: '24:00' };
  }
  const before = new RegExp(`${JA_TIME}(?:まで|以前|より前)`).exec(t);
  if (before) {
    const to = jaClock(before[1], before[2]!, before[3], before[4]);
    if (to) return { from: '00:00', to };
  }
  if (/午前中/.test(t)) return { from: '00:00', to: '12:00' };
  if (/午後/.test(t)) return { from: '12:00', to: '24:00' };
  if (/夕方以降/.test(t)) return { from: '17:00', to: '24:00' };
  if (/夜(?:間)?(?:のみ|だけ|に|以降)/.test(t)) return { from: '18:00', to: '24:00' };
  return undefined;
}

function parseJa(t: string): ContactWindow[] | null {
  if (!JA_CONTACT.test(t)) return null;
  // "19時以降に払います": a time for paying, unless contact is named explicitly.
  if (JA_PAYMENT.test(t) && !/連絡|電話|メール|sms|ショートメ|メッセージ|送/.test(t)) return null;
  const days = jaDays(t);
  const hours = jaHours(t);
  if (!days && !hours) return null;
  return [{ ...(days ? { days } : {}), from: hours?.from ?? '00:00', to: hours?.to ?? '24:00' }];
}

// ---- English -----------------------------------------------------------------------------------

const EN_CONTACT = /\bonly\b|\bjust\b|\btext(?:s|ing)?\b|\bcontact\b|\bmessage\b|\bcall\b|\breach\b|\bdon'?t\b|\bnot\b|\bno texts?\b/;
const EN_PAYMENT = /\bpay|\bpaid\b|\bpayment\b/;
const EN_TIME = '(\\d{1,2})(?::(\\d{2}))? ?(am|pm|a\\.m\\.|p\\.m\\.)?|(noon|midnight)';

function enClock(h: string | undefined, mm: string | undefined, ampm: string | undefined, word: string | undefined): string | null {
  if (word) return word === 'noon' ? '12:00' : '24:00';
  let hour = Number(h);
  const ap = ampm?.replace(/\./g, '');
  if (ap === 'pm' && hour < 12) hour += 12;
  if (ap === 'am' && hour === 12) hour = 0;
  // "after 6" without am/pm in a contact request means the evening.
  if (!ap && hour >= 1 && hour <= 7) hour += 12;
  if (hour > 24) return null;
  return hm(hour, mm ? Number(mm) : 0);
}

function enDays(t: string): number[] | undefined {
  if (/\bweekends?\b|\bsaturdays? (?:and|&) sundays?\b/.test(t)) return WEEKEND;
  if (/\bweekdays?\b|\bmonday to friday\b|\bmon-fri\b/.test(t)) return WEEKDAYS;
  return undefined;
}

function enHours(t: string): { from: string; to: string } | undefined {
  const range = new RegExp(`\\bbetween (?:${EN_TIME}) (?:and|-) (?:${EN_TIME})`).exec(t);
  if (range) {
    const from = enClock(range[1], range[2], range[3] ?? range[7], range[4]);
    const to = enClock(range[5], range[6], range[7], range[8]);
    if (from && to && from < to) return { from, to };
  }
  // "don't text me before 10am" means from 10am; "no texts after 8pm" means until 8pm.
  const negated = /\b(?:don'?t|do not|never|no|not)\b/.test(t);
  const notBefore = negated ? new RegExp(`\\bbefore (?:${EN_TIME})`).exec(t) : null;
  if (notBefore) {
    const from = enClock(notBefore[1], notBefore[2], notBefore[3], notBefore[4]);
    if (from) return { from, to: '24:00' };
  }
  const notAfter = negated ? new RegExp(`\\bafter (?:${EN_TIME})`).exec(t) : null;
  if (notAfter) {
    const to = enClock(notAfter[1], notAfter[2], notAfter[3], notAfter[4]);
    if (to) return { from: '00:00', to };
  }
  const after = new RegExp(`\\b(?:after|from|not before|no earlier than) (?:${EN_TIME})`).exec(t);
  if (after) {
    const from = enClock(after[1], after[2], after[3], after[4]);
    if (from) return { from, to: '24:00' };
  }
  const before = new RegExp(`\\b(?:before|until|till|not after|no later than) (?:${EN_TIME})`).exec(t);
  if (before) {
    const to = enClock(before[1], before[2], before[3], before[4]);
    if (to) return { from: '00:00', to };
  }
  if (/\bmornings?\b/.test(t)) return { from: '00:00', to: '12:00' };
  if (/\bafternoons?\b/.test(t)) return { from: '12:00', to: '24:00' };
  if (/\bevenings?\b|\bnights?\b/.test(t)) return { from: '18:00', to: '24:00' };
  return undefined;
}

function parseEn(t: string): ContactWindow[] | null {
  if (!EN_CONTACT.test(t)) return null;
  if (EN_PAYMENT.test(t) && !/\btext|\bcontact|\bmessage|\bcall|\breach/.test(t)) return null;
  const days = enDays(t);
  const hours = enHours(t);
  if (!days && !hours) return null;
  return [{ ...(days ? { days } : {}), from: hours?.from ?? '00:00', to: hours?.to ?? '24:00' }];
}

/** The windows a message asks for, or null when it does not ask about contact times. */
export function parseContactWindow(text: string): ContactWindow[] | null {
  const t = normalise(text);
  if (!t || t.length > 200) return null;
  const w = /[\u3040-\u30ff\u4e00-\u9fff]/.test(t) ? parseJa(t) : parseEn(t);
  if (!w) return null;
  // A window that allows the whole day on every day asks for nothing.
  if (w.every((x) => !x.days && x.from === '00:00' && x.to === '24:00')) return null;
  return w.map((x) => ({ ...x, note: text.trim().slice(0, 80) }));
}

const JA_DAY = ['日', '月', '火', '水', '木', '金', '土'];
const EN_DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function sameDays(a: number[] | undefined, b: number[]) {
  return a !== undefined && a.length === b.length && a.every((d, i) => d === b[i]);
}

function hourText(t: string, locale: Locale): string {
  const [h, m] = t.split(':').map(Number);
  if (locale === 'ja') return m ? `${h}時${m}分` : `${h}時`;
  const h12 = h! % 12 === 0 ? 12 : h! % 12;
  return `${h12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h! < 12 || h === 24 ? 'am' : 'pm'}`;
}

/** "平日19時以降" / "weekdays after 7pm", for the confirmation back to the debtor. */
export function describeContactWindows(windows: ContactWindow[], locale: Locale): string {
  return windows
    .map((w) => {
      const days = !w.days
        ? ''
        : sameDays([...w.days].sort(), WEEKDAYS)
          ? locale === 'ja' ? '平日' : 'weekdays'
          : sameDays([...w.days].sort(), WEEKEND)
            ? locale === 'ja' ? '土日' : 'weekends'
            : w.days.map((d) => (locale === 'ja' ? JA_DAY[d] : EN_DAY[d])).join(locale === 'ja' ? '・' : '/') + (locale === 'ja' ? '曜' : '');
      const open = w.from === '00:00';
      const close = w.to === '24:00';
      const hours =
        open && close ? '' :
        open ? (locale === 'ja' ? `${hourText(w.to, locale)}まで` : `before ${hourText(w.to, locale)}`) :
        close ? (locale === 'ja' ? `${hourText(w.from, locale)}以降` : `after ${hourText(w.from, locale)}`) :
        locale === 'ja' ? `${hourText(w.from, locale)}〜${hourText(w.to, locale)}` : `${hourText(w.from, locale)}–${hourText(w.to, locale)}`;
      return [days, hours].filter(Boolean).join(locale === 'ja' ? '' : ' ');
    })
    .join(locale === 'ja' ? '、' : ', ');
}
