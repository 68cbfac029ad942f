import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluate, loadCorpus } from '../../../src/classify/evaluate.js';
import { classifyByRules } from '../../../src/classify/rules/index.js';
import { createLocalClassifier } from '../../../src/classify/classifier.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));

describe.each(['ja', 'en'])('golden corpus replies.%s.jsonl (rules only)', (lang) => {
  const lines = loadCorpus(`${fixtures}replies.${lang}.jsonl`);
  const report = evaluate(lines, classifyByRules);
  const misses = report.misses.map((m) => `${m.what}: ${JSON.stringify(m.line.text)} want ${m.what === 'intent' ? m.line.intent : String(m.line[m.what])} got ${m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what])}`);

  it('is a realistic corpus: ≥220 lines, every intent ≥12 times', () => {
    expect(lines.length).toBeGreaterThanOrEqual(220);
    for (const [intent, p] of Object.entries(report.perIntent)) expect(p.total, intent).toBeGreaterThanOrEqual(12);
    expect(Object.keys(report.perIntent)).toHaveLength(12);
  });

  it('intent accuracy ≥ 92 %', () => {
    expect(report.intentCorrect / report.total, misses.join('\n')).toBeGreaterThanOrEqual(0.92);
  });

  it('date accuracy ≥ 95 % of dated lines', () => {
    expect(report.dates.total).toBeGreaterThan(30);
    expect(report.dates.correct / report.dates.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('opt-out precision and recall are 100 %', () => {
    expect(report.stop.fn, misses.join('\n')).toBe(0);
    expect(report.stop.fp, misses.join('\n')).toBe(0);
  });

  it('every result is a valid Classification with a rule', () => {
    for (const l of lines.slice(0, 50)) {
      const r = classifyByRules({ text: l.text, locale: l.locale, now: l.now, timezone: l.timezone });
      expect(r.rule).toBeTruthy();
      expect(r.confidence).toBeGreaterThan(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.entities.date) expect(r.entities.date >= '2026-11-20').toBe(true);
    }
  });
});

// Held-out sets: written after the rules, before looking at what the rules cover (see
// docs/classifier.md "How we measure generalisation"). holdout-3 was first scored untouched; the
// figures kept here are the floor after fixing the gaps it showed — do not tune on a new set
// before recording its untouched score.
describe.each(['holdout-2.ja', 'holdout-2.en', 'holdout-3.ja', 'holdout-3.en'])('held-out set %s.jsonl (rules only)', (name) => {
  const lines = loadCorpus(`${fixtures}${name}.jsonl`);
  const report = evaluate(lines, classifyByRules);
  const misses = report.misses.map((m) => `${m.what}: ${JSON.stringify(m.line.text)} want ${m.what === 'intent' ? m.line.intent : String(m.line[m.what])} got ${m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what])}`);

  it('covers every intent', () => {
    expect(Object.keys(report.perIntent)).toHaveLength(12);
    expect(report.dates.total).toBeGreaterThanOrEqual(7);
  });

  it('intent accuracy ≥ 92 %', () => {
    expect(report.intentCorrect / report.total, misses.join('\n')).toBeGreaterThanOrEqual(0.92);
  });

  it('date accuracy ≥ 95 % of dated lines', () => {
    expect(report.dates.correct / report.dates.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('opt-out precision and recall are 100 %', () => {
    expect(report.stop.fn, misses.join('\n')).toBe(0);
    expect(report.stop.fp, misses.join('\n')).toBe(0);
  });
});

// The tiers the engine uses without an LLM (keywords → rules → trained model). holdout-5 was scored
// untouched first (docs/classifier.md); the floors below are what it and the older sets reach after
// the general fixes, so later changes cannot quietly undo them. A missed opt-out must at least be in
// the "might be an opt-out" band (no further reminder), and no reply may become a false opt-out.
describe.each([
  ['replies.ja', 0.98],
  ['replies.en', 0.98],
  ['holdout-2.ja', 0.96],
  ['holdout-2.en', 0.96],
  ['holdout-3.ja', 0.96],
  ['holdout-3.en', 0.96],
  ['holdout-4.ja', 0.88],
  ['holdout-4.en', 0.9],
  ['holdout-5.ja', 0.96],
  ['holdout-5.en', 0.96],
  // holdout-6 was scored untouched first (90.1 %, docs/classifier.md), then fixed with families;
  // holdout-7 was scored untouched after that (95.8 %) and then fixed; dev-6 (data/classifier/) is
  // the set the second round was tuned on. None is trained on.
  ['holdout-6.ja', 0.97],
  ['holdout-6.en', 0.96],
  ['holdout-7.ja', 0.97],
  ['holdout-7.en', 0.97],
  ['dev-6.ja', 0.96],
  ['dev-6.en', 0.96],
  // dev-7 was scored untouched (85.1 / 84.6 %), then two thirds of it (dev-7-train.*) went into training;
  // every third line (dev-7-fresh) never did, and is the round's own fresh figure (94.6 / 92.6 %).
  // Round 7: its balance questions relabelled pay (convention c) and the model may overrule sure rules: 98.8 / 98.1 %,
  // fresh third 96.4 / 94.4 %.
  ['dev-7.ja', 0.97],
  ['dev-7.en', 0.96],
  ['dev-7-fresh.ja', 0.94],
  ['dev-7-fresh.en', 0.92],
  // Round 4 (docs/classifier.md "Round 4"): holdout-10 was scored untouched (93.7 / 95.3 %) and then tuned on
  // with families; dev-8 (data/classifier/) holds those families and is never trained on.
  ['holdout-10.ja', 0.98],
  ['holdout-10.en', 0.98],
  ['dev-8.ja', 0.97],
  ['dev-8.en', 0.98],
  // Round 5 (docs/classifier.md "Round 5"): dev-9 holds holdout-11's families, never trained on.
  ['dev-9.ja', 0.98],
  ['dev-9.en', 0.98],
] as const)('%s.jsonl through keywords + rules + model (no LLM)', (name, floor) => {
  const fresh = name.startsWith('dev-7-fresh.');
  const file = fresh ? name.replace('dev-7-fresh.', 'dev-7.') : name;
  const all = loadCorpus(file.startsWith('dev-') ? `${fixtures}../../data/classifier/${file}.jsonl` : `${fixtures}${file}.jsonl`);
  const lines = fresh ? all.filter((_, i) => i % 3 === 2) : all;
  const report = evaluate(lines, createLocalClassifier());
  const misses = report.misses.map((m) => `${m.what}: ${JSON.stringify(m.line.text)} want ${m.what === 'intent' ? m.line.intent : String(m.line[m.what])} got ${m.what === 'intent' ? m.got.intent : String(m.got.entities[m.what])} (${m.got.tier})`);

  it(`intent accuracy ≥ ${floor * 100} %, dates ≥ 95 %`, () => {
    expect(report.intentCorrect / report.total, misses.join('\n')).toBeGreaterThanOrEqual(floor);
    expect(report.dates.correct / report.dates.total, misses.join('\n')).toBeGreaterThanOrEqual(0.95);
  });

  it('no false opt-out; every opt-out decided or in the band', () => {
    expect(report.stop.fp, misses.join('\n')).toBe(0);
    expect(report.stop.bandRecall, misses.join('\n')).toBe(1);
  });
});

// holdout-8 (independent author) was scored untouched once (89.5 / 93.2 %) and a second and last time
// after round 3 (90.6 / 93.8 %, docs/classifier.md); it is now retired to this regression test. Its floors
// sit just under what round 3 reached, including what it still gets wrong: false opt-outs (2 per
// language) and ja opt-outs outside the band (2 of 40). A change that lowers any of these fails here.
describe.each([
  // name, intent floor, dates floor, max false opt-outs, band recall floor
  // Round 4 raised the floors to just under what it reached (94.2 / 96.0 %, no opt-out outside the band).
  // Round 7 (the model overrules unreliable sure rules at p ≥ 0.95): 95.3 / 98.3 %.
  ['holdout-8.ja', 0.94, 0.94, 2, 1],
  ['holdout-8.en', 0.97, 0.93, 0, 1],
  // holdout-9 (a second independent author, 2026-12-01) was scored untouched (90.5 / 94.1 %) before round 3
  // and once after it (92.7 / 95.3 %); retired here the same way. Round 4 read its misses (families only):
  // 96.9 / 97.6 %.
  // Round 7: 98.5 / 98.4 %.
  ['holdout-9.ja', 0.97, 0.96, 1, 1],
  ['holdout-9.en', 0.97, 0.95, 2, 1],
  // holdout-11 (a fourth independent author) was scored untouched after round 4 (90.3 / 89.7 %); round 5 read its
  // misses (families only): 98.0 / 99.1 %. Its one false opt-out ("Paid. You can stop the reminders now.", labelled
  // paid) follows the integrator's ruling that a request to stop the reminders is stop.
  ['holdout-11.ja', 0.97, 0.95, 0, 1],
  ['holdout-11.en', 0.97, 0.95, 1, 1],
  // holdout-12 (a fifth independent author) was scored untouched after round 5 (92.4 / 89.1 %), then only a
  // generic normaliser fix followed (invisible characters: ja 92.8 %). Retired here at those figures, its
  // misses included (2 ja false opt-outs, 2 en opt-outs outside the band): the next round starts from them.
  // Round 6 read its misses (families only, docs/classifier.md "Round 6"): 96.4 / 94.8 %, 1 / 0 false opt-outs, band 100 %.
  // The retrain that dropped holdout-13's lines from training moved one holdout-12.ja line (96.4 -> 95.6 %).
  ['holdout-12.ja', 0.95, 0.95, 1, 1],
  ['holdout-12.en', 0.95, 0.9, 0, 1],
  // holdout-13 (a sixth independent author) was scored untouched before round 6 (85.9 / 89.2 %) and once after it
  // (89.6 / 92.8 %, band recall 98.4 / 96.7 %, holdout-13's own lines excluded from training); then one generic date
  // fix ("til Friday of next week": en dates 86.4 -> 90.9 %). Retired here at those figures, misses included.
  // Round 7 (hand-written lines from three more writers, the overrule gate, families from the written sets): 94.0 / 95.2 %,
  // band recall 100 / 98.4 %.
  ['holdout-13.ja', 0.93, 0.95, 1, 1],
  ['holdout-13.en', 0.94, 0.9, 2, 0.98],
  // holdout-14 (a seventh independent author) was scored untouched on main before round 7 (92.0 / 92.4 %, band recall
  // 98.4 / 100 %) and on the merged round-7 tree (94.4 / 96.0 %, band 96.8 / 100 %: one ja opt-out left the band).
  // Retired here (round 7b). Excluding its own lines from training (32 short lines equal to training lines) moved it
  // to 91.6 / 94.8 %, 1 / 1 false opt-outs, band 96.8 / 100 %. Round 7b's opt-out families (docs/classifier.md
  // "Round 7b"): 92.8 / 95.6 %, band 100 / 100 %.
  ['holdout-14.ja', 0.92, 0.95, 1, 1],
  ['holdout-14.en', 0.95, 0.95, 1, 1],
  // holdout-15 and holdout-16 (an eighth and ninth independent author, 2026-12-02) were scored untouched on main fa8859c
  // before round 8 (94.0 / 96.0 % and 94.0 / 95.2 %, band 96.6 / 100 % and 98.3 / 100 %) and once after it, with their own
  // lines excluded from training (97.2 / 97.2 % and 94.8 / 96.4 %, band 98.3 / 100 % and 98.3 / 100 %; docs/classifier.md
  // "Round 8: the untouched figures"). Retired here at those figures, misses included; then the two opt-outs outside the
  // band were fixed as families (a bare 解約, asking to drop the number): band 100 / 100 % on both, holdout-16.ja 95.2 %.
  ['holdout-15.ja', 0.97, 0.95, 0, 1],
  ['holdout-15.en', 0.97, 0.95, 0, 1],
  ['holdout-16.ja', 0.95, 0.95, 1, 1],
  ['holdout-16.en', 0.96, 0.95, 0, 1],
  // holdout-17 and holdout-18 (a tenth and eleventh independent author, 2026-12-02) were scored untouched on main b562ce4
  // (17: ja 97.6 / en 95.6 %, dates 100 / 100 %, 0 / 1 false opt-outs, band 100 / 100 %; 18: ja 96.4 / en 97.2 %, dates
  // 100 / 95.0 %, 0 / 2 false opt-outs, band 100 / 100 %). Retired here after round 9 fixed their misses as families and
  // the retrain on w14–w15 (99.6 / 100 % and 100 / 98.8 %, dates 100 %, no false opt-out; docs/classifier.md "Round 9").
  ['holdout-17.ja', 0.99, 0.95, 0, 1],
  ['holdout-17.en', 0.99, 0.95, 0, 1],
  ['holdout-18.ja', 0.99, 0.95, 0, 1],
  ['holdout-18.en', 0.98, 0.95, 0, 1],
  // holdout-19 and holdout-20 (a twelfth and thirteenth independent author, 2026-12-02) were scored untouched on main b562ce4
  // and again on round 9 (fix9 46fa2e1): 19: ja 98.4 → 98.8 / en 95.2 → 96.0 %, dates 95.5 / 100 %, no false opt-out, band
  // 100 / 98.3 % (one en opt-out outside the band on both); 20 (same on both): ja 95.6 / en 96.4 %, dates 100 / 100 %, one
  // false opt-out each, band 100 / 100 %. Retired here after round 10 fixed their misses as families and the retrain that
  // dropped their lines from training (99.2 / 99.2 % and 100 / 98.0 %, dates 100 %, no false opt-out, band 100 %; docs/classifier.md "Round 10").
  ['holdout-19.ja', 0.99, 0.95, 0, 1],
  ['holdout-19.en', 0.99, 0.95, 0, 1],
  ['holdout-20.ja', 0.99, 0.95, 0, 1],
  ['holdout-20.en', 0.98, 0.95, 0, 1],
  // holdout-21 and holdout-22 (a fourteenth and fifteenth independent author, 2026-12-02) were scored untouched on main
  // b562ce4, on round 9 (fix9) and on merge9 0260977 (rounds 9 + 10): 21: ja 95.6 / 95.6 / 96.0 %, en 94.0 / 94.8 / 94.4 %
  // (merge9: dates 100 / 88.9 %, no false opt-out, band 100 / 98.3 %); 22: ja 96.4 / 98.0 / 98.0 %, en 95.6 / 96.0 / 96.0 %
  // (merge9: dates 100 / 100 %, no false opt-out, band 98.3 / 100 %). Retired here after round 11 fixed their misses as
  // families and the retrain that dropped their lines from training (98.4 / 96.4 % and 99.2 / 98.4 %, dates 100 %, no false
  // opt-out, band 100 %; docs/classifier.md "Round 11").
  ['holdout-21.ja', 0.98, 0.95, 0, 1],
  ['holdout-21.en', 0.96, 0.95, 0, 1],
  ['holdout-22.ja', 0.99, 0.95, 0, 1],
  ['holdout-22.en', 0.98, 0.95, 0, 1],
  // holdout-23 and holdout-24 (a sixteenth and seventeenth independent author, 2026-12-02) were kept sealed (unread) and scored
  // untouched four times: on main b562ce4, on merge9 (rounds 9 + 10), on round 11 and on round 12's starting tree (main
  // 04b98ff, the same answers as round 11): 23: ja 94.8 / 94.8 / 94.4 / 94.4 %, en 96.0 / 96.0 / 96.8 / 96.8 % (round 11: dates
  // 100 / 95.0 %, one false opt-out each, band 98.3 / 100 %); 24: ja 98.0 / 99.2 / 99.6 / 99.6 %, en 96.4 / 96.4 / 95.6 / 95.6 %
  // (round 11: dates 100 / 95.0 %, 0 / 1 false opt-outs, band 100 %). Retired here after round 12 fixed their misses as
  // families and the retrain on w16–w17 that dropped their lines from training (99.2 / 100 % and 100 / 99.6 %, dates 100 %,
  // no false opt-out, band 100 %; docs/classifier.md "Round 12").
  ['holdout-23.ja', 0.99, 0.95, 0, 1],
  ['holdout-23.en', 0.99, 0.95, 0, 1],
  ['holdout-24.ja', 0.99, 0.95, 0, 1],
  ['holdout-24.en', 0.99, 0.95, 0, 1],
  // holdout-25 and holdout-28 (independent authors h25 and h28, 2026-12-02: older debtors and relatives answering for them;
  // young renters over the year-end holidays, code-switching, emoji) were scored untouched on main d9b26c0: 25: ja 92.0 /
  // en 93.6 %, dates 95.5 / 100 %, 4 / 1 false opt-outs, band 100 / 98.3 %; 28: ja 94.4 / en 91.2 %, dates 95.0 / 90.0 %,
  // 1 / 2 false opt-outs, band 100 / 96.7 %. Retired here after round 13 fixed their misses as families and the retrain that
  // dropped their lines from training (99.2 / 98.4 % and 98.0 / 98.8 %, dates 100 %, no false opt-out, band 100 %;
  // docs/classifier.md "Round 13").
  ['holdout-25.ja', 0.99, 0.95, 0, 1],
  ['holdout-25.en', 0.98, 0.95, 0, 1],
  ['holdout-28.ja', 0.98, 0.95, 0, 1],
  ['holdout-28.en', 0.98, 0.95, 0, 1],
  // holdout-26 and holdout-27 (independent authors h26 and h27, 2026-12-02: late-night phone typing and voice-to-text; business
  // debtors at fiscal month-end, careful non-native English) were scored untouched on main d9b26c0 and on 166456e (rounds 12 + 13):
  // 26: ja 94.8 / 95.2 %, en 95.6 / 95.6 %, dates 100 %, 1 / 0 false opt-outs, band 100 / 98.3 % (166456e); 27: ja 94.8 / 94.8 %,
  // en 96.4 / 97.2 %, dates 88.5 / 92.6 %, 2 / 0 false opt-outs, band 100 / 98.3 % (166456e). Retired here after round 14
  // (docs/classifier.md "Round 14"). holdout-26.en's band floor is 0.98: "stop txting me at 1150 at night" is a contact-time
  // request by conventions (e), listed as a labelling disagreement, not fixed.
  ['holdout-26.ja', 0.97, 0.95, 0, 1],
  ['holdout-26.en', 0.96, 0.95, 0, 0.98],
  ['holdout-27.ja', 0.96, 0.95, 0, 1],
  ['holdout-27.en', 0.98, 0.95, 0, 1],
  // holdout-29 and holdout-30 (independent authors h29 and h30, 2026-12-02: medical bills, loans and cards, legal words,
  // bargaining, commuters; utility customers over Golden Week / a Hawaii long weekend, regional speech) sat sealed and were
  // scored untouched three times — main b7753e3, rounds 12 + 13 (166456e), rounds 12–14 (44c8169 = round 15's start):
  // 29: ja 92.4 / 92.8 / 92.0 %, en 93.2 / 94.0 / 92.4 %, band en 98.3 / 96.7 / 98.3 %; 30: ja 97.2 / 97.6 / 97.2 % (1 false
  // opt-out), en 94.4 / 94.4 / 95.2 %, band en 96.7 %. Retired here after round 15 (docs/classifier.md "Round 15").
  ['holdout-29.ja', 0.99, 0.95, 0, 1],
  ['holdout-29.en', 0.99, 0.95, 0, 1],
  ['holdout-30.ja', 0.99, 0.95, 0, 1],
  ['holdout-30.en', 0.99, 0.95, 0, 1],
  // holdout-32 and holdout-34 (independent authors h32 and h34, 2026-12-02: sole traders in tax-return season, staff replying
  // for the owner, pounds on the en side; angry, sarcastic and tired debtors over the summer holidays) sat sealed and were
  // scored untouched four times — main c4f4d16, the same with the sealed lines excluded from training, session 26 merged and
  // round 16's start a5a313c (the last two equal): 32: ja 96.8 / 97.2 / 96.0 / 96.0 %, en 90.4 / 91.6 / 91.2 / 91.2 %, one
  // false opt-out each, band en 98.3 %; 34: ja 96.0 / 96.0 / 96.8 / 96.8 % (band 98.3 %), en 97.2 / 97.2 / 96.4 / 96.4 % (two
  // false opt-outs). Retired here after round 16 (docs/classifier.md "Round 16").
  ['holdout-32.ja', 0.98, 0.95, 0, 1],
  ['holdout-32.en', 0.98, 0.95, 0, 1],
  ['holdout-34.ja', 0.99, 0.95, 0, 1],
  ['holdout-34.en', 0.98, 0.95, 0, 1],
] as const)('%s.jsonl (retired held-out set) through keywords + rules + model (no LLM)', (name, floor, datesFloor, maxFp, bandFloor) => {
  const report = evaluate(loadCorpus(`${fixtures}${name}.jsonl`), createLocalClassifier());

  it(`intent accuracy ≥ ${floor * 100} %, dates ≥ ${datesFloor * 100} %`, () => {
    expect(report.intentCorrect / report.total).toBeGreaterThanOrEqual(floor);
    expect(report.dates.correct / report.dates.total).toBeGreaterThanOrEqual(datesFloor);
  });

  it(`at most ${maxFp} false opt-outs; band recall ≥ ${bandFloor * 100} %`, () => {
    expect(report.stop.fp).toBeLessThanOrEqual(maxFp);
    expect(report.stop.bandRecall).toBeGreaterThanOrEqual(bandFloor);
  });
});
