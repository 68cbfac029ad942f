import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createClassifier, createLocalClassifier } from '../../../src/classify/classifier.js';
import { loadCorpus, type CorpusLine } from '../../../src/classify/evaluate.js';
import { defaultModel } from '../../../src/classify/model/default.js';
import { loadLinearModel } from '../../../src/classify/model/linear.js';
import { corpusHash, trainLinear } from '../../../src/classify/model/train.js';
import { Classification, type Classifier, type ClassifyRequest } from '../../../src/classify/port.js';
import { classifyLocal, DEFAULT_TIER_POLICY } from '../../../src/classify/tiers.js';
import { generate } from '../../../scripts/classifier/gen-corpus.js';
import { heldOutFiles, heldOutKey, heldOutKeys, isFilteredFile, trainingLines } from '../../../scripts/classifier/held-out.js';
import { NOW_EN, NOW_JA } from './helpers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const en = (text: string): ClassifyRequest => ({ text, locale: 'en', now: NOW_EN, timezone: 'America/New_York' });
const ja = (text: string): ClassifyRequest => ({ text, locale: 'ja', now: NOW_JA, timezone: 'Asia/Tokyo' });
const local = createLocalClassifier();

const tiny: CorpusLine[] = [
  ['I paid it', 'paid'], ['paid yesterday', 'paid'], ['stop texting me', 'stop'], ['leave me alone', 'stop'],
  ['can I pay friday', 'extend'], ['who is this', 'help'], ['ok', 'other'], ['thanks', 'other'],
].map(([text, intent]) => ({ text: text as string, intent: intent as CorpusLine['intent'], locale: 'en' as const, now: NOW_EN, timezone: 'America/New_York' }));

describe('trained tier: artefact and training', () => {
  it('training is deterministic and the artefact records the corpus it came from', () => {
    const a = trainLinear(tiny, { dims: 1 << 12, epochs: 3, seed: 5 });
    const b = trainLinear(tiny, { dims: 1 << 12, epochs: 3, seed: 5 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.trainedFrom.corpusHash).toBe(corpusHash(tiny));
    expect(a.version.startsWith(`${a.featureVersion}.${corpusHash(tiny).slice(0, 8)}.`)).toBe(true);
    const other = trainLinear(tiny.slice(1), { dims: 1 << 12, epochs: 3, seed: 5 });
    expect(other.trainedFrom.corpusHash).not.toBe(a.trainedFrom.corpusHash);
  });

  it('a model trained on a corpus reproduces its labels', () => {
    const m = loadLinearModel(trainLinear(tiny, { dims: 1 << 12, epochs: 20 }));
    for (const l of tiny) expect(classifyLocal({ text: l.text, locale: 'en', now: NOW_EN, timezone: l.timezone }, m, { ...DEFAULT_TIER_POLICY, rulesSure: 2 }).classification.intent, l.text).toBe(l.intent);
  });

  it('refuses a malformed artefact', () => {
    const good = trainLinear(tiny, { dims: 1 << 12, epochs: 1 });
    expect(() => loadLinearModel({ ...good, format: 'other' })).toThrow();
    expect(() => loadLinearModel({ ...good, weights: Buffer.from(new Int16Array(3).buffer).toString('base64') })).toThrow(/weights for/);
  });

  it('the shipped artefact was trained on the corpus in the repo (retrain after changing it: npm run train:classifier)', () => {
    const a = JSON.parse(readFileSync(`${root}data/classifier/model.json`, 'utf8'));
    const { lines } = trainingLines(root, a.trainedFrom.files.map((file: string) => ({ file, weight: 1, filter: isFilteredFile(file) })));
    expect(a.trainedFrom.files).toContain('data/classifier/train.ja.jsonl');
    expect(a.trainedFrom.files.some((f: string) => f.includes('holdout'))).toBe(false);
    expect(corpusHash(lines)).toBe(a.trainedFrom.corpusHash);
    expect(defaultModel().corpusHash).toBe(a.trainedFrom.corpusHash);
  });

  // Every held-out and dev file by name (test/fixtures/holdout-*, data/classifier/dev-*): a set added later is covered
  // without touching this test. The generated and the written lines may not repeat one (after normalisation);
  // the golden corpus and dev-7-train (two thirds of dev-7) are trained on by design.
  it('the training corpus has ≥ 4,000 lines and none equal to a held-out or dev line', () => {
    const files = heldOutFiles(root);
    expect(files.filter((f) => f.startsWith('test/fixtures/holdout-')).length).toBeGreaterThanOrEqual(22);
    expect(files).toContain('test/fixtures/holdout-12.en.jsonl');
    expect(files).toContain('data/classifier/dev-9.ja.jsonl');
    // Sealed sets (scored, not yet read) are held out too (decision 0139): a model never trains on a line it is later judged on.
    expect(files.filter((f) => /^test\/fixtures\/sealed\/holdout-\d+\.(ja|en)\.jsonl$/.test(f)).length).toBeGreaterThanOrEqual(2);
    const keys = heldOutKeys(root);
    const a = JSON.parse(readFileSync(`${root}data/classifier/model.json`, 'utf8'));
    const trained = (a.trainedFrom.files as string[]).filter(isFilteredFile);
    expect(trained).toContain('data/classifier/train.en.jsonl');
    const train = trained.flatMap((f) => loadCorpus(root + f).map((l) => ({ f, text: l.text })));
    expect(train.length).toBeGreaterThanOrEqual(4000);
    const leaks = train.filter((l) => keys.has(heldOutKey(l.text)) && l.f.startsWith('data/classifier/train.'));
    expect(leaks, leaks.map((l) => `${l.f}: ${l.text}`).join('\n')).toEqual([]);
    // Written lines equal to a held-out line are dropped by the trainer (trainingLines), not trained on.
    const { lines } = trainingLines(root, trained.map((file) => ({ file, weight: 1, filter: true })), keys);
    for (const l of lines) expect(keys.has(heldOutKey(l.text)), l.text).toBe(false);
  });

  // The committed corpus is what `npm run corpus:classifier` writes now (it was not: retiring holdout-12 had
  // reshuffled ~2,100 lines). A held-out set added later only removes the lines equal to it, so after adding
  // one: npm run corpus:classifier && npm run train:classifier.
  it('the committed training corpus equals a fresh generation', () => {
    const keys = heldOutKeys(root);
    for (const [locale, seed] of [['ja', 9001], ['en', 9002]] as const) {
      const fresh = generate(locale, seed, keys).lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
      expect(fresh === readFileSync(`${root}data/classifier/train.${locale}.jsonl`, 'utf8'), `train.${locale}.jsonl differs from a fresh generation`).toBe(true);
    }
  });
});

describe('the tiers: keyword → rules → model', () => {
  it('names the deciding tier and a confidence on every answer, as a valid Classification', () => {
    const cases: Array<[ClassifyRequest, string]> = [
      [en('STOP'), 'keyword'],
      [ja('配信停止'), 'keyword'],
      [en('I already paid'), 'rules'],
      [ja('明日払います'), 'rules'],
      [{ ...en('2'), context: { expecting: 'installment_choice', options: [2, 3, 6] } }, 'rules'],
    ];
    for (const [req, tier] of cases) {
      const c = local(req);
      expect(Classification.parse(c).tier, req.text).toBe(tier);
      expect(c.confidence).toBeGreaterThan(0);
    }
    const m = local(en('handled it on paypal earlier'));
    expect(m.tier).toBe('model');
    expect(m.intent).toBe('paid');
    expect(m.rule).toMatch(/^model\./);
  });

  it('keeps the true intent of "stop" and 停止 inside messages that are not opt-outs', () => {
    expect(local(ja('停止をやめて、通知を戻して')).intent).toBe('start');
    expect(local(en("I'll stop at the ATM on my way home and pay")).intent).toBe('pay');
    expect(local(en('the bank stopped my card, how else can I pay')).intent).toBe('pay');
    expect(local(en("I'd like to undo my opt-out")).intent).toBe('start');
    expect(local(ja('配信停止を取り消したいです')).intent).toBe('start');
    expect(local(ja('配信停止したけど、やっぱりまた送ってください')).intent).toBe('start');
    expect(local(en('no stopping me now, paying it all today')).intent).toBe('pay');
    expect(local(ja('支払いを停止してもらえますか')).intent).not.toBe('stop');
    // Contact with a third party, or "no need to reply", is not the debtor's opt-out.
    expect(local(en('end my subscription')).intent).not.toBe('start'); // the model may decide a start only when something asks for the messages back
    for (const r of [en('ok but stop calling my mom'), en("don't contact my employer"), ja('返信不要です')]) expect(local(r).intent, r.text).not.toBe('stop');
  });

  it('cutting contact off, declining, blocking and "leave me alone" in Japanese are opt-outs; outbursts are in the band', () => {
    for (const t of ['一切の連絡を絶ちたいです', '今後の通知は辞退します', 'SMSは受け取らない設定にしたいです', 'ほっといてください', 'ブロックします', '着信拒否しました']) expect(local(ja(t)).intent, t).toBe('stop');
    for (const t of ['カードをブロックされたので別の方法で払いたい', '家族と連絡を絶ちたいくらい辛い']) expect(local(ja(t)).intent, t).not.toBe('stop');
    for (const r of [ja('うるせえ'), ja('mou kanben shite'), en('ugh go away')]) {
      const c = local(r);
      expect(c.intent === 'stop' || c.optOutSuspected === true, r.text).toBe(true);
    }
  });

  it('blocking, "mail only", "you can stop now" and "halt all communication" are opt-outs; a blocked card is not', () => {
    for (const t of ["I'm blocking this number", 'reported as spam', 'please use mail only from now on', 'cut it out with the messages', 'you can stop now', 'halt all communication', "I'm requesting that all text communication end now."]) expect(local(en(t)).intent, t).toBe('stop');
    for (const t of ["I'm blocking my card, how do I pay", 'can you stop by the office tomorrow', 'could you stop charging me late fees']) expect(local(en(t)).intent, t).not.toBe('stop');
  });

  it('ja disputes and hardship told as stories', () => {
    for (const t of ['その金額、ポイントで相殺されてるはずですよ', '先月分の返金がまだなのに請求ってどういうこと', '母の名義のカードなので私は関係ありません', '勝手に有料プランに切り替わってた', '請求が来る意味が分からない、払うつもりはない']) expect(local(ja(t)).intent, t).toBe('dispute');
    for (const t of ['実家の父が倒れて帰省中です', '給料日前で手持ちが千円しかない', '店の売り上げが激減してて', '払うつもりはありますが今は無理です']) expect(local(ja(t)).intent, t).toBe('hardship');
    expect(local(ja('給料日まで待ってください')).intent).toBe('extend');
    expect(local(en('my shop burned down')).intent).toBe('hardship');
    expect(local(en('the amount keeps going up every month')).intent).toBe('dispute');
  });

  it('reads help questions and deceased-owner numbers the rules did not know', () => {
    for (const r of [en('how did you get my cell'), en('who authorized you to contact me'), en("i'll need that in writing"), en('i want to check this is real before paying'), ja('え、何の話？')]) {
      expect(local(r).intent, r.text).toBe('help');
    }
    expect(local(ja('夫の番号なんですが、夫は先月亡くなりました')).intent).toBe('wrong_number');
    expect(local(ja('夫が亡くなって生活が苦しいです')).intent).toBe('hardship');
    expect(local(ja('電話して確認していいですか')).intent).toBe('human');
  });

  it('a said-again STOP and keigo / list-removal forms are opt-outs', () => {
    for (const r of [en('i said STOP already why am i still getting these'), ja('ストップしてもらえますか'), ja('番号を登録から消してください'), ja('このSMSの受信をやめたいです'), ja('今後はSMSでの連絡を希望しません'), ja('renraku fuyou desu'), ja('このメッセージ、今後一切受け取りません')]) {
      expect(local(r).intent, r.text).toBe('stop');
    }
  });

  it('an unsure best guess of the model is not acted on: it comes out other (the unclear path), the band kept', () => {
    const m = loadLinearModel(trainLinear(tiny, { dims: 1 << 12, epochs: 2 }));
    // The model may not decide (modelSure > 1); its best guess for this reply is `help` with p ≈ 0.9.
    const unsure = { ...DEFAULT_TIER_POLICY, modelSure: 1.01 };
    const req = en('whoo zz');
    expect(classifyLocal(req, m, { ...unsure, modelGuess: 0 })).toMatchObject({ unsure: true, classification: { intent: 'help', tier: 'model' } });
    const held = classifyLocal(req, m, { ...unsure, modelGuess: 0.99 });
    expect(held.unsure).toBe(true);
    expect(held.classification).toMatchObject({ intent: 'other', tier: 'rules' });
    expect(held.classification.explanation).toMatch(/model unsure .*unclear/);
    expect(classifyLocal(req, m, { ...unsure, modelGuess: 0.99, stopBand: 0 }).classification).toMatchObject({ intent: 'other', optOutSuspected: true });
    for (const t of ['qwerty', 'purple monkey dishwasher', 'asdf jkl']) expect(local(en(t)).intent, t).toBe('other');
  });

  it('reads opt-outs the keyword rules miss: romaji, half-width kana, indirect and rude forms', () => {
    for (const r of [ja('mou okuranaide'), ja('ﾓｳ ｵｸﾗﾅｲﾃﾞ'), ja('今後のご連絡はお控えいただけますか'), en('kindly refrain from messaging this phone'), en('please no longer send these to me')]) {
      expect(local(r).intent, r.text).toBe('stop');
    }
  });

  it('a model-decided extend carries the rules-found date', () => {
    const c = local(en('I get my check on the 28th, can it wait til then'));
    expect(c.intent).toBe('extend');
    expect(c.entities.date).toBe('2026-11-28');
  });

  it('marks a possible opt-out below the threshold (optOutSuspected) whatever the intent', () => {
    const m = defaultModel();
    // Same reply, two policies: with the band reaching down to 0 every non-stop answer is suspected;
    // with no band none is. The default band is what the eval measures.
    const req = en('what is this about?');
    expect(classifyLocal(req, m, { ...DEFAULT_TIER_POLICY, stopBand: 0 }).classification.optOutSuspected).toBe(true);
    expect(classifyLocal(req, m, { ...DEFAULT_TIER_POLICY, stopBand: 1.01 }).classification.optOutSuspected).toBeUndefined();
    expect(local(en('enough already with this')).optOutSuspected || local(en('enough already with this')).intent === 'stop').toBe(true);
  });

  it('names secondary intents in a mixed message', () => {
    const c = local(en('I paid yesterday, can someone call me after 6?'));
    expect([c.intent, ...(c.secondary ?? [])]).toEqual(expect.arrayContaining(['paid', 'human']));
  });
});

describe('createClassifier with the model: the LLM only when still unsure', () => {
  function scripted(intent: Classification['intent']): Classifier & { calls: number } {
    const c = {
      calls: 0,
      async classify(): Promise<Classification> {
        c.calls++;
        return { intent, confidence: 0.9, classifiedBy: 'llm', tier: 'llm', entities: {}, explanation: 'llm test', rule: 'test-model' };
      },
    };
    return c;
  }

  it('does not ask the LLM when the model is sure', async () => {
    const llm = scripted('dispute');
    const r = await createClassifier({ llm }).classify(en('handled it on paypal earlier'));
    expect(r).toMatchObject({ intent: 'paid', tier: 'model' });
    expect(llm.calls).toBe(0);
  });

  it('asks the LLM when nobody is sure, and names it as the tier', async () => {
    const llm = scripted('hardship');
    const r = await createClassifier({ llm }).classify(en('xq zzv brr'));
    expect(llm.calls).toBe(1);
    expect(r).toMatchObject({ intent: 'hardship', tier: 'llm', classifiedBy: 'llm' });
  });

  it('a stop from the LLM goes to a person and is marked optOutSuspected', async () => {
    const r = await createClassifier({ llm: scripted('stop') }).classify(en('xq zzv brr'));
    expect(r).toMatchObject({ intent: 'human', optOutSuspected: true });
  });
});
