/**
 * Issue #9, round 9: the families the retired holdout-17/18 missed on main b562ce4. The phrasings here are our own
 * (never the sets' lines); each family has a near-miss that must keep its intent. Opt-out decisions are checked through
 * the tiers the engine uses without an LLM (keywords + rules + model); intent families at the rules tier, where they are
 * decided (the model may only overrule them when sure of another intent).
 */
import { describe, expect, it } from 'vitest';
import { readersAt } from './helpers.js';

const TOKYO = { now: '2027-06-15T09:20:00+09:00', timezone: 'Asia/Tokyo' };
const { read, rules } = readersAt({ ja: TOKYO, en: TOKYO });

describe('stop words about something else are not opt-outs', () => {
  it.each(['Please stop calling me sir', 'stop calling me by my first name, it is Dr. Lee', 'Can you quit calling me Mrs.? I am divorced'])('%s → not stop', (text) => {
    expect(read(text).intent).not.toBe('stop');
  });
  it.each(['Stop? Help? Which one do I reply, what are my options', 'STOP? START? what are the commands'])('%s → help', (text) => {
    expect(read(text).intent).toBe('help');
  });
  it('stopping the robots to get a person is human (decision 0129)', () => {
    expect(read('Quit texting me with robots, I need a real person').intent).toBe('human');
  });
  it.each(['stop calling me', 'Stop texting me', 'STOP'])('the plain refusal %s stays an opt-out', (text) => {
    expect(read(text).intent).toBe('stop');
  });
});

describe('opt-outs without a keyword', () => {
  it.each([
    "I'd be grateful if the texts stopped.",
    'I would appreciate it if any further reminders ceased',
    'Further messages will be treated as harassment.',
    'Any more texts are harassment, plain and simple',
    'Stop texting me during work hours, actually just stop texting me altogether',
    'stop messaging me period',
    '連絡はこれから書面のみでお願いします',
    'やり取りは郵送だけにしてください',
    'ﾒｰﾙ ﾖｹｲﾀﾞ',
    'ストップしろよ',
  ])('%s → stop', (text) => {
    expect(read(text).intent).toBe('stop');
  });
  it.each(['stop texting me at work', '請求書は郵送で送ってください'])('%s → not an opt-out (a time, an invoice by post)', (text) => {
    expect(read(text).intent).not.toBe('stop');
  });
});

describe('payments told as done on a past day', () => {
  it.each(['妻が土曜日に振り込んだらしいです', '母が先週の金曜に振り込んだそうです', '父が月曜に払ったって', 'もう全額返済しました', '借りた分はもう全部返したってば'])('%s → paid', (text) => {
    expect(rules(text).intent).toBe('paid');
  });
  it.each(['金曜日に払います', '来月全部返します', '全部返したいです'])('a promise or a wish (%s) is not paid', (text) => {
    expect(rules(text).intent).not.toBe('paid');
  });
  it('a plan to pay off in months is an installment, not a payoff', () => {
    expect(rules('1年で完済できるように分けて払えますか').intent).toBe('installment');
  });
});

describe('conditional promises, disputes without a dispute word, paying in person', () => {
  it('a fee-waiver offer with a day is a promise for that day', () => {
    const c = rules('If you waive the interest I will pay it off Friday');
    expect(c.intent).toBe('extend');
    expect(c.entities.date).toBe('2027-06-18');
  });
  it.each(['That is not the correct balance', 'Why is it $412? My plan is $112', 'the usage is twice what we use, check the meter'])('%s → dispute', (text) => {
    expect(rules(text).intent).toBe('dispute');
  });
  it.each(['料金は月5千円で合意しています、差額は払いません', '解約手数料の9,900円なんて説明されていません', '完済したはずなのに利息が上乗せされてる'])('%s → dispute', (text) => {
    expect(rules(text).intent).toBe('dispute');
  });
  it('someone else named as the holder is a dispute, not a wrong number', () => {
    expect(rules('私は名義人ではありません、父の名義の契約です').intent).toBe('dispute');
  });
  it.each(["I'll stop by and pay after lunch", 'Can I bring the cash to your office?'])('%s → pay', (text) => {
    expect(rules(text).intent).toBe('pay');
  });
  it.each(['お客からの入金が途絶えて、口座はすっからかんです'])('%s → hardship', (text) => {
    expect(rules(text).intent).toBe('hardship');
  });
  it('a question about the weather that names a day is not a promise', () => {
    expect(rules('あさっての天気はどうかな').intent).toBe('other');
  });
});

// What the w14–w15 retrain moved on older sets, fixed as families (our phrasings): the rules decide and the model may not
// overrule the acks.
describe('families the retrain moved', () => {
  it.each([
    ["Please don't stop the texts, they keep me on track", 'other'],
    ['gee thanks for the 3rd reminder this morning', 'other'],
    ['¿Cuánto le debo?', 'pay'],
    ['自動引き落としの設定をお願いします', 'pay'],
    ['利息を止めるにはどうすればいいですか', 'other'],
    ['My payment went through like every month, look again', 'paid'],
  ])('%s → %s', (text, intent) => {
    expect(read(text).intent).toBe(intent);
  });
  it('a debit that went out twice is not a plain payment claim', () => {
    expect(rules('the autopay went out twice this month').intent).not.toBe('paid');
  });
});

describe('the reminders asked back by channel', () => {
  it('「忘れるのでまたSMSで送って」 is a re-subscribe', () => {
    expect(read('うっかり忘れるので、また通知で送ってほしいです').intent).toBe('start');
  });
  it.each(['また請求書を送ってもらえますか', 'またSMSで送ってください、リンクが切れてました'])('%s (a document or a link) is not', (text) => {
    expect(read(text).intent).not.toBe('start');
  });
});
