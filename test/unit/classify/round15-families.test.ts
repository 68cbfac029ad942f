/**
 * Issue #9, round 15: the families the retired holdout-29 (medical bills, loans and cards, legal words, bargaining,
 * commuters) and holdout-30 (utility customers over a long weekend, regional speech: Scots, Hawaiian Pidgin, Kansai,
 * Kyoto) missed untouched, plus two over-sure answers found after round 14 (small talk read as hardship by the model,
 * "sat" read as Saturday). The phrasings are our own (never the sets' lines); each family has a near-miss that must keep
 * its intent. Rules via helpers.ts's ja()/en() (Friday 2026-11-20, 10:00); enTiers/jaTiers through the model too.
 */
import { describe, expect, it } from 'vitest';
import { normalise } from '../../../src/classify/normalise.js';
import { en, enTiers, ja, jaTiers } from './helpers.js';

describe('opt-outs outside the band: keigo, ご不要, spelled out, interjections, texts told they may end', () => {
  it.each([
    'お電話やショートメールでご連絡をくださるのは今後ご遠慮いただけますか',
    'メッセージをお送りになるのは今後お控えください',
    '今後の自動配信はご不要です',
    'リマインドは一切ご無用に願います',
  ])('%s → stop', (text) => {
    expect(ja(text).intent).toBe('stop');
  });
  it('near-miss: ご不要 about something else is not an opt-out', () => {
    expect(ja('領収書がご不要な場合はお知らせください').intent).not.toBe('stop');
  });
  it.each([
    ['s t o p  i really mean it', 'stop'],
    ['ugh stop', 'stop'],
    ['stop seriously', 'stop'],
    ['I settled the whole thing on Monday, so the reminders can stop now.', 'stop'],
    ['these messages should end here', 'stop'],
    ['stop please im at my daughters recital', 'stop'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it.each([
    'stop please charging me late fees',
    'stop please after 9pm',
    'the reminders can stop once I pay on Friday',
  ])('near-miss: %s is not an opt-out', (text) => {
    expect(en(text).intent).not.toBe('stop');
  });
  it('baby-talk endings fold to the plain ones (停止でおねがいしまつ)', () => {
    expect(normalise('配信停止でおねがいしまつ').compact).toBe('配信停止でお願い');
    expect(ja('ていしでおねがいしまつ').intent).toBe('stop');
    expect(normalise('もうしまつ書を書いた').compact).toContain('しまつ');
  });
  it('テイシ / ていし alone is the keyword; 提出 in kana is not', () => {
    expect(ja('テイシ').intent).toBe('stop');
    expect(ja('ていしゅつしました').intent).not.toBe('stop');
  });
});

describe('regional English folded to what the rules read (Scots, Hawaiian Pidgin)', () => {
  it.each([
    ['Dinnae message me again, I am sick o\' it', 'stop'],
    ['Take ma number aff yer texting list', 'stop'],
    ['pau wit da reminders brah', 'stop'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('folds only the spelling', () => {
    expect(normalise('wen pay already, monday at da store').text).toBe('paid already, monday at the store');
    expect(normalise("whit's this aboot").text).toBe("what's this about");
    expect(normalise('my ma said she paid').text).toBe('my ma said she paid');
    expect(normalise('da').text).toBe('da');
  });
  it('"what is this about? never heard of you" asks who we are (help)', () => {
    expect(en("What's this about? Never heard of you").intent).toBe('help');
    expect(en('I never heard of this debt').intent).toBe('dispute');
  });
  it('wrong number with a slurred spelling', () => {
    expect(en('wrng #').intent).toBe('wrong_number');
  });
});

describe('false opt-outs and starts: a question about STOP, a pause for the holidays, undoing a stop', () => {
  it.each(['STOPって送ったら延滞金もなくなるの?', '停止と返信すれば借金は帳消しになりますか'])('%s → help, not stop', (text) => {
    expect(ja(text).intent).toBe('help');
  });
  it('near-miss: STOP leading a payment claim still opts out', () => {
    expect(ja('STOP 払いました').intent).toBe('stop');
  });
  it.each([
    ['お盆休み中は通知を停止して、17日以降にまた送ってください', 'ja'],
    ['Pause the reminders till Monday, we are up at the cabin', 'en'],
    ['hold the texts over the holidays please', 'en'],
  ])('%s → other (a contact-time pause)', (text, locale) => {
    expect((locale === 'ja' ? ja(text) : en(text)).intent).toBe('other');
  });
  it('near-miss: "hold on till Friday, I will pay" is a promise', () => {
    expect(en("hold on till friday i'll pay").intent).toBe('extend');
  });
  it.each(['やっぱり返済日の通知は欲しいです。止めたのなしで', '配信停止したのは無しでお願いします'])('%s → start', (text) => {
    expect(ja(text).intent).toBe('start');
  });
});

describe('dates', () => {
  it('a day at the hospital counter is a payment place, not a request for a person', () => {
    expect(ja('水曜に病院の窓口で払います')).toMatchObject({ intent: 'extend', entities: { date: '2026-11-25' } });
    expect(ja('窓口の担当者と話したい').intent).toBe('human');
  });
  it('"get it paid Saturday" is a promise for Saturday, not a payment made', () => {
    expect(en("I'll get it paid Saturday, probably").entities.date).toBe('2026-11-21');
  });
  it('"sat" / "sun" as words are not weekdays; as days they still are', () => {
    expect(en('the dog sat on my phone again').entities.date).toBeUndefined();
    expect(en('out in the sun all day').entities.date).toBeUndefined();
    expect(en('i can pay sat').entities.date).toBe('2026-11-21');
    expect(en('on the bus rn, ill do it wed').entities.date).toBe('2026-11-25');
  });
  it('a number of days late or within is not a day of the month', () => {
    expect(ja('2日遅れただけで延滞金3千円はおかしい').entities.date).toBeUndefined();
    expect(ja('5日以内に解約しました').entities.date).toBeUndefined();
  });
  it('kana days only outside words (ちょっとおかしい holds とおか)', () => {
    expect(normalise('ちょっとおかしい').compact).toBe('ちょっとおかしい');
    expect(normalise('とおかに払います').compact).toBe('10日に払います');
  });
});

describe('intents', () => {
  it.each([
    ['カードローン、ペイジーで済ませました', 'paid'],
    ['残りをボーナスで一括返済しました', 'paid'],
    ['リボの残り、来月払います', 'extend'],
    ['リボ払いに変更したいです', 'installment'],
    ['仕事が落ち着いたら払います', 'extend'],
    ['休み明けに払います', 'extend'],
    ['あとで', 'extend'],
    ['過払いになってるはずなので確認してください', 'dispute'],
    ['治療費の計算し直してもらえますか', 'dispute'],
    ['破産で免責が出ています。支払義務はないはずです', 'dispute'],
    ['その契約はクーリングオフ済みです', 'dispute'],
    ['取引履歴を開示してください', 'dispute'],
    ['5千円って聞いてたけど8千円になってる', 'dispute'],
    ['この金額、なんかおかしいんとちゃう?', 'dispute'],
    ['これって架空請求ですか', 'help'],
    ['前の入居者がこの番号を連絡先に書いていたみたいです', 'wrong_number'],
    ['入院費の払い方を教えて', 'pay'],
  ])('%s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
  it('near-miss: 入院して働けない is still a hardship', () => {
    expect(ja('入院して働けないので待ってほしい').intent).not.toBe('pay');
    expect(ja('入院して働けません').intent).toBe('hardship');
  });
  it('なりすまし is a dispute the model may not overrule', () => {
    expect(jaTiers('誰かが私の名前でカードを作ったみたい、なりすましです').intent).toBe('dispute');
  });
  it.each([
    ['My insurance already paid the clinic bill.', 'paid'],
    ['my dad took care of the balance', 'paid'],
    ['insurance paid it but the amount is still wrong', 'dispute'],
    ['I sent $200 in May and the balance never went down', 'dispute'],
    ['It was $600 at discharge, how is it $950 now?', 'dispute'],
    ['The interest on this pay day loan is higher than what the state allows', 'dispute'],
    ["What's the least you'd accept to close this out?", 'pay'],
    ['Could I settle this for a lump sum?', 'pay'],
    ['half now, half next month if you waive the interest', 'installment'],
    ['I want to clear this debt today, what number do I call?', 'pay'],
    ['need the heat on tomorrow, paying now. how?', 'pay'],
    ["getting off the bus in 5, will pay when I'm off", 'pay'],
    ["I'm underwater with these cards, no idea what to do", 'hardship'],
    ['My mother expired in March and I am the only earning member', 'hardship'],
    ['How do I pay the hospital bill?', 'pay'],
    ['My former tenant put this number down, she moved out', 'wrong_number'],
    ['paid already, friday at the bank', 'paid'],
    ['Happy long weekend to you too', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('near-miss: a hospital stay is still a hardship, insurance covering only part is not a part payment', () => {
    expect(en("I was in the hospital for two weeks and can't pay right now").intent).toBe('hardship');
    expect(en('insurance only covered part of it and I have nothing left').intent).toBe('hardship');
  });
  it('counts and amounts: "100/month for 10 months", "do it in three"', () => {
    expect(en('150/month for 10 months').entities).toMatchObject({ amount: 150, installments: 10 });
    expect(en('could we do it in four?').entities.installments).toBe(4);
    expect(en('can you do it in 5 minutes?').entities.installments).toBeUndefined();
  });
});

describe('lines the round-15 retrain moved, fixed as families', () => {
  it.each([
    ['二か月も留守にしてたのに基本料がついてるのはおかしいで', 'dispute'],
    ['前回は3千円だったのに今回9千円って何', 'dispute'],
    ['請求額がちがいます', 'dispute'],
    ['性急額が高すぎる', 'dispute'],
    ['これ本物ですか？一応確認したい', 'help'],
    ['鷺ですか？', 'help'],
    ['なんてへんしんすればいいの', 'help'],
    ['支払いのりんくもっかい送って', 'pay'],
  ])('%s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
  it.each([
    ['休止してた間の基本料も請求されてます', 'dispute'],
    ['娘あてのようですが、娘は今は別の番号です', 'wrong_number'],
    ['払うから支払いリンク送って', 'pay'],
    ['引き落としを止められますか', 'other'],
  ])('%s → %s', (text, intent) => {
    expect(ja(text).intent).toBe(intent);
  });
  it.each([
    ['the payment is done, please check', 'paid'],
    ['cancel the plan, I am paying the full amount now', 'pay'],
  ])('%s → %s', (text, intent) => {
    expect(en(text).intent).toBe(intent);
  });
  it('credited invoices, percentage splits, a receipt in hand', () => {
    expect(en('That invoice was already credited last month').intent).toBe('dispute');
    expect(en('We will pay 40% on delivery and the remaining 60% in 30 days')).toMatchObject({ intent: 'installment', entities: { installments: 2 } });
    expect(ja('ローソンで払って、控えもらってます').intent).toBe('paid');
    expect(ja('領収書もらえますか').intent).not.toBe('paid');
  });
  it('a restart said with "by accident" / 止めたのを戻して still sounds like one', () => {
    expect(enTiers('opted out by accident, please reactivate').intent).toBe('start');
    expect(jaTiers('止めたのを元に戻してほしいです').intent).toBe('start');
  });
  it('near-miss: a real heron (鷺) and a hasty (性急) decision are left alone', () => {
    expect(normalise('公園で鷺を見た').compact).toContain('鷺');
    expect(normalise('性急な判断でした').compact).toContain('性急');
  });
  it('"the discount was not applied" disputes; "paying once things settle" stays extend through the model', () => {
    expect(en('the coupon wasnt applied to my bill').intent).toBe('dispute');
    expect(jaTiers('引っ越しが片付いたら払います、もう少しだけ').intent).toBe('extend');
  });
});

describe('over-sure answers on small talk (found after round 14)', () => {
  it.each(['the cat sat on the keyboard again', 'train is late again, typical', 'the weather has been strange and my neighbour keeps a goat'])(
    '%s → other (or unsure), never a promise, a re-subscribe or a hardship',
    (text) => {
      const c = enTiers(text);
      expect(['other']).toContain(c.intent);
    },
  );
  it('near-miss: asking for the texts again is still a re-subscribe', () => {
    expect(enTiers('please start the texts again').intent).toBe('start');
    expect(jaTiers('通知をまた送ってください').intent).toBe('start');
  });
});

// Found by the session-26 merge's retrain (rounds 15 + w18/w19, sealed sets held out): a credit or refund the debtor was
// promised and does not see on the bill is a dispute about the amount, though it names no dispute word.
describe('a promised credit that is not on the bill is a dispute', () => {
  it.each([
    "they said I'd get a credit for the storm outage and it isn't on this bill",
    "we were offered a discount for the late install, it's not showing on the invoice",
    'I was supposed to get a refund for the two weeks without service, nowhere on the statement',
  ])('%s → dispute', (text) => {
    expect(enTiers(text).intent).toBe('dispute');
  });
  it.each(['got the credit for the outage on this bill, thanks', 'the refund I was promised is on the statement now, all good'])('near-miss: %s is not a dispute', (text) => {
    expect(en(text).intent).not.toBe('dispute'); // the rules (the model reads credit talk as dispute on its own)
  });
});
