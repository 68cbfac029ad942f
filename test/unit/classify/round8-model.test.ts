/**
 * Round 8 (docs/classifier.md "Round 8"): feature views recorded in the artefact (Japanese script runs), the refusal /
 * restart words that let the model's sure opt-out or re-subscribe through, and the opt-out over a sure rules answer.
 */
import { describe, expect, it } from 'vitest';
import { type CorpusLine } from '../../../src/classify/evaluate.js';
import { DEFAULT_FEATURES, featureBuckets, scriptRuns, V2_FEATURES } from '../../../src/classify/model/features.js';
import { loadLinearModel } from '../../../src/classify/model/linear.js';
import { trainLinear } from '../../../src/classify/model/train.js';
import { normalise } from '../../../src/classify/normalise.js';
import { classifyLocal, DEFAULT_TIER_POLICY, soundsLikeRefusal, soundsLikeRestart } from '../../../src/classify/tiers.js';
import { NOW_JA } from './helpers.js';

const ja = (text: string) => ({ text, locale: 'ja' as const, now: NOW_JA, timezone: 'Asia/Tokyo' });
const refusal = (t: string) => {
  const n = normalise(t);
  return soundsLikeRefusal(n.text, n.compact);
};
const restart = (t: string) => {
  const n = normalise(t);
  return soundsLikeRestart(n.text, n.compact);
};

describe('round 8: feature views', () => {
  it('splits Japanese into runs of one script, and English not at all', () => {
    expect(scriptRuns('もう送らないで')).toEqual(['もう', '送', 'らないで']);
    expect(scriptRuns(normalise('SMSの受信を辞退します').text)).toEqual(['sms', 'の', '受信', 'を', '辞退', 'します']);
    expect(scriptRuns('stop texting me')).toEqual([]);
  });

  it('an artefact records its views and is read with them; one without a record is read with version 2 views', () => {
    const tiny: CorpusLine[] = [['配信を辞退します', 'stop'], ['払いました', 'paid'], ['了解です', 'other']].map(([text, intent]) => ({ ...ja(text as string), intent: intent as CorpusLine['intent'] }));
    const a = trainLinear(tiny, { dims: 1 << 12, epochs: 3 });
    expect(a.features).toEqual(DEFAULT_FEATURES);
    expect(a.featureVersion).toBe(3);
    const v2 = trainLinear(tiny, { dims: 1 << 12, epochs: 3, features: V2_FEATURES });
    expect(v2.features).toBeUndefined();
    expect(v2.featureVersion).toBe(2);
    const f = { n: normalise('配信を辞退します'), locale: 'ja' as const, signals: [] };
    expect(featureBuckets(f, 1 << 12, DEFAULT_FEATURES).length).toBeGreaterThan(featureBuckets(f, 1 << 12, V2_FEATURES).length);
    // Same artefact, its views dropped: it scores differently (the reader honours the record).
    const m = loadLinearModel(a);
    const stripped = loadLinearModel({ ...a, features: undefined });
    expect(m.predict(f).probs).not.toEqual(stripped.predict(f).probs);
  });
});

describe('round 8: the words a sure model opt-out or re-subscribe needs', () => {
  it.each(['SMSでの督促は希望しません', 'メッセージの受信を辞退いたします', '小生宛の通信は今後無用に願います', '以後、御通知には及びません', 'ご案内は今回限りにしてください', 'もうメールよごさねでけろ', 'ヤメロ', 'ｲﾗﾈ', 'もういいからとめて', 'Unenroll me from texts', 'cut it out'])('%s is a refusal', (t) => {
    expect(refusal(t)).toBe(true);
  });
  it.each(['機械の返事はもうええから、ちゃんと人が対応してや', 'Please send these to my wife\'s phone as well', '案内メッセージの配信を再び希望いたします'])('%s is not', (t) => {
    expect(refusal(t)).toBe(false);
  });
  it.each(['リマインダー復活させて', 'もう一度通知をオンにしたいです', 'お知らせメールをもう一度受け取れるようにしてください', 'Yes, re-enroll me in text alerts', 'Quiero recibir los mensajes otra vez'])('%s asks for the messages back', (t) => {
    expect(restart(t)).toBe(true);
  });
});

describe('round 8: policy', () => {
  it('the model decides an opt-out at 0.8, and over a sure rules answer at 0.95 only when the messages are named', () => {
    expect(DEFAULT_TIER_POLICY.stopSure).toBe(0.8);
    expect(DEFAULT_TIER_POLICY.stopOverrules).toBe(0.95);
    expect(DEFAULT_TIER_POLICY.byLocale?.ja?.modelOverrules).toBe(0.85);
    // A model that reads both as opt-outs: only the one that names the messages overrules the rules' sure `paid`.
    // (Round 13: 「もう送ってこなくていいよ」 is now a keyword opt-out, stop.phrase.ja.round13; the model's case is a phrase no keyword takes.)
    const tiny: CorpusLine[] = [['メッセージはもう届かなくていいよ', 'stop'], ['払ったのでもう結構です', 'stop'], ['x', 'other']].map(([text, intent]) => ({ ...ja(text as string), intent: intent as CorpusLine['intent'] }));
    const m = loadLinearModel(trainLinear(tiny, { dims: 1 << 12, epochs: 30 }));
    const named = classifyLocal(ja('メッセージはもう届かなくていいよ'), m).classification;
    expect(named.intent).toBe('stop');
    expect(named.tier).toBe('model');
    const unnamed = classifyLocal(ja('払ったのでもう結構です'), m).classification;
    expect(unnamed.intent).not.toBe('stop');
    expect(unnamed.optOutSuspected).toBe(true);
  });
});
