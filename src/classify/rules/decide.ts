/**
 * Turns the facts found in a reply into one intent. The order below is the policy for mixed
 * messages; each branch names the rule that decided, so a collector can see why.
 */
import type { Entities, Intent } from '../port.js';
import type { DateMention } from '../entities/dates.js';
import type { Hit, SignalKind } from './types.js';

export interface Decision {
  intent: Intent;
  confidence: number;
  rule: string;
  why: string;
  entities: Entities;
}

export interface Facts {
  hits: Hit[];
  date: DateMention;
  amount?: number;
  installments?: number;
}

function first(hits: Hit[], kind: SignalKind): Hit | undefined {
  return hits.find((h) => h.signal.kind === kind);
}

function decided(intent: Intent, hit: Hit | undefined, fallbackRule: string, why: string, entities: Entities, boost = 0): Decision {
  const base = hit?.signal.strength ?? 0.8;
  return {
    intent,
    confidence: Math.min(0.99, Math.round((base + boost) * 100) / 100),
    rule: hit?.signal.id ?? fallbackRule,
    why: hit ? `${why} ("${hit.matched}")` : why,
    entities,
  };
}

export function decide(f: Facts): Decision {
  const { date } = f;
  // "I can't pay right now": a day the debtor says they cannot pay on is not a promise.
  const cantPay = f.hits.some((h) => h.signal.kind === 'hardship' && h.signal.id.endsWith('cant_pay'));
  const todayRuledOut = date.today && cantPay;
  // "I'll pay / 日に払います" only promises a day when a time is actually named.
  const hits = date.mentioned && !todayRuledOut ? f.hits : f.hits.filter((h) => !h.signal.id.endsWith('dated_promise'));
  const has = (k: SignalKind) => first(hits, k);
  const money: Entities = {};
  if (f.amount !== undefined) money.amount = f.amount;
  if (f.installments !== undefined) money.installments = f.installments;
  const withDate: Entities = date.date ? { ...money, date: date.date } : { ...money };

  // "Will replying STOP make the debt go away?", 「停止って送ったら借金なくなる？」: a question, not an opt-out or a hardship.
  const aboutStop = has('about_stop');
  // …but "what does STOP do / what happens if I reply STOP" is a HELP question, even when it also asks about the debt.
  const stopMeaning = f.hits.find((h) => h.signal.id.endsWith('help.stop_meaning'));
  if (stopMeaning) return decided('help', stopMeaning, 'help', 'asks what the STOP keyword does', {});
  // Round 6: the integrator's convention (b) — any question about what replying STOP does, to the texts or to the debt, is help.
  if (aboutStop) return decided('help', aboutStop, 'about_stop', 'asks what replying STOP does', {});
  const noPromise = has('no_promise');
  if (noPromise) return decided('other', noPromise, 'no_promise', 'says they never promised to pay', {});

  const wrong = has('wrong_number');
  // Round 9: 「私は契約者ではなく、元夫名義のものです」 names whose account it is: a dispute, not a wrong number.
  if (wrong && !f.hits.some((h) => h.signal.id.endsWith('dispute.other_holder'))) return decided('wrong_number', wrong, 'wrong_number', 'says this is not their number', {});

  // Round 5 families (docs/classifier.md "Round 5").
  const byId = (suffix: string) => f.hits.find((h) => h.signal.id.endsWith(suffix));
  // "Is this legit or a scam?", 「本物の会社か確認したいので会社名と電話番号を」: checking who we are is help,
  // before a dispute, a hardship or a request for a person reads into it.
  const legit = byId('help.legit');
  const paidClaim = f.hits.some((h) => h.signal.kind === 'paid');
  if (legit && !paidClaim) return decided('help', legit, 'help', 'checks that we are genuine', {});
  // Round 15: "what's this about? never heard of you": asking who we are, with the sender unknown (help, not a dispute).
  const unknownSender = f.hits.find((h) => h.signal.id.endsWith('dispute.never') && /heard of/.test(h.matched));
  const whoAsked = f.hits.find((h) => h.signal.kind === 'help');
  if (unknownSender && whoAsked && f.hits.every((h) => h.signal.kind === 'help' || h === unknownSender)) return decided('help', whoAsked, 'help', 'asks who we are', {});
  // Round 16b: "I don't recognize this. What account?" asks what this is (help), though "don't recognize" alone disputes.
  const whatAccount = byId('help.what_account');
  if (whatAccount && f.hits.every((h) => h.signal.kind === 'help' || h.signal.kind === 'dispute')) return decided('help', whatAccount, 'help', 'asks what this is', {});
  // Round 16b: 「払う理由はありません」 (no reason or duty to pay) and 「解約時に精算済みです。請求内容を確認して」 dispute the bill, over
  // a payment word or a claim to have settled it.
  const noReason = byId('dispute.no_reason') ?? byId('dispute.settled_at_cancel');
  if (noReason && !byId('not_paid')) return decided('dispute', noReason, 'dispute', 'says there is nothing to pay', money);
  // "My mom covered it on Monday", 「月曜にATMから全額入れといたで」: paid, with the day it happened (not a promise).
  const datedPast = byId('paid.proxy') ?? byId('paid.dated_past'); // round 14: a payment made for the debtor first (trusted)
  if (datedPast && !has('not_paid') && !has('paid_partial') && !byId('installment.amounts')) return decided('paid', datedPast, 'paid', 'says they have paid, on a past day', money);
  // "Can you stop texting at 7am? Noon is fine.", 「夜9時以降に送るのはやめてほしい」: a contact time, nothing to pay.
  const contactTime = byId('contact_time.ack') ?? byId('contact_time.ok');
  const payingFact = f.hits.some((h) => h.signal.kind === 'paid' || h.signal.kind === 'installment' || h.signal.kind === 'dispute' || h.signal.kind === 'hardship' || h.signal.kind === 'human' || (h.signal.kind === 'extend' && h.signal.id.endsWith('dated_promise')) || (h.signal.kind === 'pay' && !h.signal.id.endsWith('.pay.method')));
  if (contactTime && !payingFact) return decided('other', contactTime, 'contact_time', 'asks for other contact times only', {});
  // Round 9: "Don't stop the reminders, they help me remember": keeping the texts, not a HELP request.
  const keepTexts = byId('keep_texts.ack');
  if (keepTexts && !payingFact) return decided('other', keepTexts, 'keep_texts', 'asks to keep the messages', {});

  // Round 12: "I'm at work right now, will read this later" (ack.busy is anchored on the whole reply): not a promise to pay later.
  const busy = byId('ack.busy');
  if (busy) return decided('other', busy, 'ack', 'busy, will read it later', {});
  const notPaid = has('not_paid');
  const partial = has('paid_partial');
  const paid = notPaid ? undefined : has('paid');
  // "分割はやめて一括で", "when does my plan end?": a plan named only to decline or ask about it.
  const planDeclined = has('not_installment');
  const installment = planDeclined ? undefined : has('installment');
  const installmentCount = planDeclined ? undefined : f.installments;
  const extend = has('extend');
  const hardship = has('hardship');
  // Round 10: 「毎月の返済に上乗せして返す」 proposes a plan; 上乗せ there is no complaint about what was added.
  const dispute = byId('installment.add_on') && f.hits.filter((h) => h.signal.kind === 'dispute').every((h) => h.signal.id.endsWith('still_billed')) ? undefined : has('dispute');
  const human = has('human');
  const help = has('help');
  const pay = has('pay');

  // Round 6: "What's your customer service number?", 「御社の代表番号は何番ですか」 are help (a contact number), and
  // 「引き落としが止まってたので窓口で払ってきました」 is paid: both name what reads as a request for a person (窓口, customer service).
  const counterPaid = byId('paid.counter');
  if (counterPaid && !notPaid && !partial) return decided('paid', counterPaid, 'paid', 'says they paid at the counter', money);
  // Round 10: "Paid $84 at the store this afternoon": a payment told with its place is paid (the amount is not a part of it),
  // unless the same reply asks for a plan or more time.
  const inStore = byId('paid.in_store');
  if (inStore && !notPaid && !installment && !extend) return decided('paid', inStore, 'paid', 'says they paid at a store or office', money);
  const contactNumber = byId('help.contact_number');
  const endDebt = byId('pay.end_debt');
  if (contactNumber && !paid && !dispute && !endDebt && !(human && /人|担当|person|human|someone|somebody|rep\b|agent|collector|manager|supervisor|rather/.test(human.matched))) return decided('help', contactNumber, 'help', 'asks for a number to call', {});
  const strongHuman = human && human.signal.strength >= 0.9;
  if (strongHuman && !endDebt) return decided('human', human, 'human', 'asks for a person', {});

  // Round 9: "If you stop adding late fees I can pay in full Tuesday": an offer with a day is a promise for that day.
  const conditional = byId('extend.conditional');
  if (conditional && date.date && !date.today) return decided('extend', conditional, 'extend', 'offers to pay on a day if the fees go', withDate, 0.05);
  // Charged twice: the money did leave, and that is the complaint. Round 9: 「払い終わってるはずなのに上乗せされてる」 too.
  // Round 12: 「1,200円のコースなのに2,400円引かれた」: the amount taken against the agreed one (dispute.expected).
  if (dispute?.signal.id.endsWith('double') || byId('dispute.insurance') || byId('dispute.round15') || byId('dispute.late_fee') || ((byId('dispute.still_billed') || byId('dispute.expected')) && dispute)) return decided('dispute', dispute, 'dispute', 'says they were charged twice', money);

  // "払ったはずです、請求がおかしい": a payment claim is checked before a dispute is opened.
  if (paid && !partial && !installment && !(extend && date.date)) {
    return decided('paid', paid, 'paid', 'says they have paid', money, dispute ? -0.1 : 0);
  }
  if (dispute) return decided('dispute', dispute, 'dispute', 'disputes the debt', money, hardship || help ? -0.05 : 0);
  // "whats my balance", 「残高教えて」: a balance question is `pay` (before "remaining" reads as a plan or help).
  const balance = byId('pay.balance');
  if (balance && !partial && !installmentCount && !extend && !hardship && !human) return decided('pay', balance, 'pay', 'asks what is owed', money);
  // A life story (bereavement, caring for a parent, divorce) is hardship even beside "I want to pay" or 毎月.
  const story = byId('hardship.story');
  const planAsked = installmentCount !== undefined || byId('installment.amounts') || (installment && /分割|分け|回|ずつ|split|payments|installment|instalment|plan|parts/.test(installment.matched));
  if (story && !partial && !planAsked && !extend && !(date.date && !date.today) && !(pay && date.mentioned && !date.past)) return decided('hardship', story, 'hardship', 'tells a hardship story', money);

  // Part paid: the rest in parts → installment; the rest on a day → extend; alone → paid.
  if (partial) {
    // "the rest on the 30th" after a part paid is a day for the rest (extend), not a plan.
    const plan = installment && !installment.signal.id.endsWith('.rest') ? installment : undefined;
    if (plan || installmentCount) return decided('installment', plan ?? partial, 'installment', 'paid part, asks to split the rest', money);
    if (date.date || extend) return decided('extend', extend ?? partial, 'extend', 'paid part, names a day for the rest', withDate);
    return decided('paid', partial, 'paid.partial', 'says they paid part', money, -0.1);
  }

  if (installment || installmentCount) {
    return decided('installment', installment, 'installment.count', 'asks to pay in parts', money, hardship ? -0.02 : 0);
  }
  if (human && !endDebt) return decided('human', human, 'human', 'asks for a person', {});

  // A day named with a payment (or alone) is a promise: extend, unless it is today (pay now).
  // A day named only alongside hardship ("nothing left at the end of the month") is not a promise.
  // "Happy Thanksgiving", 「明けましておめでとう」: a greeting that names a day is not a promise.
  if (date.date && hits.length > 0 && hits.every((h) => h.signal.kind === 'ack')) return decided('other', hits[0], 'ack', 'a greeting', {}, -0.1);
  // "リンクが切れてて払えない": cannot pay because the link or site fails is asking for a way to pay.
  if (pay?.signal.id.endsWith('link') && hardship?.signal.id.endsWith('cant_pay') && !hits.some((h) => h.signal.id.endsWith('hardship.life'))) return decided('pay', pay, 'pay', 'the payment link failed, wants another way', money);
  // Round 15: "paying now" (or ending the debt today) decides, even when a later day is named only as the reason ("I need
  // the internet for work tomorrow, paying now").
  const payNow = byId('pay.right_now') ?? endDebt ?? byId('pay.soon_after');
  if (payNow && !extend && !hardship && !installment && !partial) return decided('pay', payNow, 'pay.today', 'pays now', date.today ? withDate : money);
  if (date.date && !date.today && !extend && !pay && hardship) return decided('hardship', hardship, 'hardship', 'cannot pay now', money);
  // Round 13: 「どこの会社？年末に知らん番号から請求とか」: who we are, asked with a day but nothing about paying (help).
  if (help && date.date && !extend && !pay && !hardship) return decided('help', help, 'help', 'asks who we are or whether this is genuine', {});
  if (date.date && !date.today) {
    // "I will make the payment on Wednesday": a promise verb with a named day is sure enough to decide.
    const promise = extend?.signal.id.endsWith('dated_promise') ? 0.15 : 0.05;
    return decided('extend', extend ?? first(hits, 'pay') ?? hardship, 'extend.date', 'names a day to pay', withDate, promise);
  }
  // "my shift ends at 6, I'll pay tonight": a same-day promise tied to a time is a promise for today (extend).
  const sameDay = byId('extend.same_day');
  if (date.today && sameDay) return decided('extend', sameDay, 'extend.same_day', 'promises to pay later today', withDate);
  if (date.today && !todayRuledOut && (pay || extend)) return decided('pay', pay, 'pay.today', 'will pay today', withDate);
  if (extend && !pay?.signal.id.endsWith('link')) {
    return decided('extend', extend, 'extend', 'asks for more time', withDate, hardship ? -0.05 : 0);
  }
  if (hardship) return decided('hardship', hardship, 'hardship', 'cannot pay now', money);
  if (help && (help.signal.strength >= 0.7 || !pay)) return decided('help', help, 'help', 'asks who we are or whether this is genuine', {});
  if (pay) return decided('pay', pay, 'pay', 'wants to pay or asks how', money);
  if (notPaid) return decided('other', notPaid, 'not_paid', 'says they have not paid, nothing more', {}, -0.3);
  const ack = has('ack');
  // A message that is only an acknowledgement (the ack patterns are anchored) is sure enough to decide.
  if (ack) return decided('other', ack, 'ack', 'acknowledgement only', {}, ack.signal.id.endsWith('.ack') ? 0 : -0.1);
  return { intent: 'other', confidence: 0.3, rule: 'none', why: 'no rule matched', entities: money };
}
