/** Totals over several corpus reports (the cross-writer scripts: policy-cross.ts, policy-sweep.ts). */
import type { Report } from '../../src/classify/evaluate.js';

export interface Tally {
  ja: [number, number];
  en: [number, number];
  d: [number, number];
  fp: number;
  band: [number, number];
}
export const emptyTally = (): Tally => ({ ja: [0, 0], en: [0, 0], d: [0, 0], fp: 0, band: [0, 0] });

/** Adds one report of `locale` lines: intent right / total, dates, false opt-outs, opt-outs decided or in the band. */
export function addReport(t: Tally, locale: 'ja' | 'en', r: Report): void {
  t[locale][0] += r.intentCorrect;
  t[locale][1] += r.total;
  t.d[0] += r.dates.correct;
  t.d[1] += r.dates.total;
  t.fp += r.stop.fp;
  t.band[0] += r.stop.tp + r.stop.fnSuspected;
  t.band[1] += r.stop.tp + r.stop.fn;
}
