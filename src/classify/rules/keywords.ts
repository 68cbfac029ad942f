/**
 * Deterministic carrier keywords: opt-out (stop), re-subscribe (start) and HELP/INFO.
 *
 * Precision matters as much as recall: "I can't stop worrying", "when does the payment end?",
 * "cancel my instalment plan?" are not opt-outs. A keyword counts when it stands alone in a
 * clause (with only politeness around it: "STOP please", "Stop. Thank you", "停止お願いします"),
 * or when the debtor uses an explicit opt-out phrase ("stop texting me", "もう送らないで").
 */
import type { Normalised } from '../normalise.js';
import { mayMatch, mayMatchEachOf } from './prefilter.js';

/**
 * Speed (issue #9, speed9): the guard patterns (a mistaken STOP, someone else's STOP, a question about STOP, a time
 * that is fine …) are asked about the same reply by detectStop, detectStart, tiers.ts and possibleOptOut. Each keeps
 * its last answer: asking again about the same text reuses it. Exact: a pattern without the g or y flag has no state,
 * so its answer depends on the text alone (those with one are always run).
 */
const lastAnswers = new Map<RegExp, { text: string; hit: boolean }>();
export function asks(re: RegExp, text: string): boolean {
  if (re.global || re.sticky) return re.test(text);
  const last = lastAnswers.get(re);
  if (last !== undefined && last.text === text) return last.hit;
  // speed11: a pattern none of whose derived literals is in the text cannot match it (prefilter.ts).
  const hit = mayMatch(re, text) && re.test(text);
  if (last !== undefined) {
    last.text = text;
    last.hit = hit;
  } else lastAnswers.set(re, { text, hit });
  return hit;
}
/** True when `re` was last asked about this very text and found nothing (then its exec would find nothing too). */
function knownMiss(re: RegExp, text: string): boolean {
  const last = lastAnswers.get(re);
  return last !== undefined && !last.hit && last.text === text;
}

/** Round 8 merge: a phrase both round-8 branches widened matches either widening. */
const anyOf = (...res: RegExp[]): RegExp => new RegExp(res.map((r) => r.source).join('|'));

export interface KeywordHit {
  rule: string;
  /** The phrase that decided it, for the explanation. */
  matched: string;
}

/**
 * Round 7: ONE list of stop words (the keyword tier used one, the tiers' "short message with a stop word" band
 * another, and they differed: "cease", "enough", "basta" were band-only, "cancel", "end", "revoke" keyword-only).
 * The keyword tier takes a word from it when it stands alone with politeness ("Enough.", "Basta", "cancel");
 * the band (tiers.ts) takes it, inflected too ("stopped", "quitting"), in a short message no tier places.
 */
export const STOP_WORDS_EN = ['stop', 'stopall', 'stp', 'unsubscribe', 'unsub', 'cancel', 'end', 'quit', 'revoke', 'optout', 'opt out', 'remove', 'cease', 'block', 'enough', 'parem', 'pare', 'basta', 'alto', 'arrête', 'arrêtez', 'tigil', 'wag na', 'baja', 'parar', 'detener', 'cancelar', 'desuscribir', 'desuscribirme'];
const STOP_EN = STOP_WORDS_EN.join('|');
const START_EN = 'start|unstop|resume|subscribe|optin|restart';
const HELP_EN = 'help|info|ayuda|ajuda';

// Words that may surround a keyword without changing its meaning ("stop please", "STOP NOW!!").
const FILLER_EN =
  "please|now|right now|it|all|thanks|thank you|thankyou|ok|okay|k|yes|just|asap|immediately|i said|me|texts|text|messages|message|sms|here|this|that|number|this number|again|sir|madam|ma'am|guys|already|and|then|pls|por favor|porfa|na|po|na po|lang|omg|ugh|ffs|jeez|geez|seriously|i mean it|i really mean it|i'm serious|im serious|for real|dude|bro";

// 止めて / やめて ("stop it") only when nothing but politeness surrounds them: 支払いを止められますか is not an opt-out.
/** The Japanese stop stems, shared the same way (the band adds annoyance words: 不要, 迷惑, うるさい …). */
export const STOP_STEMS_JA = ['停止', 'ストップ', '解除', '拒否', '止め', 'とめ', 'やめ', '辞め', 'stop', '中止', '退会', 'お断り', 'おことわり'];
const STOP_JA = '配信停止|配信解除|登録解除|受信拒否|送信停止|停止|テイシ|ていし|中止|退会|お断り|おことわり|ストップ|解除|stop|(?:止め|とめ|やめ|辞め)(?:て|ろ|れ|てくれ|てほしい|て欲しい|てもらえますか|てもらえます|てもらえる|てもらえない|てもらって(?:も)?いい(?:ですか|かな|です)?|てもらえません(?:か)?|てくれへん(?:か)?|てくれん(?:か)?|てもらえへん(?:か)?|てもらえん(?:か)?|ていただけますか|ていただけます|てくれます|てくれる)?';
const START_JA = '配信再開|受信再開|再開|スタート|start';
const HELP_JA = 'ヘルプ|help|info';
const FILLER_JA =
  'しろ|しろよ|せえ|せい|お願い|ください|して|します|する|したい|希望|願います|です|で|を|は|っ|ッ|ー|もう|本当に|ほんとに|ほんと|マジで|まじで|お願いだから|今すぐ|すぐに|すぐ|至急|はよ|はやく|早く|さっさと|とっとと|いい加減|や|よな|よ|な|にして|してほしい|して欲しい|すみません|ありがとう|配信|送信|メール|メッセージ|sms|全部|全て|すべて|の|ね|よ|ってば|って|言ってる|わ|もらえますか|もらえます|もらえる|もらえない|いただけますか|いただけます|いただけませんか|くれる|くれますか|くれ|ちょうだい';

// The keyword may be said more than once ("stop stop stop", 「停止停止停止」, 「やめてやめて」).
function keywordOnly(words: string, fillers: string): RegExp {
  return new RegExp(`^(?:(?:${fillers}) )*(?:${words})(?: (?:${words}|${fillers}))*$`);
}
function keywordOnlyJa(words: string, fillers: string): RegExp {
  return new RegExp(`^(?:${fillers})*(?:${words})(?:${words}|${fillers})*$`);
}

const STOP_CLAUSE_EN = keywordOnly(STOP_EN, FILLER_EN);
const START_CLAUSE_EN = keywordOnly(START_EN, FILLER_EN);
const HELP_CLAUSE_EN = keywordOnly(HELP_EN, FILLER_EN);
const STOP_CLAUSE_JA = keywordOnlyJa(STOP_JA, FILLER_JA);
const START_CLAUSE_JA = keywordOnlyJa(START_JA, FILLER_JA);
const HELP_CLAUSE_JA = keywordOnlyJa(HELP_JA, FILLER_JA);

// A narrowing of when to write ("don't text me before 9", "夜は連絡しないで") is a contact-time request (COMPLIANCE
// rule 8), not an opt-out. Round 7: ONE vocabulary of times (and of places: 職場, 会社) for both uses — here, the
// words right after an English opt-out phrase or right before a Japanese one; in tiers.ts, anywhere in the message
// (the model alone may not decide an opt-out there). The two copies had drifted (正午, 休日, 勤務中, "lunch" only
// in one; 前に, "til", "while" only in the other).
const TIME_SPAN_EN = String.raw`(?:before|after|until|till|til|between|during) (?:\d|noon|midnight|work|lunch|dinner|\w+day|the (?:day|night|morning|evening|week(?:end)?))|at (?:work|night|\d{1,2}(?::\d\d)? ?(?:am|pm)?|noon|midnight|lunch(?:time)?|dinner(?:time)?)|by \d{1,2}(?::\d\d)? ?(?:am|pm)|(?:each|every) (?:evening|morning|night)|on (?:weekends|weekdays|\w+days)|in the (?:morning|evening|afternoon)|late at night|early in the morning|work hours|while (?:i'm|i am) (?:at work|working|asleep|sleeping)|(?:so|this) (?:early|late)|noon is fine`;
const TIME_WORDS_JA = '夜中|深夜|早朝|夜|朝|(?:\\d+|遅い|早い|寝てる|寝ている)時|正午|お昼|昼休み|授業中|会議中|運転中|年末年始|[日月火水木金土]曜(?:日)?(?:の(?:朝|夜|昼))?|何回も|何度も|以降|以前|前に|職場|会社|仕事中|勤務中|平日|土日|週末|昼間|昼|休日|日中|午前|午後|夕方|営業時間|勤務時間|締め日|その日だけ|当日だけ';
/** Anywhere in the message: a time (or place) the request is narrowed to. */
export const TIME_NARROWING_ANY_EN = new RegExp(String.raw`\b(?:${TIME_SPAN_EN})`);
export const TIME_NARROWING_ANY_JA = new RegExp(`(?:${TIME_WORDS_JA})(?:は|に|の|中|間|遅く|早く)`);
// Right after an English phrase (objects first: "stop texting me these reminders after 9"), a bare "before", "after",
// "until", "while" too; right before a Japanese one (「夜はもう連絡しないで」).
const TIME_NARROWING_EN = new RegExp(String.raw`^(?: (?:me|us|the|these|those|your|my|any|all|so many|texts?|messages?|reminders?|sms|notifications?|alerts?))* (?:(?:before|after|until|till|til|between|during|while)\b(?! this (?:one|message|text|reply)\b)|${TIME_SPAN_EN})`);
const TIME_NARROWING_JA = new RegExp(`(?<!毎)(?:${TIME_WORDS_JA})(?:の時間帯|の時間|時間帯|頃|ころ)?(?:遅く|早く|遅う|早う|早よう|遅い時間|早い時間)?(?:前|以外|以降|以前|まで|から)?(?:だけ|のみ)?(?:は|に|の|中|間|の間)?(?:だけ)?(?:は)?(?:もう)?(?:メッセージ|sms|メール|連絡|電話|ショートメール|送信|通知|お知らせ|リマインド)?(?:を|は|も)?$`);

/** How a debtor may ask to be addressed ("stop calling me Mr.", "… by my first name"): shared by stop_verb's guard and tiers.ts. */
export const ADDRESS_FORMS_EN = String.raw`(?:mr|mrs|ms|miss|mister|sir|ma'am|maam|madam|dude|bro|buddy|pal|honey|hun|sweetie|dear|babe|by (?:my |that |the |a |his |her )?(?:first |last |full |old |maiden |wrong )?name|(?:the |that )?wrong name|that name|names)`;
const STOP_PHRASES_EN: Array<[string, RegExp]> = [
  // Round 6: reported to the carrier as spam; "You have been blocked"; "Cease." alone.
  ['stop.phrase.en.reported', /\b(?:forwarded|forwarding|fwd|sent|reported|reporting)(?: (?:it|this|these|them|you|your (?:texts|messages)))? to 7726\b|^7726\W*$|\breported (?:this |you |it |these |your (?:texts|messages|number) )?(?:to (?:my|the) (?:carrier|phone company|provider) )?(?:as|for) spam\b|\breported (?:to (?:my|the) (?:carrier|phone company|provider))\b|^(?:you(?:'ve| have)? been|you're|you are|this number is|number) blocked\W*$|^(?:blocking|block|blocked) (?:this|your|you|the) ?(?:number|sender)?\W*$|^(?:cease|desist|block)\W*$/],
  ['stop.phrase.en.stop_verb', new RegExp(String.raw`\b(?:stop|quit|cease|cut out|knock off|lay off|drop|end) (?:all )?(?:the )?(?:texting|messaging|contacting|calling|sending|harassing|spamming|bothering|pestering|hounding|bugging|nagging|hassling|badgering|bombarding|emailing|writing to|texts|messages|sms|spam|hitting (?:my|this) (?:line|phone|number|cell)|hitting me up|blowing up my phone|blowing me up)(?: me| us| this number| my number| my phone| these| them)?\b(?!(?: me| us)? ` + ADDRESS_FORMS_EN + String.raw`\b)(?!(?: me| us)? (?:robots?|bots?|machines?|automated (?:replies|messages|texts))\b[^]{0,60}\b(?:human|real person|a person|actual person|live person|rep|representative|agent|someone|somebody|operator)\b)(?!(?: me| us)? (?:the |these |those |a |an |your )?(?:wrong|incorrect|inflated|bogus|false|made-up|fake|duplicate|different) )(?! (?:my|his|her|our|their) (?:mom|mum|mother|dad|father|parents?|wife|husband|partner|boss|work|job|family|sister|brother|son|daughter|kids?|office|workplace|employer|neighbou?rs?|friends?|relatives?|grandma|grandmother|grandpa|references?))`)],
  ['stop.phrase.en.dont_contact', /\b(?:don't|do not|never|dont) (?:ever )?(?:text|message|contact|sms|email|write to|send me|bother)(?: me| this number| my number| us)?(?: (?:again|anymore|any more|ever again|ever))?\b(?! (?:well|much|often|good|fast|quickly|back|yet)\b)(?! (?:my|his|her|our|their) (?:mom|mum|mother|dad|father|parents?|wife|husband|partner|boss|work|job|family|sister|brother|son|daughter|kids?|office|workplace|employer|neighbou?rs?|friends?|relatives?|grandma|grandmother|grandpa|references?))/],
  // "Don't call or text me", "do not call me or text me again": texts named beside another channel.
  ['stop.phrase.en.dont_either', /\b(?:don't|do not|never|dont|please don't|stop|quit) (?:ever )?(?:call|phone|ring|email|write|calling|phoning|emailing)(?:ing)?(?: me)? (?:or|and|nor|and stop) (?:text|message|sms|contact|texting|messaging)(?:ing)?(?: me)?\b/],
  ['stop.phrase.en.no_more', /\bno (?:more |further )?(?:texts|messages|sms|text messages|contact|communication|communications|reminders|text reminders|notifications)(?: (?:by|via) (?:text|sms)(?: messages?)?)?(?: please)?\b(?! (?:before|after|until|at|on|during))/],
  ['stop.phrase.en.take_off', /\b(?:take|remove|delete|drop) (?:me|my number|this number|my details|my phone number) (?:off|from)\b(?! (?:that|his|her|their|that person's|the other) (?:account|file|profile))|\b(?:take|remove|delete|drop|get|scratch|strike) my name (?:off|from|out of) (?:(?:of|your|ur|this|the|that|whatever|any|every|all|these|those) )*(?:\w+ )?(?:lists?|texts|texting|messages|reminders)\b|\bget (?:me|my number) off\b|\bremove me\b|\btake me off\b|\b(?:take|remove|delete|drop|get) (?:her|him|them|my (?:mom|mum|mother|dad|father|parents?|grandma|grandmother|grandpa|grandfather|husband|wife|son|daughter)) (?:off|from) (?:of )?(?:your|ur|the|this|that|these|all) (?:\w+ )?(?:list|lists|texts|texting|messages|reminders)\b|\b(?:want|need|wanna|would like|like|i'd like) (?:to be |to get |to go )?off (?:of )?(?:your|ur|this|the|that|these|ur) (?:list|texts|texting list|text list|sms list|contact list|mailing list|messages)\b|\b(?:want|would like|wish|need|like|ask|asking|request) (?:to )?(?:be|get|have (?:me|my number)) (?:removed|taken off|deleted|unsubscribed|opted out|dropped)\b(?! (?:from|off) (?:the|my|this) (?:account|card|autopay|plan|lawsuit|case|policy))/],
  // "I want out of these texts", "count me out of your messages", "stay away from my phone", "lose my number":
  // neither a stop word nor a send word, still a refusal of the texts.
  ['stop.phrase.en.want_out', /\b(?:i )?(?:want|need|wanna|would like|i'd like) (?:out of|nothing(?: more)? to do with|no part of) (?:these|your|this|the|ur|all (?:these|your|the)) (?:texts|text messages|messages|messaging|text|sms|list|reminders|texting list|messaging list|notifications)\b|\bcount me out of (?:these|your|the|this) (?:texts|messages|reminders|list|texting)\b|\b(?:stay|keep|get) (?:the hell )?away from (?:my|this) (?:phone|number|cell|line)\b|\bleave (?:my|this) (?:phone|number|cell|line) alone\b|\blose (?:my|this) number\b|\bget off (?:my|this) (?:phone|line|number|cell)\b|\b(?:erase|delete|scratch|strike|cross|wipe) (?:me|my number|my name|my info|my details|this number) (?:off|from|out of)\b/],
  // "This number is not to be texted again", "this phone should not be contacted": a passive refusal.
  ['stop.phrase.en.passive', /\b(?:this|my) (?:number|phone|cell|line)(?: is| should| must| shall)? (?:not|never) (?:to )?(?:be )?(?:texted|messaged|contacted|sent (?:texts|messages|reminders)|used for (?:texts|messages))\b(?! (?:before|after|until|at|on|during))/],
  ['stop.phrase.en.optout', /\b(?:unsubscribe|optout|stopall|cease and desist)\b|\bopt (?:me|us|my number|this number) out\b|^(?:i'm |i am |we're )?opting out(?: now| of (?:these|the|your|all) (?:texts|messages|reminders))?\W*$|\b(?:i'm|i am|im|i'll be|we're|we are) opting out\b(?! of (?:the |my |this |your )?(?:\w+ )?(?:plan|autopay|auto-pay|paperless|insurance|arbitration|program|programme|statements?|emails?|calls?|mail))/],
  ['stop.phrase.en.discontinue', /\b(?:discontinue|cease|end|cancel|terminate|halt) (?:all |these |the |your |my |any )?(?:text |sms |automated |payment |debt )?(?:reminders|texts|text messages|messages|notifications|alerts|sms|communications?|contact|correspondence)\b/],
  // Round 8: "I respectfully decline any further text communication", "This number is on the Do Not Call registry".
  ['stop.phrase.en.decline', /\bdecline (?:any |all )?(?:further |more |future )?(?:text |sms |automated )?(?:communications?|contact|messages|texts|text messages|reminders|correspondence|messaging)\b|\b(?:on|in|to) (?:the |a )?(?:national )?do not (?:call|contact|text) (?:list|registry|register)\b/],
  // Round 12: "if you don't stop I'm reporting you to the FTC": the threat asks the texts to stop.
  ['stop.phrase.en.stop_or_else', /\bif (?:you |u )?(?:don't|do not|dont|won't|will not|wont) stop\b(?! (?:charging|adding|billing))[^.?!]{0,40}\b(?:report|reporting|lawyer|attorney|police|fcc|ftc|cfpb|sue|suing|court|complaint)\b/],
  ['stop.phrase.en.refrain', /\b(?:refrain|desist|abstain) from (?:texting|messaging|contacting|sending|calling|emailing|writing)\b/],
  ['stop.phrase.en.leave_alone', /\bleave (?:me|us|her|him|them|my (?:mom|mum|mother|dad|father|parents|grandma|grandmother|grandpa|grandfather|husband|wife|family)|(?:an?|this|the|that) (?:old |elderly |poor |sick |sweet )*(?:woman|man|lady|gentleman|widow|widower|couple|person|family|folks)) (?:the (?:hell|fuck|heck) |tf )?alone\b|^(?:just |please |pls )?leave me be\b|\bno more of (?:this|these|that|it|them) (?:on|to) (?:my|this) (?:phone|number|cell|line)\b|\b(?:not|no longer) interested in (?:receiving|getting) (?:any )?(?:more )?(?:texts|text messages|messages|sms|reminders)\b|\b(?:delete|remove|erase|purge|wipe) (?:my|this) (?:phone |cell )?(?:number|contact(?: info)?|cell)\b(?! (?:from|on|in) (?:the|my|your|that|his|her|their) (?:account|profile|card|app))|\b(?:lose|forget|erase) (?:my|this) (?:number|phone number|contact)\b/],
  // Round 7: "Turn off the notifications for me pls", "You're blocked after this one".
  ['stop.phrase.en.turn_off', /\b(?:like|want|need|have|get) (?:these |the |your |all (?:the |these |your )?)?(?:text |sms )?(?:notifications|texts|messages|alerts|reminders) (?:to be )?(?:turned|switched|shut) off\b|\b(?:texts?|messages?|reminders?|notifications?|alerts?|sms)\b(?![^?]*\b(?:autopay|auto-pay|card|account)\b)[^?]{0,60}\b(?:turn|switch|shut) (?:them|these|those) off\b(?! (?:before|after|until|at|on|during))(?![^?]*\?)|\b(?:turn|switch|shut) off (?:the |these |your |all (?:the |these |your )?|my )?(?:text |sms )?(?:notifications|texts|messages|alerts|reminders|text messages)\b(?! (?:before|after|until|at|on|during|for (?:the |my )?(?:autopay|card|account)))|^(?:you(?:'re| are)|you've been|ur) (?:blocked|getting blocked)\b/],
  // Round 7b: a threat tied to further messages ("Any further texts will be forwarded to my attorney", "text me again and
  // I call the police") refuses the messages without a stop word.
  ['stop.phrase.en.legal_threat', anyOf(/\b(?:any (?:more|further)|another|one more|next|further) (?:texts?|text messages?|messages?|sms|reminders?|contact)\b[^?]{0,60}\b(?:attorney|lawyer|police|fcc|ftc|cfpb|court|sue|legal action|report(?:ed)? (?:you|this))|\bif (?:you|u) (?:text|message|contact|sms) (?:me|this number|us) again\b[^?]{0,60}\b(?:attorney|lawyer|police|fcc|ftc|cfpb|court|sue|legal|report)|\bstop(?: (?:texting|messaging|contacting)(?: me)?)?,? or (?:else\b|(?:i'm|i will|i'll|i am)(?: going to| gonna)? (?:call|report|sue|contact|file)\w*\b)|\b(?:text|message|contact) (?:me|this number) (?:again|one more time) and (?:i'll|i will|i'm|i am)(?: going to| gonna)? (?:call|contact|get|report|sue|see)(?:ing)?\b|\bkeep (?:texting|messaging|sending (?:these|them|texts|messages))(?: me)?\b[^?]{0,12}\band (?:see|watch|you'll see|find out)\b/, /\b(?:any (?:more|further)|another|one more|next|further) (?:texts?|text messages?|messages?|sms|reminders?|contact)\b[^?]{0,60}\b(?:attorney|lawyer|police|fcc|ftc|cfpb|court|sue|legal action|report(?:ed)? (?:you|this))|\bif (?:you|u) (?:text|message|contact|sms) (?:me|this number|us) again\b[^?]{0,60}\b(?:attorney|lawyer|police|fcc|ftc|cfpb|court|sue|legal|report)|\b(?:text|message|contact) (?:me|this number) (?:again|one more time) and (?:i'll|i will|i'm|i) (?:call|contact|get|report|sue|see)\w*\b|\b(?:attorney|lawyer|cfpb|fcc|ftc|complaint|police)\b[^?]{0,60}\b(?:any (?:more|further)|every one of these|each of these|every (?:text|message)|further) (?:texts?|messages?|reminders?|gets?|will)\b/)],
  ['stop.phrase.en.rather_not', /\b(?:rather|prefer(?: it)?(?: if)?) (?:you|that you) (?:didn't|did not|don't|do not|not|stopped|would stop|no longer) (?:text|message|contact|sms|email|write|send)\w*\b/],
  ['stop.phrase.en.consent', /\b(?:revoke|withdraw|withdrawing|revoking) (?:my )?(?:consent|permission)\b|\bi (?:do not|don't) consent\b/],
  ['stop.phrase.en.dont_want', /\b(?:don't|do not|no longer) (?:want|wish|need) (?:to (?:get|receive) )?(?:(?:any ?more|more|any) of (?:these|your|the|those) |these|your|any|the|any more|anymore|more)? ?(?:texts|messages|text messages|sms|reminders|notifications)\b/],
  ['stop.phrase.en.want_stop', /\b(?:want|would like|wish|need) (?:you )?to (?:stop (?:receiving|getting|these)|stop (?:the )?(?:texts|messages)|unsubscribe|optout)\b|\b(?:want|need) (?:them|these|the texts|the messages|your texts) (?:all )?stopped\b/],
  ['stop.phrase.en.not_text', /\b(?:just |please |kindly )?not (?:text|message|contact|sms|email|write to)(?:ing)? (?:me|us|this number|my number)(?: (?:again|anymore|any more|ever|no more))\b|\bno longer (?:send|sent|text|message|contact|sms|email|write)\w* (?:me|messages|texts|anything|this number|to this number|to me)\b/],
  ['stop.phrase.en.hear_from', /\b(?:don't|do not|never) (?:want|wish|need) to (?:hear from|be contacted by|get (?:anything|another (?:text|message)) from) (?:you|your|this)\b|\b(?:done|finished) (?:getting|receiving) (?:these|your|the) (?:texts|messages|reminders)\b|\bi'm done (?:getting|with) (?:these|your|the)? ?(?:texts|messages)\b|\btexts\b[^.?!]{0,30}\bi'm done with (?:em|them)\b/],
  ['stop.phrase.en.stop_with', anyOf(/\b(?:stop|quit|cut it out|knock it off|pack it in|quit it|enough|done) (?:it )?with (?:the |these |your |all (?:the |these )?)?(?:texts|messages|sms|reminders|texting|messaging)\b/, /\b(?:stop|quit|cut it out|knock it off|quit it|enough|done|stfu|shut up) (?:it )?with (?:the |these |your |all (?:the |these )?)?(?:texts|messages|sms|reminders|texting|messaging)\b/)],
  ['stop.phrase.en.es', anyOf(/\bno (?:mas|más) (?:mensajes|textos|sms)\b|\bpar(?:en|e)(?:le|me|nos)? (?:ya )?con (?:los |sus |tus |estos )?(?:mensajes|textos)\b|\bpar(?:em|en|e|a) de (?:me |nos )?(?:mandar|enviar|escribir)(?:me|nos)?\b|\bn[aã]o (?:me )?(?:mande|mandem|envie|enviem)\b|\bdej(?:en|e|a|ar) de (?:mandar|enviar|escribir|textear|mensajear)(?:me|nos)?\b|\bno me (?:escriban|manden|envíen|envien|contacten)\b/, /\bno (?:mas|más) (?:mensajes|textos|sms)\b|\bbasta (?:de|con) (?:los |tantos |sus )?(?:mensajes|textos|sms)\b|^(?:baja|(?:quiero |favor de |por favor )?(?:darme|dame|denme|dar) de baja)(?: por favor| porfa)?\W*$|\b(?:quiero|favor de|pueden|puede) (?:darme|dar) de baja (?:de|del|este|mi) ?(?:los |sus )?(?:mensajes|textos|sms|servicio de mensajes|número|numero|lista)\b|\bpar(?:em|en|e|a) de (?:me |nos )?(?:mandar|enviar|escribir)(?:me|nos)?\b|\bn[aã]o (?:me )?(?:mande|mandem|envie|enviem)\b|\bdej(?:en|e|a|ar) de (?:mandar|enviar|escribir|textear|mensajear)(?:me|nos)?\b|\bno me (?:escriban|manden|envíen|envien|contacten)\b|\b(?:ya )?no quiero (?:recibir|m[aá]s) (?:m[aá]s )?(?:mensajes|textos|sms)\b/, /\bno (?:quiero|deseo|quiere) (?:recibir|m[aá]s|seguir recibiendo)\b[^?]{0,30}\b(?:mensajes|textos|sms|notificaciones|recordatorios)\b/)],
  // Opt-outs written in the debtor's own language (COMPLIANCE §1: "by any reasonable means"): Chinese, Korean,
  // Vietnamese, Tagalog. Only "stop / don't send (me) messages" and the carriers' own words (退订, 수신거부);
  // a wrong-number line in Korean (잘못 보내셨어요) or a paid claim (我已经付了) is not one.
  ['stop.phrase.xx', /(?:不要|别|別|勿|请勿|請勿|不用|不必|不需要)再?(?:给我|給我|向我)?(?:发|發|传|傳|寄)(?:送)?(?:了|短信|简讯|簡訊|信息|訊息|消息|讯息)|(?:停止|取消)(?:发送|發送|推送|订阅|訂閱)|退订|退訂|그만 ?(?:보내|연락)|보내지 ?(?:마|말아|마세요|마십시오|말아 ?주세요)|연락(?:하지|하지는) ?(?:마|말아|마세요|마십시오)|수신 ?거부|문자 ?사절|(?:^|[\s,.!?])(?:đừng|ngừng|dừng) (?:nhắn|gửi|liên lạc|làm phiền)|(?:^|[\s,.!?])không (?:muốn )?nhận (?:tin nhắn|sms)|\b(?:huwag|wag) (?:(?:na|po|nyo|niyo|ninyo|kayo|kayong|akong|ako|muna) )*(?:mag-? ?text|i-? ?text|mag-? ?message|magmessage|tawagan o i-?text)\b|\btigil(?:an)? (?:nyo |niyo |na |po )*(?:ang )?(?:pag-? ?text|pagtext|pagmessage|pag-message)\b|\bhindi (?:ko |na |po )*(?:kailangan|gusto)(?: ko| na| po)* (?:ng|ang|na) (?:mga )?(?:reminders?|texts?|messages?|text messages)\b/],
  ['stop.phrase.en.channel_only', /\b(?:mail|email|letters?|post|phone calls?|calls) only(?:,|\.)? (?:no (?:more )?(?:texts|texting|sms|text messages))\b|\bno (?:more )?(?:texts|texting|sms),? (?:mail|email|letters|calls) only\b/],
  ['stop.phrase.en.block', anyOf(/^(?!.*\b(?:card|account|bank|payment|app|autopay)\b)(?:i(?:'ve| have)? (?:just |now |already )?blocked (?:you|u|this number|your number|the number)|(?:this is |this was |it's )?spam\b[^?]{0,40}\b(?:blocking|blocked|reporting|reported)\b)[^?]*$|\b(?:reporting|reported|i'm reporting|i will report|i'll report) (?:this number|you|this|these texts|this text|it) to (?:the (?:fcc|ftc|cfpb|bbb|ag|attorney general)|my (?:carrier|provider|phone company))\b|\bmake (?:the |these )?(?:texts|messages|reminders) stop\b|\b(?:texts|messages|reminders)\b[^?]{0,60}\bmake (?:them|it) stop\b|^(?!.*\b(?:card|account|bank|payment|app|autopay)\b).*\b(?:and|then|&) (?:i )?blocked(?: (?:you|u|it|this|the number|this number|the sender))?\W*$|^spam\W+(?:and )?(?:reported|blocked|flagged)\W*$|^(?:reported|flagged|marked)(?: (?:as|for))? spam\W*$|\b(?:i'm|i am|i'll|i will|going to|i've|i have|just|now) (?:block|blocking|blocked|report|reporting|reported) (?:this|your|the|you|u)(?: number| sender| company| people| guys| texts?| messages?)?\b(?! (?:card|account))|^(?:blocking (?:you|u|this number|your number|the number)(?: now)?(?:\W+(?:bye|goodbye|bye bye|bye now|lol|k))?|blocked(?:[.!]* (?:bye|goodbye|bye bye|now|lol))?)\W*$|\b(?:reported|reporting|marked|marking) (?:this |you |it |these )?(?:as|for) spam\b/, /^(?!.*\b(?:card|account|bank|payment|app|autopay)\b).*\b(?:and|then|&) (?:i )?blocked(?: (?:you|u|it|this|the number|this number|the sender))?\W*$|^spam\W+(?:and )?(?:reported|blocked|flagged)\W*$|^(?:reported|flagged|marked)(?: (?:as|for))? spam\W*$|\b(?:i'm|i am|i'll|i will|going to|i've|i have|just|now) (?:block|blocking|blocked|report|reporting|reported) (?:this|your|the|you|u)(?: number| sender| company| people| guys| texts?| messages?)?\b(?! (?:card|account))|^(?:blocking (?:you|u|this number|your number|the number)(?: now)?(?:\W+(?:bye|goodbye|bye bye|bye now|lol|k))?|blocked(?:[.!]* (?:bye|goodbye|bye bye|now|lol))?)\W*$|\b(?:reported|reporting|marked|marking) (?:this |you |it |these )?(?:as|for) spam\b|^(?:you're|you are|your|ur) (?:spam|getting blocked|blocked)(?: now)?(?: lol| lmao| tbh)?\W*$/)],
  ['stop.phrase.en.can_stop', anyOf(/\b(?:you can|can you|could you|would you|will you|please|just) (?:just |please )?stop(?: (?:now|already|it|please|this|that|them|these|immediately))*\W*$/, /\b(?:you can|can you|could you|would you|will you|please|just|you need to|you have to|you gotta|you got to|you must) (?:just |please |really )?stop(?: (?:now|already|it|please|this|that|them|these|immediately))*\W*$/)],
  ['stop.phrase.en.mail_only', /\b(?:use|send|contact me by|write to me by|write me by|by) (?:regular |postal |e)?(?:mail|post|letters?) only\b|\b(?:mail|email|letters?|post) only from now on\b|\bonly (?:contact|reach|write to|write|correspond with) (?:me|us) (?:by|through|via|in) (?:regular |postal |snail )?(?:mail|post|letters?|writing)\b|\b(?:contact|reach|write to) (?:me|us) only (?:by|through|via|in) (?:regular |postal |snail )?(?:mail|post|letters?|writing)\b|\b(?:communications?|correspondence|contact)\b[^.?!]{0,60}\b(?:in writing|by (?:mail|post)) only\b/],
  ['stop.phrase.en.comm_end', /\b(?:all |any |further |these |your )?(?:text |sms |phone |)(?:communications?|contact|messages|messaging|texts|texting) (?:with me |to me )?(?:to )?(?:end|stop|cease|be (?:stopped|discontinued|ended|ceased))\b(?! (?:at|by|before|after|when|on|coming|arriving|showing))/],
  ['stop.phrase.en.send_nothing', /\b(?:don't|do not|dont|never) (?:ever )?send (?:me |us |this (?:phone|number) )?(?:anything|any more|anymore|another (?:text|message|sms)|any (?:more )?(?:texts|messages|sms))(?: else| more| again)?\b(?! (?:by|through|in) (?:mail|post|email))|\b(?:don't|do not|dont|never) (?:ever )?send (?:any |your |these |those |the )?(?:more |further )?(?:collection |debt |payment |automated |text )?(?:texts|messages|text messages|reminders|sms|notices) (?:to (?:it|this (?:phone|number|line|cell)|me|us|my (?:phone|number|cell))|here)\b|\bthis (?:number|phone|line) (?:should|must|is to|may) (?:not|no longer) be used for (?:any )?(?:collection |debt |payment )?(?:notices|texts|messages|reminders|sms|notifications)\b/],
  // An opt-out said again: "i said STOP already", "I told you to stop" (a mistaken STOP is an undo, checked first).
  ['stop.phrase.en.said_stop', /\bi (?:already |have already |already have |have )?(?:said|told you|asked you|replied|texted|sent|wrote|typed) (?:to )?stop\b(?! (?:by|at|in|off|over|paying|the (?:payments?|autopay|card)))/],
  // "I'd appreciate it if you stopped texting me", "I need you to stop messaging me".
  ['stop.phrase.en.if_you', /\b(?:if you|wish you|you (?:would|could|should|need to|have to|must)|you'd|i'd like (?:it if )?you(?: to)?|i need you to|i want you to|asking you to|ask that you|ask you to)(?: just| please| kindly| all| guys)? (?:stopped|stop|ceased|cease|quit) (?:texting|messaging|contacting|sending (?:me )?(?:texts|messages|these|them|reminders)|sending me)(?: me)?\b(?! (?:my|his|her|our|their) (?:mom|mum|mother|dad|father|parents?|wife|husband|partner|boss|work|job|family|sister|brother|son|daughter|kids?|office|workplace|employer|neighbou?rs?|friends?|relatives?|grandma|grandmother|grandpa|references?))/],
  ['stop.phrase.en.stop_these', /\bstop (?:sending|texting)?\s?(?:me )?(?:these|this|the|your)(?: automated| auto| automatic)? (?:texts|messages|text|message|sms|reminders|notifications)\b/],
  // Round 9 (retired holdout-17/18, as families): a wish that the messages cease ("I'd be grateful if these texts stopped"),
  // further messages called harassment ("Further messages will be treated as harassment"), and a whole refusal after a
  // time-narrowed one ("stop texting me at work, actually just stop texting me altogether").
  ['stop.phrase.en.if_ceased', /\b(?:appreciate it|be grateful|be thankful|prefer it|rather|like it|be happier|be best|be great) if (?:these|the|your|all (?:the|these|your)|any (?:more|further)|further|future) (?:text |sms |automated )?(?:texts|messages|text messages|reminders|notifications|sms|communications?|contacts?)(?: to me| to this number)? (?:ceased|stopped|ended|were (?:stopped|discontinued|ended|ceased)|would (?:stop|cease|end)|could (?:stop|cease|end)|came to an end|discontinued)\b/],
  ['stop.phrase.en.harassment', /\b(?:any (?:more|further|other)|further|another|more|continued|future|additional) (?:texts?|text messages?|messages?|sms|reminders?|contact|communications?|calls or texts)\b[^?]{0,40}\b(?:(?:be )?(?:considered|treated as|deemed|seen as|taken as|regarded as) (?:harassment|unwanted|unsolicited)|(?:is|are|=) harassment)\b/],
  // Round 11: "Shut up bot", "stfu robot": the whole reply tells the sender to be quiet.
  // Round 13: "please... no more..." closing a reply (the texts are what there should be no more of).
  ['stop.phrase.en.no_more_please', /(?:^|[.!?,] )(?:please|pls)[.!, ]+no more[.!]*$|(?:^|[.!?] )no more[.!, ]+(?:please|pls)[.!]*$/],
  ['stop.phrase.en.shut_up', /^(?:just |oh )?(?:shut up|stfu|shut it|shut your trap|pipe down)(?:,? (?:already|you|stupid|dumb|damn|freaking|fucking|bloody))*(?:,? (?:bot|robot|machine|spam ?bot|app|thing))?[.!]*$/],
  ['stop.phrase.en.whole', /\b(?:stop|quit|cease) (?:texting|messaging|contacting|sending (?:me )?(?:texts|messages))(?: me| this number)?,? (?:period|altogether|entirely|completely|at all|full stop|for good|forever|permanently)\b|\b(?:actually|in fact|better yet|scratch that|on second thought)[, ]+(?:just )?(?:stop|quit|cease) (?:texting|messaging|contacting)\b/],
  // Round 10 (retired holdout-19/20, as families): contact sent through an attorney ("I've hired a lawyer, direct all
  // further contact to her office") refuses the debtor's own channel; every set so far labels it stop.
  ['stop.phrase.en.represented', /\b(?:direct|send|route|forward|address) (?:all |any |further |future )*(?:communications?|contact|correspondence|messages|texts) (?:to|through|via) (?:my|our|the) (?:attorney|lawyer|counsel|legal counsel|law firm|attorney's office|lawyer's office)\b|\b(?:all |any |further |future )+(?:communications?|contact|correspondence) (?:must |should |will |needs to |has to )?(?:go(?:es)? |be (?:directed|sent|made) )?(?:through|to|via) (?:my|our) (?:attorney|lawyer|counsel|law firm)\b/],
  // Round 15 (retired holdout-29/30, as families): the texts told they may end ("…so these texts can end now", "the reminders
  // should stop here"), and STOP with "please" leading a reply that goes on to say why ("stop pls its a holiday", "stop
  // please i'm at my kid's game"); a fee, a charge or a time after it keeps its own meaning.
  ['stop.phrase.en.round15', /\b(?:these|the|your|all (?:these|the|your)|all|any more|further) (?:text |sms |automated )?(?:texts|messages|reminders|text messages|notifications)(?: to me| to this number)? (?:can|should|must|need to|may|could|have to) (?:all )?(?:end|stop|cease|be (?:stopped|ended|discontinued))(?: now| here| today| already| too)?\b(?! (?:at|by|before|after|when|once|on|until|till|if|coming|arriving|showing))|^(?:omg |ugh |just |seriously |so )*stop(?: it)?,? (?:please|pls)\b(?! (?:charging|adding|billing|calling me|with|sending (?:the |me )?(?:wrong|bills?|letters?|mail)|the (?:late|fees?|interest|charges?|calls?)|(?:late )?fees?|interest))/],
  // Round 16 (retired holdout-32/34, as families): paper asked for instead of the phone ("keep this to letters", "post only,
  // thanks": mail only is an opt-out by convention; not "keep the letters coming"), British "give over" / "pack in" the texts,
  // a threat to take it to a regulator or an ombudsman after "stop or", and the formal "ask that the reminders be discontinued".
  ['stop.phrase.en.round16', /\bkeep (?:this|it|things|everything|all (?:this|of this|contact|correspondence)|(?:all )?(?:contact|correspondence|communications?))? ?to (?:letters?|post|paper|writing|snail mail|(?:regular |postal )?mail)(?: only)?\b(?! (?:coming|arriving|for (?:the|my|your) (?:invoice|receipt|records?|accounts?|tax)))|^(?:by )?(?:letters?|post|paper|snail mail|in writing) only(?:,? (?:please|pls|thanks|ta|from now on|from here on|going forward|thank you|cheers))*\W*$|\b(?:give over|pack in) (?:with |wi' )?(?:the |these |your |all (?:the |these |your )?)?(?:texts|messages|texting|messaging|reminders|sms)\b|\bstop(?: (?:texting|messaging|contacting)(?: me)?)?,? or (?:i'm|i will|i'll|i am|we're|we will|we'll) (?:going|gonna go|taking (?:this|it|you)|reporting (?:this|it|you)) to (?:the )?(?:ombudsman|police|fca|ico|regulator|trading standards|citizens advice|court|small claims|papers|press|my (?:mp|solicitor|lawyer|attorney))\b|\b(?:ask|request|require|insist|demand)\w* that\b[^.?!]{0,60}\b(?:texts|messages|reminders|notifications|contact|communications?|correspondence)\b[^.?!]{0,30}\bbe (?:discontinued|stopped|ceased|ended|withdrawn)\b/],
  // Round 8: an outburst that is the whole reply ("go away", "Knock it off", "cut it out"), or closes a complaint about the
  // messages ("Harassment. … Cut it out."): every writer so far labels these stop (round 7b had them in the band only).
  // Not about fees or charges ("The late fees again? Knock it off.").
  ['stop.phrase.en.outburst', /^(?:ugh |omg |just |please |seriously |now |so )*(?:go away|knock it off|cut it out|get lost|buzz off|piss off|bugger off|sod off|fuck off|f off|eff off|back off|shut up)(?: already| now| please| man| dude| lol| pls| ok)*\W*$|^(?!.*\b(?:fees?|charges?|interest|price|rates?|prices)\b.*[.!?] (?:just |now |so )?(?:knock it off|cut it out|go away)\W*$).*\b(?:harass\w*|texts?|messages?|spam\w*|reminders?)\b.*[.!?] (?:just |now |so )?(?:knock it off|cut it out|go away)\W*$/],
];

const STOP_PHRASES_JA: Array<[string, RegExp]> = [
  // Round 6: withdrawing consent to the messages (同意を撤回), reporting them to the carrier as spam.
  // Round 8b: 「同意撤回します」 (without を), 「以前承諾した通知ですが、取り消させてください」 (承諾 of the messages).
  ['stop.phrase.ja.consent', /(?:受信|sms|メッセージ|連絡|通知|送信)[^。]{0,12}同意[^。]{0,12}(?:撤回|取り消|取消)|(?<!分割|支払い?|契約|プラン|引き?落とし|の)同意(?:を)?(?:撤回|取り消|取消)(?:します|いたします|したい|させて|で|お願い)|(?:同意|承諾|許可)(?:した|していた|いただいた)(?:sms|メッセージ|連絡|通知|配信|お知らせ|受信)[^。]{0,8}(?:撤回|取り消|取消)/],
  // Round 8b: 「通報済み。スパム」: reported, then called spam (either order, no として).
  ['stop.phrase.ja.reported', anyOf(/^(?!.*(?:ですか|でしょうか|かな|[?？]))(?:.*通報(?:済み|済|しました|した|しといた|しておきました)(?:です)?(?:スパム|迷惑(?:メール|sms|メッセージ)?)|(?:.*)(?:スパム|迷惑(?:メール|sms|メッセージ)?)(?:です|だ|なので|だから)?通報(?:済み|済|しました|した|しといた|しておきました))|(?:迷惑(?:sms|メール|メッセージ)?|スパム)(?:として|で|に)[^。]{0,10}(?:通報|報告|登録)(?:しました|した|済み|します|しといた|したから|したからな)/, /(?:迷惑(?:sms|メール|メッセージ)?|スパム)(?:として|で|に)?[^。]{0,10}(?:通報|報告|登録)(?:しました|した|済み|済|します|しといた|しとく|しときます|しとくわ|しておきます|したから|したからな|するわ|するね|するから)|^(?:もう|はい)?通報(?:しました|した|済み|済|します|しとく|しときます|しとくわ|しておきます|するわ|するね|するから)(?:ね|よ|わ|から|ので)?$/)],
  // Round 8: a whole reply that is an annoyance outburst (「うるさい」, 「うざい」, 「迷惑です」, 「しつこい。いい加減にして」): every
  // writer labels these stop. Only the whole message (「迷惑をかけてすみません」 and 「うるさい上司が…」 are not).
  ['stop.phrase.ja.outburst', /^(?:もう|ほんま|マジ|まじ|本当に|ほんとに|ほんと|ちょっと)?(?:うるさい|うるせ[えぇー]*|うざい|うぜ[えぇー]*|ウザい|ウザ|迷惑|しつこい|しつけ[えぇー]*|鬱陶しい|うっとうしい|うっとおしい)(?:です|だ|や|やねん|なんだけど|なんですけど|わ|よ|な|ね|んだよ|っす|すぎ|過ぎ)*(?:いい加減にして|いい加減にしろ|ええ加減にして|勘弁して|やめて)?(?:ください|くれ|よ|や)?$/],
 ['stop.phrase.ja.no_need', /(?:連絡|ご連絡)(?:は|を|も)?(?:もう|今後|一切)*(?:し|して|いただか|頂か|してもらわ|してこ|してくれ)なくて(?:も)?(?:いい|良い|結構|大丈夫|構いません|かまいません)|(?:メッセージ|sms|メール|通知|督促|催促|ショートメール)(?:は|を|も)?(?:もう|今後|一切)*(?:送|送信し|配信し)(?:って|て)?(?:いただか|頂か|もらわ|こ|くれ|くださら|下さら)?(?:ら)?なくて(?:も)?(?:いい|良い|結構|大丈夫|構いません|かまいません)/],
  // 迷惑メールに登録しました (reported as spam), もう来ないようにして (make them stop coming).
  ['stop.phrase.ja.spam', /(?:迷惑メール|迷惑sms|迷惑メッセージ|スパム)(?:扱い|判定)(?:に|と)?(?:しました|した|します|する|しとく|しといた|しておきます|済)|(?:迷惑メール|迷惑sms|迷惑メッセージ|スパム)(?:に|と|として)(?:登録|設定|報告|指定|振り分け|通報)(?:しました|した|します|する|しとく|しておきます|済)|(?:もう|二度と|今後)(?:メッセージ|連絡|sms|メール|通知)?(?:が|は)?(?:来|届か|こ)ないように(?:して|してください|してほしい|お願い|設定)/],
  // Round 9: a switch to mail only (「今後の連絡は郵送のみで」, 「やり取りは書面だけにして」) is an opt-out by the conventions, and
  // 「通知ﾖｹｲﾅｲ」 (余計/ヨケイ, "uncalled for") refuses the notices as 不要 does.
  ['stop.phrase.ja.mail_only', /(?:連絡|ご連絡|やりとり|やり取り|通知|案内|ご案内|お知らせ|督促|請求のご案内)(?:は|も|を)?(?:今後|これから|以後|今後は)?(?:すべて|全て|全部)?(?:郵送|書面|手紙|封書|郵便)(?:のみ|だけ|に限|オンリー)|(?:今後|これから|以後)(?:は)?(?:すべて|全て|全部)?(?:郵送|書面|手紙|封書|郵便)(?:のみ|だけ)(?:で|に|にして)|^(?:すべて|全て|全部)?(?:郵送|書面|手紙|封書|郵便)(?:のみ|だけ|オンリー)(?:で|に(?:して)?)(?:お願い|頼|して|ください|よろしく)/],
  ['stop.phrase.ja.uncalled', /^(?:もう)?(?:通知|メッセージ|sms|メール|連絡|お知らせ|リマインド)(?:は|とか|なんか|も)?(?:余計|よけい|ヨケイ)(?:な(?:い|いです|んだけど|んですけど)?|ナイ|ナ|ダ|デス|だ|です|や|やねん|だから|$)/],
  ['stop.phrase.ja.colloquial', /(?:送|寄越さ|よこさ)(?:ん|ら)ないで|(?:寄越さ|よこさ)ないで(?!(?:も|いい|大丈夫|済))|(?:送|連絡し|メールし)んな(?:って|よ|や|$)/],
  // 「このメッセージから抜けたい」「通知とは縁を切りたい」「私の携帯に関わらないで」: no stop or send word.
  // 「ストップって言ってるでしょ」「停止って送ったよね」: the opt-out said again, with irritation.
  ['stop.phrase.ja.said_stop', /(?:停止|ストップ|配信停止|stop)(?:って|と)(?:何度も|何回も|もう)?(?:言って|言った|送って|送った|返信して|返信した|頼んで|頼んだ)(?:る|ます|います|いる|ん)?(?:でしょ|だろ|じゃん|のに|よね|やろ|ってば|はず)/],
  ['stop.phrase.ja.leave', /(?:メッセージ|通知|sms|配信|連絡|リマインド|督促|ショートメール)(?:から|とは|と)(?:もう)?(?:抜けたい|抜けます|抜けさせて|外して|外れたい|縁を切りたい|縁を切ります|手を切りたい)|(?:携帯|スマホ|電話番号|番号|私|わたし)(?:に|には)(?:もう|二度と|今後)?(?:関わらないで|かかわらないで|関わるな|かかわるな|近づかないで)/],
  // Round 7: 「SMSはこれで終わりにしてください」, 「もう来なくていい」.
  ['stop.phrase.ja.end_here', /(?:sms|メッセージ|メール|通知|連絡|ご案内|案内|お知らせ|督促|催促)(?:は|も)?(?:これで|今回で|今日で|もう)(?:終わり|最後|おしまい)に(?:して|しろ|しましょう|させて)|(?:sms|メッセージ|メール|通知|連絡|督促|催促)(?:は|が|も)?(?:もう|今後|二度と)*(?:来|こ)ない(?:ように|ようにして|よう)(?:して|お願い|ください|ほしい|欲しい|頼|$)|(?:もう|二度と)(?:来|こ)なくて(?:いい|良い|結構)/],
  // Round 7b: 「これ以上送ってきたら弁護士に相談する」: a threat tied to further messages.
  // Round 8: 「これ以上送られても困ります」: further messages refused without a stop word.
  // Round 8 (retired holdout-16): 「電話番号消しといて」, 「この番号を削除してください」 — the whole message asks us to drop the
  // number ("lose my number" is stop by the conventions); not a number change (「前の番号は消して、新しい番号に送って」).
  ['stop.phrase.ja.drop_number', /^(?:私の|わたしの|俺の|うちの|この|こちらの)?(?:携帯|電話)?(?:番号|電話番号)(?:を|は|も)?(?:もう|すぐ|今すぐ)?(?:消して|消しといて|消しとって|消しておいて|消去して|削除して|消せ|リストから(?:消して|外して|削除して))(?:ください|下さい|くれ|ほしい|欲しい|もらえますか|お願いします|や|よ|ね|な)?$/],
  // Round 10 (retired holdout-19/20, as families): the sending itself refused (「送信そのものをやめて」, 「連絡自体いらない」), whatever
  // reason or time comes before it (phraseHit does not narrow it); contact sent through a lawyer or agent (「弁護士に一任したので
  // 今後のご連絡は事務所宛に」); irritation at how often (「勘弁して、何度送ってくるの」).
  ['stop.phrase.ja.whole', /(?:送信|連絡|配信|メッセージ|sms|メール|ショートメール|通知|送ってくること|送ること|送るの)(?:自体|そのもの)(?:を|が|も|は)?(?:もう|一切|今後)*(?:やめ|止め|停止|ストップ|不要|いらない|要らない|いりません|お断り|拒否|結構)/],
  ['stop.phrase.ja.represented', /(?:代理人|弁護士|司法書士)[^。]{0,20}(?:就|付|つき|つい|立て|依頼|一任|任せ)[^]{0,20}(?:連絡|やり取り|やりとり|お問い合わせ|問い合わせ)(?:は|を|も)?(?:今後|すべて|全て|全部|一切)*(?:法律)?(?:事務所|弁護士|代理人|司法書士)(?:宛|あて|に|へ|を通|経由)|(?:連絡|やり取り|やりとり)(?:は|を|も)?(?:今後|すべて|全て|全部|一切)*(?:代理人|弁護士|司法書士|法律事務所)(?:の事務所)?(?:宛|あて|を通|経由)/],
  ['stop.phrase.ja.how_often', /(?:いい加減にし|いいかげんにし|勘弁し|しつこ|うんざり)[^]{0,10}(?:何回|何度|いつまで)(?:も)?(?:送|連絡し|メッセージ|メール|sms)|(?:何回|何度|いつまで)(?:も)?(?:送って|連絡して|メッセージ|メール)[^]{0,12}(?:いい加減に|いいかげんに|勘弁|しつこい|うんざり)/],
  // 「もう送ってくださらなくて大丈夫です」: the keigo "no need to send any more", without naming the messages.
  ['stop.phrase.ja.no_need_polite', /(?:もう|今後|これ以上|今後は)(?:は)?(?:送|送信し|配信し|連絡し|ご連絡し)(?:って|て)(?:いただか|頂か|もらわ|くださら|下さら|くれ)なくて(?:も)?(?:いい|良い|結構|大丈夫|構いません|かまいません)/],
  ['stop.phrase.ja.no_further', /これ以上(?:送られ|送って(?:こられ|来られ)|連絡され|メッセージ(?:が|を)?(?:送られ|来|届)|sms(?:が|を)?(?:送られ|来|届))[^。]{0,3}も(?:困|迷惑)/],
  ['stop.phrase.ja.legal_threat', /(?:これ以上|今後|また|次|もう一度|二度と)[^。]{0,10}(?:送|連絡|メール|メッセージ|sms|届|来)[^。]{0,10}(?:たら|ようなら|れば|なら|場合)[^。]{0,15}(?:弁護士|警察|法的|訴え|訴訟|通報|消費者センター|消費生活センター)/],
  ['stop.phrase.ja.keyword', /配信停止|配信解除|登録解除|受信拒否|送信停止|配信を停止|送信を停止|配信をストップ|メール停止|sms停止|メッセージ停止|受け取り拒否/],
  ['stop.phrase.ja.dont_send', anyOf(/(?:送らないで|送って来ないで|送ってこないで|送るな|送ってくるな|送信しないで|配信しないで|連絡しないで|連絡してこないで|連絡して来ないで|連絡するな|メールしないで|メッセージしないで|smsしないで|ショートメールしないで|連絡をしないで|連絡は不要|連絡不要|連絡はいらない|連絡いらない|連絡してくるな|メールを送らないで|送るのをやめて|送るのやめて|連絡をやめて|連絡やめて|メールやめて|smsやめて|メッセージやめて|(?:連絡|メール|sms|メッセージ|送信|配信|送るの)(?:を|は)?(?:もう)?(?:やめ|止め|とめ)(?:れ|ろ|んかい|てや|なさい)|(?:送|連絡|メール|配信)(?:ら|せ|し)?ん(?:といて|とって|とい|でくれ|でください|でほしい|で$)|(?:送|寄越|よこ)(?:ら|さ)ね(?:え|ぇ|ー)?で(?:けろ|け|くれ|くんな|くださ|ほし|ちょうだい|$)|(?:送|寄越|よこ)(?:ら|さ)ね(?:え|ぇ|ー)?でよ|(?:連絡|メール|メッセージ|sms|配信)(?:は|を|も)?(?:もう|二度と)*しね(?:え|ぇ|ー)?で(?:けろ|け|くれ|くんな|くださ|ほし|ちょうだい|よ|$))/, /(?:送らないで|送って来ないで|送ってこないで|送るな|送ってくるな|送信しないで|配信しないで|連絡しないで|連絡してこないで|連絡して来ないで|連絡するな|メールしないで|メッセージしないで|smsしないで|ショートメールしないで|連絡をしないで|連絡は不要|連絡不要|連絡はいらない|連絡いらない|連絡してくるな|メールを送らないで|送るのをやめて|送るのやめて|連絡をやめて|連絡やめて|メールやめて|smsやめて|メッセージやめて|(?:連絡|メール|sms|メッセージ|送信|配信|送るの)(?:を|は)?(?:もう)?(?:やめ|止め|とめ)(?:れ|ろ|んかい|てや|なさい)|(?:送|連絡|メール|配信)(?:ら|せ|し)?ん(?:といて|とって|とい|どって|どいて|でくれ|でください|でほしい|で$)|(?:連絡|メール|メッセージ|sms)(?:を)?(?:し)?て(?:こ|く)ん(?:で|といて|とって|どって)|(?:送|寄越|よこ)(?:ら|さ)ね(?:え|ぇ|ー)?で(?:けろ|け|くれ|くんな|くださ|ほし|ちょうだい|$)|(?:送|寄越|よこ)(?:ら|さ)ね(?:え|ぇ|ー)?でよ|(?:連絡|メール|メッセージ|sms|配信)(?:は|を|も)?(?:もう|二度と)*しね(?:え|ぇ|ー)?で(?:けろ|け|くれ|くんな|くださ|ほし|ちょうだい|よ|$))/)],
  ['stop.phrase.ja.not_needed', anyOf(/(?:リマインダー|リマインド)(?:は|を|も)?(?:もう|一切|今後|以後)*(?:不要|いらない|要らない|いらん|要らん|いりません|要りません|結構)|(?:配信|送信|メール|メッセージ|sms|通知|連絡|リマインド|リマインダー|お知らせ)(?:は|も)?(?:今後|もう|一切|以後)*(?:なし|無し)(?:で|に)(?:大丈夫|いい|良い|結構|お願い|構いません|かまいません|ok|して|$)|(?:配信|送信|メール|メッセージ|sms|ショートメール|通知|今後の連絡|連絡|リマインド|お知らせ)(?:だけ)?(?:は|を|も)?(?:もう|一切|今後|以後|これ以上|全部|すべて|全て)*(?:不要|いらない|要らない|いらん|要らん|ご無用|無用|不必要|結構|必要ない|(?:やめて|止めて|とめて)(?!た(?:から|ので|けど|のに|せい))|オフ|off|切って|停止|ストップ|いりません|要りません|必要ない|やめてもらえ|止めてもらえ)/, /(?:リマインダー|リマインド)(?:は|を|も)?(?:もう|一切|今後|以後)*(?:不要|いらない|要らない|いらん|要らん|いりません|要りません|結構)|(?:配信|送信|メール|メッセージ|sms|通知|連絡|リマインド|リマインダー|お知らせ)(?:は|も)?(?:今後|もう|一切|以後)*(?:なし|無し)(?:で|に)(?:大丈夫|いい|良い|結構|お願い|構いません|かまいません|ok|して|$)|(?:配信|送信|メール|メッセージ|sms|ショートメール|通知|今後の連絡|連絡|リマインド|お知らせ)(?:だけ)?(?:は|を|も)?(?:もう|一切|今後|以後)*(?:不要|いらない|要らない|いらん|要らん|ご無用|無用|不必要|結構|必要ない|(?:やめて|止めて|とめて)(?!た(?:から|ので|けど|のに|せい))|オフ|off|切って|停止|ストップ|いりません|要りません|必要ない|やめてもらえ|止めてもらえ)/)],
  ['stop.phrase.ja.annoyed', /(?:連絡|メッセージ|sms|メール|督促|催促|通知)(?:は|も)?(?:もう)?(?:たくさん|沢山|うんざり|懲り懲り|こりごり)(?:だ|です|や|じゃ|$)|(?:しつこい|うるさい|迷惑|うざい|いい加減|鬱陶しい|うっとうしい)(?:ので|から|んで|んだけど|です|し)?(?:もう)?(?:やめて|止めて|とめて|やめろ|送るな|いらない|不要|勘弁)/],
  // 解除 / 中止 / 削除 of the sending itself, 購読解除, オプトアウト, "make today the last", keigo お控え/ご遠慮,
  // Kyushu/Kansai negatives (送ってこんで, 送らんで).
  ['stop.phrase.ja.cancel_sending', /(?:sms|メッセージ|メール|ショートメール)(?:での|による)(?:案内|ご案内|お知らせ|連絡|ご連絡|通知)(?:は|を)?(?:今後|もう)?(?:停止|ストップ|中止)(?:願|お願|して|ください|希望|で)|(?:sms|メッセージ|通知|配信|リマインド|お知らせ|ショートメール)(?:の)?(?:サービス|配信|送信)?(?:を|は|から)?(?:解約|退会)(?:したい|して|希望|お願い|します|させて|でお願い)|(?:リマインド|リマインダー|お知らせ|通知|配信|メッセージ|sms|メール)(?:は|を|も)?(?:全部|すべて|全て|一切|もう)+(?:解除|停止|ストップ|中止)|(?:リマインド|リマインダー|お知らせ)(?:を|の)?(?:解除|停止|ストップ|中止)|(?:配信|購読|登録|通知|送信|案内sms|sms|メッセージ|メール)(?:を|の)?(?:解除|中止|中断|停止|ストップ|取りやめ|取り止め)|optout|(?:番号|電話番号|連絡先)(?:を)?(?:登録|リスト|名簿|送信先|配信先|宛先)から(?:削除|外|消|抜)|(?:送信|配信|宛先|連絡先)?(?:リスト|名簿|送信先|配信先|登録)から(?:私|わたし|僕|自分)?(?:の)?(?:番号|電話番号|連絡先|名前)?(?:を)?(?:削除|外し|消し|抜い)|(?:今日|今回|これ)で最後にして|(?:sms|メール|メッセージ|ショートメール|電話やsms)?(?:での|による)?(?:連絡|ご連絡|メッセージ|送信|sms|メール|督促|催促|通知|ご案内|リマインド)(?:は|を|も)?(?:一切|今後|もう|直接)*(?:お控え|控え|ご遠慮|遠慮)|送(?:っ)?て(?:こ|く)ん(?:で|といて|とって)|(?:送ら|寄越さ|よこさ|寄こさ)ん(?:で|といて)/],
  ['stop.phrase.ja.refuse', /(?:連絡|メッセージ|sms|メール|送信|通知|ショートメール|督促)(?:の)?(?:受信|受け取り)?(?:は|を|も)?(?:今後|一切|もう|全て|すべて)*(?:お断り|断り|拒否|お断わり)|(?:連絡|メッセージ|sms|メール|送信|送る|送るの|送ってくるの)(?:は|を|も)?(?:今後|一切|もう|直接)*(?:お|ご)?(?:やめ|止め)(?:ください|下さい|いただ|頂|てくれ|てくれへん|てもら|て(?:ください|いただ|頂|ほしい|欲しい|もら|くだ))/],
  ['stop.phrase.ja.dont_do', /(?:連絡|メール|メッセージ|送信|sms|配信)(?:は|を|も)?(?:もう|一切|今後|二度と)*(?:しないで|しないように|せんといて|せんで|すんな|するな|しないこと)|送らないこと|送らないように|(?:寄越す|よこす|送る|送って来る|送ってくる)な(?:って|よ|や|$)|送って(?:く|こ)んな|送ってくんじゃ|送ってこんで|送ってこんといて/],
  // Cutting contact off, declining, blocking, "leave me alone": 連絡を絶ちたい, 通知は辞退します, 受け取らない設定にしたい,
  // ほっといて, ブロックします / 着信拒否しました (not a card that was blocked).
  ['stop.phrase.ja.cut_off', /(?<![とに])(?:連絡|やり取り|やりとり|関わり|関係)(?:を|は)?(?:一切|全部|すべて|もう)*(?:絶|断|切)(?:ち|り|って)(?:たい|ます|ました|させて)(?!くらい|ぐらい|ほど)|(?:通知|連絡|メッセージ|sms|メール|配信|案内|送信|ご連絡|お知らせ|ご案内|リマインド|リマインダー|督促|ショートメール)(?:は|を|の受け取りは|の受信は)?(?:今後|一切|もう|謹んで)*(?:ご)?辞退|(?:受け取ら|受信し|受信でき|届か)ない(?:設定|ように)|(?:ほっと|放っと|放っておい|ほうっておい|ほっておい)(?:いて|て)|(?:構わ|かまわ|関わら|かかわら)(?:ないで|んで|んといて|んとって)(?!す|も|大丈夫|いい|ok)|(?<!(?:カード|クレカ|口座|アカウント)(?:を|が|は)?)(?:ブロック|着信拒否|受信拒否)(?:に)?(?:設定)?(?:し(?:ます|ました|た|とく|ときます|とこう|ておく|ておきます|てやる|て|といた|ておいた)|する|させ)(?!(?:ほう|方)が|べき|ら(?:いい|良い|どう)|てもいい|ても(?:大丈夫|平気)|前)|(?:私|わたし|うち|自分|僕|俺|こちら)の(?:番号|電話番号|携帯番号|携帯|連絡先)(?:を)?(?:消し|削除し|消去し)(?:て|といて|ておいて|てください|てほしい|てもらえ)/],
  // Round 11 (retired holdout-21/22): 「しつこい、いい加減にしとけ」 (the outburst with a clause before it), mail only said as
  // 「ショートメールは困ります」, 「もう二度と来ないようにして」 (the messages never to come again).
  ['stop.phrase.ja.round11', /(?:しつこい|しつけ[えぇー]*|うるさい|うざい|迷惑)[^]{0,6}?(?:いい加減に|いいかげんに|ええ加減に)(?:しとけ|しろ|せえ|しとき|してくれ|して)|(?:ショートメール|sms)(?:は|で(?:の連絡|のご連絡)?は|だと)(?:本当に|ほんとに)?(?:困ります|困る|困るんです|迷惑です)/],
  // Round 12 (retired holdout-23/24): 「この番号消して」 (delete this number, as 私の番号を消して; not with a new number given), and a
  // conditional threat 「止めてくれないなら消費者センターに言います」 (stop, or I complain: the request is to stop).
  ['stop.phrase.ja.round12', /(?:この|こっちの)?(?:電話|携帯)?番号(?<=^(?:この|こっちの)?(?:電話|携帯)?番号)(?:を|は)?(?:もう)?(?:消し|削除し|消去し)(?:て|といて|ておいて|てください|てほしい|てもらえ|とけ|ろ)(?![^]*(?:新しい|新番号))|(?:止め|やめ|停止し)(?:て)?(?:くれ|もらえ|くれへん|くれん)?(?:ない|ん|へん)(?:なら|と|んなら|んだったら|のなら|場合は)[^]{0,12}?(?:消費者センター|生活センター|警察|弁護士|通報|訴え|出るとこ)/],
  // 二度と (never again) is whole: a time said before it (「夜中に…うるさい」) says why, it does not narrow it.
  // Round 13 (retired holdout-25/28): 「もう送らなくていいんで」 (not needed any more), paper asked for instead of the phone's mail
  // (「メールは困ります。ハガキにしてください」: mail only, convention), and 「もう結構です」 closing a complaint about the phone ringing.
  ['stop.phrase.ja.round13', /(?<!(?:書類|郵便|郵送|手紙|請求書|明細|ハガキ|はがき|葉書|封書|督促状|用紙|紙)(?:は|を|も)?)(?:もう|今後|二度と)(?:は)?(?:送ら|送って(?:こ|く)|連絡し|送信し|メールし|通知し)(?:なくて|なくても|んでも)(?:いい|良い|大丈夫|結構|ええ|ok)|(?:メール|メッセージ|携帯(?:の|に)?(?:メール|メッセージ)?)(?:は|では|だと)(?:本当に|ほんとに)?(?:困ります|困る|困るんです)[^]{0,20}(?:ハガキ|はがき|葉書|郵送|手紙|書面|封書)|(?<=(?:鳴|ピロピロ|ピコピコ|通知音|着信音|眠れ|うるさ)[^]{0,30})もう(?:結構|けっこう|いい|ええ)(?:です|だ|や|わ)?$/],
  // Round 15 (retired holdout-29/30, as families): keigo that names the act of contacting before お控え / ご遠慮 (「ご連絡をいただく
  // のは今後お控えいただけますか」, 「メッセージをお送りになるのはご遠慮ください」), and the messages declared ご不要 / ご無用
  // (「今後の送信はご不要です」, 「リマインドはご無用に願います」).
  ['stop.phrase.ja.round15', /(?:連絡|ご連絡|メッセージ|sms|メール|ショートメール|通知|送信|お電話や(?:sms|メール|ショートメール)|お知らせ)(?:を|で)?(?:いただく|頂く|くださる|下さる|する|される|差し上げる|もらう|お送りになる|送られる|送る|送ってくる|よこす|寄越す)の(?:は|を|も)(?:今後|もう|一切|以後|これ以上)*(?:お控え|控え|ご遠慮|遠慮|おやめ|やめ|止め)|(?:送信|配信|メール|メッセージ|sms|ショートメール|通知|連絡|リマインド|リマインダー|お知らせ|案内|督促|催促)(?:は|も|の方は)?(?:今後|もう|一切|以後|これ以上)*ご(?:不要|無用)/],
  // Round 16 (retired holdout-32/34, as families): paper named first (「書面でのご連絡のみに」), the messages from now on declared
  // 不要 in keigo (「以降のご案内は不要でございます」; not 返信, not 紙の), the rude 「もう来んな」 / 「二度と来るな」 (never 来るなら),
  // sending to this number / here refused (「この番号に送ってくるのはやめて」) and STOP with romaji politeness ("stop shite kudasai").
  ['stop.phrase.ja.round16', /(?:郵送|書面|手紙|封書|郵便|ハガキ|はがき|葉書)(?:で|による|での|にて)(?:の)?(?:ご)?(?:連絡|やりとり|やり取り|通知|案内|お知らせ|督促|ご案内)(?:のみ|だけ|に限|オンリー)|(?:以降|今後|これから|以後)の(?:ご)?(?:案内|連絡|通知|お知らせ|送信|配信|メッセージ|sms|リマインド|ショートメール)(?:は|も)(?:もう|一切)*(?:ご)?(?:不要|無用|いりません|要りません)|(?:もう|2度と|二度と)(?:sms|メール|メッセージ|連絡)?(?:は|も)?(?:来|く)(?:んな|るな)(?![らりるあ])|(?:もう|2度と|二度と)来んじゃ(?:ね|な)|(?:番号|携帯|スマホ|ここ|こっち|こちら|私|わたし|うち)(?:に|へ|には|宛てに|あてに)(?:もう|今後)?(?:送って(?:くる|こられる|来る)|送る|連絡(?:して)?(?:くる|来る)|メール(?:して)?(?:くる|来る))の(?:は|を|も)(?:もう|今後|一切)*(?:やめ|止め|とめ|お控え|控え|ご遠慮|遠慮)|^(?:stop|sutoppu)(?:shite|site|shitte)?(?:kudasai|kudasaimase|onegai(?:shimasu|shimas)?|kure|hoshii|yo|ne)+$/],
  ['stop.phrase.ja.never_again', /(?:二|2)度と(?:来|こ|届か|送られてこ)ない(?:ように|よう)(?:に)?(?:して|しろ|お願い|設定)/],
  ['stop.phrase.ja.dont_want', /(?:今後|もう|一切|二度と)+(?:は)?(?:受け取り|受信し|受け付け|受けつけ)(?:ません|ない)|(?:受け取りたくない|受信したくない|もう届かないように|届かないようにして|二度と(?:連絡|送|メール))|(?:受信|受け取り|受け取るの)(?:を|は)?(?:もう)?(?:やめ|止め|停止し|拒否し|終わりにし)(?:たい|ます|させて)|(?:連絡|メッセージ|sms|メール|通知|送信|配信)(?:での(?:連絡|ご連絡|やり取り))?(?:を|は)?(?:今後|もう|一切)*(?:希望しません|希望しない|望みません|望まない)/],
];

// Speed (speed9): detectStop, detectStart and detectHelpKeyword split the same text; the last split is kept (callers only read it).
let lastClausesOf: string | undefined;
let lastClauses: readonly string[] = [];
function clauses(text: string): readonly string[] {
  if (text === lastClausesOf) return lastClauses;
  lastClauses = text
    .split(/[.,!?]/)
    .map((s) => s.trim())
    .filter(Boolean);
  lastClausesOf = text;
  return lastClauses;
}

// Round 13: 配信停止 / 送信停止 said for some hours only (「夜9時以降は送信停止で」, 「週末は配信停止」): a contact-time request
// (convention e). Narrower than TIME_NARROWING_JA (以前 alone is "earlier": 「以前配信停止しました」 stays an opt-out).
const KEYWORD_NARROWING_JA = /(?:\d+時|夜間?|朝|深夜|早朝|平日|土日|週末|休日|夕方|昼間?|その日|当日|締め日)(?:\d+時)?(?:以降|以前|まで|前|過ぎ|の間|の時間帯)?(?:だけ)?(?:は|に|の)$/;

// speed11: which phrases may match is found in one walk over the text (prefilter.ts); the others cannot match it.
function phraseHit(text: string, phrases: Array<[string, RegExp]>, narrowing: RegExp, ja: boolean): KeywordHit | undefined {
  const may = mayMatchEachOf(phrases, ([, re]) => re, text);
  for (let i = 0; i < phrases.length; i++) {
    const [rule, re] = phrases[i]!;
    const m = may[i] || re.global || re.sticky ? re.exec(text) : null;
    if (!m) continue;
    if (ja) {
      // 「以前承諾した通知」: 以前 here is "earlier", and consent is withdrawn whole, never for some hours.
      if (rule === 'stop.phrase.ja.keyword' && KEYWORD_NARROWING_JA.test(text.slice(0, m.index))) continue;
      if (rule !== 'stop.phrase.ja.keyword' && rule !== 'stop.phrase.ja.consent' && rule !== 'stop.phrase.ja.whole' && rule !== 'stop.phrase.ja.never_again' && narrowing.test(text.slice(0, m.index))) continue;
    } else if (narrowing.test(text.slice(m.index + m[0].length))) continue;
    return { rule, matched: m[0] };
  }
  return undefined;
}

// Undoing an opt-out uses the opt-out word: "undo my opt-out", 「配信停止を取り消したい」 are re-subscribes.
// "I never said stop", 「停止なんて頼んでない」: not an opt-out; a re-subscribe only when the messages are asked back.
export const NEVER_SAID_STOP_EN = /\b(?:not|isn't|is not|this is not|no) (?:a |an )?(?:stop|optout|unsubscribe) (?:request|message|text|reply)\b|\b(?:not|never) (?:trying|wanting|asking|looking|meaning) to (?:opt out|optout|unsubscribe|stop (?:the |your )?(?:texts|messages|reminders))\b|\b(?:don't|do not) want to (?:opt out|optout|unsubscribe)\b|\b(?:never|didn't|did not|don't|do not) (?:ever )?(?:say|said|ask|asked|send|sent|text|texted|reply|replied|type|typed|request|requested|want|wanted) (?:for |you )?(?:to )?(?:stop|unsubscribe|optout|opt out)\b(?! (?:by|at|in|off|over|paying|the (?:payments?|autopay|card)))/;
export const NEVER_SAID_STOP_JA = /(?:停止|ストップ|配信停止|optout)(?:は|を)(?:希望し|望み|望ま|求め)(?:ません|ない)|(?:停止|ストップ|stop|配信停止|解除|optout)(?:なんて|とか|とは|って|を|は)?(?:一言も)?(?:言って|送って|頼んで|お願いして|返信して|申し込んで|希望して)(?:い)?(?:ない|ません|ねえ|ねー)/;
// Round 8b: "I replied stop but I changed my mind, turn them back on": a change of mind that asks for the texts back.
const CHANGED_MIND_EN = String.raw`\b(?:said|replied|texted|sent|typed|hit) (?:stop|unsubscribe|optout)\b[^.?!]{0,30}\b(?:changed my mind|change of heart|rethought it|reconsidered)\b(?=.*\b(?:back on|them back|resume|start|keep (?:texting|sending|messaging)|continue|carry on|keep (?:them|the \w+) coming)\b)`;
// Round 12 (retired holdout-23/24): "I unsubscribed but changed my mind" (the change of mind is the request); 「ストップって打ったかも、
// 取り消しといて」 (a STOP sent, then taken back), 「止めたけどやっぱ通知あったほうが助かる」 (stopped, and the notices asked back).
const UNDO_STOP_EN = new RegExp(String.raw`\b(?:unsubscribe|unsubscribing|unsubscribed|stop|stopping|optout|opting out|opted out)\b[^.?!]{0,20}\b(?:was|is) (?:a |my )?(?:mistake|accident|error)\b|\b(?:undo|remove|cancel|reverse|revoke|take back|withdraw|retract) (?:my |the |that )?(?:earlier |previous |last |recent )?(?:optout|opt out|stop|unsubscribe)(?: request)?\b|\b(?:sent|texted|replied|typed|hit|pressed) stop (?:by (?:accident|mistake)|accidentally)\b|\bunsubscribed (?:by (?:accident|mistake)|accidentally)\b|\b(?:didn't|did not|never) (?:mean|want|intend) to (?:unsubscribe|optout|stop (?:the )?(?:texts|messages)|opt out)\b|\b(?:stopped|unsubscribed|unsubscribe|opted out|optout)\b(?! (?:my |the |our )?(?:autopay|auto-pay|automatic|card|payments?|direct debit|check|plan))[^.?!]{0,25}\b(?:by (?:accident|mistake)|accidentally|mistakenly|in error)\b|\b(?:accidentally|mistakenly|by mistake|by accident) (?:sent|texted|replied|typed|hit|pressed|said|replied with) (?:a )?stop\b|\b(?:asked|told) (?:y'?all|you(?: guys| all)?|u) to stop\b[^.?!]{0,60}\bbut\b(?=.*\b(?:turn (?:them|it|those|the \w+) back on|start (?:them|texting|sending) (?:again|back up)|resume|(?<!\b(?:you|y'all|yall|u|they|you guys|still) )keep (?:texting|sending)|send (?:them|me the \w+) again)\b)|\b(?:said|texted|replied|sent|typed) stop\b[^?]{0,40}\b(?:i|we) (?:actually|really|do|still|kinda|kind of) (?:need|want|rely on|use|like) (?:these|them|those|the (?:texts|messages|reminders|alerts|notifications))\b(?! (?:to (?:end|stop|go)|gone|stopped))|${CHANGED_MIND_EN}|\b(?:i |we )?(?:unsubscribed|opted out|said stop|texted stop|replied stop|sent stop)\b[^.?!]{0,15}\bbut (?:i(?:'ve| have)? )?(?:changed my mind|had a change of heart|reconsidered|want (?:them|the texts|the reminders) back)\b`);
// "my wife texted STOP from my phone, keep sending", 「子どもが勝手に「停止」って送った。連絡は続けて」: the opt-out was
// someone else's, and the debtor asks for the texts back (a re-subscribe, never an opt-out).
export const OTHER_SENT_STOP_EN = /\b(?:(?:my|our|the) (?:wife|husband|partner|kids?|son|daughter|child|children|mom|mum|dad|boyfriend|girlfriend|roommate|brother|sister|grandson|granddaughter|friend|toddler|nephew|niece)|someone(?: else)?|somebody(?: else)?|whoever|a friend|a kid)\b[^.?!]{0,30}\b(?:sent|texted|replied|typed|hit|pressed|wrote|responded)(?: you| back)?(?: with)? ['"]?(?:stop|unsubscribe)\b(?=.*\b(?:keep|continue|still want|resume|wasn't me|was not me|not me|didn't mean|start|want (?:the|my|these|your|those) (?:texts|messages|reminders)|want them (?:back|to continue|to keep coming))\b)|\b(?:wasn't|was not|not) me (?:who|that) (?:sent|texted|replied|typed)(?: you)? ['"]?(?:stop|unsubscribe)\b|\b(?:that|the|this) ['"]?(?:stop|unsubscribe)['"]?(?: (?:earlier|before|message|text|reply|yesterday|this morning|last night))*,? (?:was|came from)(?: (?:just|actually|really))? (?:my|our|a|the) (?:wife|husband|partner|kids?|son|daughter|child|children|grandson|granddaughter|grandkids?|grandchild|mom|mum|dad|boyfriend|girlfriend|roommate|brother|sister|friend|toddler|nephew|niece|caregiver|aide)\b(?=.*\b(?:keep|continue|still want|resume|start|want (?:the|my|these|your|those) (?:texts|messages|reminders))\b)/;
export const OTHER_SENT_STOP_JA = /(?:子ども|子供|こども|家族|夫|妻|旦那|嫁|息子|娘|孫|甥っ子|姪っ子|甥|姪|弟|妹|兄|姉|母|父|親|祖母|祖父|彼氏|彼女|友達|友人|従業員|社員|スタッフ|バイト|パート)(?:が|の)?(?:勝手に|間違えて|間違って|いたずらで|ふざけて|誤って|うっかり)[^。]{0,6}?(?:配信停止|停止|ストップ|stop|受信拒否)(?:に|を)?(?:し|押し|設定し)(?:ちゃっ|ちゃい|てしまっ|てしまい|た|まし)(?=[^]*(?:また|再び|再開|届く|届けて|送って|続け|戻して))|(?:子ども|子供|こども|家族|夫|妻|旦那|嫁|息子|娘|誰か|他の人|別の人|母|父|親|彼氏|彼女|孫|友達|友人|従業員|社員|スタッフ|部下|事務員|同僚|バイト|パート)(?:が)?(?:勝手に|間違えて|間違って|いたずらで|ふざけて|誤って)?[^。]{0,10}?[「『"]?(?:停止|ストップ|stop|配信停止)[」』"]?(?:って|と|を)(?:送|返信|返|打)(?=[^]*(?:続け|再開|送って|届けて|ください|ほしい|欲しい|お願い|もらいたい|いただきたい))|[「『"]?(?:停止|ストップ|stop|配信停止)[」』"]?(?:って|と)(?:送|返信|返|打)(?:っ|し)?た(?:の|もの)(?:は|って)[^]{0,12}?(?:子ども|子供|こども|家族|夫|妻|旦那|嫁|息子|娘|孫|母|父|親|彼氏|彼女|友達|友人|誰か|他の人|別の人)(?:の|が)?(?:いたずら|悪戯|イタズラ|間違い|仕業|ミス|勝手)(?=[^]*(?:続け|再開|送って|届けて|ください|ほしい|欲しい|お願い|もらいたい|いただきたい|今まで通り|これまで通り))/;
const UNDO_STOP_JA = /(?:配信)?停止(?:は|を)(?:なし|無し|ナシ|取り消し|取消し?)(?:に|で)(?=[^]*(?:通知|連絡|メッセージ|sms|リマインド|お知らせ|送って|要ります|いります|ほしい|欲しい|必要))|(?:受信拒否|着信拒否|ブロック)(?:の設定)?(?:して(?:い)?た(?:の|のを|分))?(?:を|は)?(?:外し|解除し|やめ|取り消し|オフに)|(?<!利用|回線|供給|サービス|電気|ガス|水道|携帯|通話|送電|給水|カード|口座|アカウント)(?:停止|ストップ|配信停止|受信拒否|解除|optout)(?:した(?:の|こと))?(?:を|の|は)?(?:取り消|取消|キャンセル|撤回|やめ|止め|解除)|(?:間違え|間違い|間違って|誤って|うっかり)(?:て)?(?:配信|受信)?(?:停止|ストップ|解除|optout)|(?:停止|ストップ|stop)(?:って|と)(?:送|返信|返|言|打)[^。]{0,12}(?:間違い|ミス|誤り|違います)|(?:停止|ストップ)(?:した|して)(?:の|こと)?(?:を|は)?(?:取り消|取消|撤回|キャンセル|なしに|戻)|(?:停止|ストップ|解除|拒否)(?:し)?(?:た|ました)(?:けど|けれど|が|んですが|のですが)(?:やっぱり|やはり|やっぱ)?(?:また|再び|もう一度|再度)?(?:送|配信|通知|連絡|再開|メッセージ|受け取)(?!ってき|って来|ってくる|ってくん|られ|され|してき|してくる|してくん)|(?:停止|ストップ|解除|拒否)(?:に)?(?:し)?(?:た|ました|してた|していました)(?:けど|けれど|が|んですが|のですが)[^。]{0,6}(?:やっぱり|やはり|やっぱ)[^。]{0,25}(?:送って|配信して|通知して|連絡して|再開|受け取りたい|もらいたい|ほしい|欲しい|届けて|届くように)|(?:(?:停止|ストップ|stop|解除|拒否)(?:って|と)?(?:送っ|し(?:て)?|にし(?:て)?)?|(?:止め|とめ)て)(?:もらっ|もろう|もろ|くれ|いただい|頂い)?(?:た|ました|てた|ていた)(?:けど|けれど|が|んですが|のですが)[^]{0,30}?(?:やっぱり|やはり|やっぱ|また|再び|もう一度|再度)[^]{0,20}?(?:(?:送って|配信して|通知して|連絡して|知らせて|戻して)(?:ください|下さい|ほしい|欲しい|もらえ|くれ|ね|よ|$)|再開(?:して|を|お願い|で)|受け取りたい)|(?:停止|ストップ|stop)(?:って|と)(?:送|返信|返|言|打)(?:っ|し)?た(?!ら)[^。]{0,8}(?:取り消|取消|撤回|なかったことに|無かったことに|無効に|キャンセル)|(?:止め|とめ|やめ)(?:た|ました|ちゃった|ちゃいました)(?:けど|けれど|が|んですが|のですが)[^。]{0,6}(?:やっぱり|やはり|やっぱ)[^。]{0,6}(?:リマインド|通知|メッセージ|連絡|sms|お知らせ)[^。]{0,12}(?:助かる|ほしい|欲しい|(?:ほう|方)が(?:いい|良い|便利))|(?:止め|とめ|停止し|ストップし|配信停止し|解除し)(?:た|ちゃった|ました)(?:の|こと|やつ)(?:は|を)?(?:なし|無し|ナシ|取り消し|取消し?)(?:で|に|にして)/;

// "Don't stop the reminders", "unsubscribe me from the paper statements, texts are fine": the
// debtor keeps the texts. Round 12: "no need to stop the reminders", "you don't have to unsubscribe me".
export const KEEP_TEXTS_EN = /\b(?:no need to|(?:you )?(?:don't|do not|dont) (?:need|have) to) (?:stop|cancel|end|pause|unsubscribe|opt (?:me|us) out)\b(?: (?:the |these |your |my |any )?(?:texts|reminders|messages|notifications|sms))?|\b(?:you can|feel free to|ok to|okay to|fine to|just) text(?: me)?(?: instead)?\W*$|\bprefer (?:a |to )?(?:text|texts|texting|sms|messages|be texted)\b|\b(?:don't|do not|never|no) (?:call|phone|ring)(?: me| my (?:phone|cell|number))?(?: anymore| again)?[,.;]? (?:just |only |please )?(?:text|sms|message)(?: me)?\b(?! (?:or|and|either|again|anymore|any more|ever))|\b(?:don't|do not|never|please don't) (?:unsubscribe|optout|opt (?:me|us) out|remove me|take me off)\b|\b(?:just |only |please )?(?:text|sms|message) me (?:instead|only)\b|\b(?:calling|phone calls?|ringing|calls)\b[^.?!]{0,40}\b(?:just |only |please )(?:text|send (?:me )?a text|message|sms)\b|\b(?:texting|texts?|sms|text messages?) (?:only(?! (?:upset|make|makes|confuse|confuses|scare|scares|frighten|worry|worries|bother|bothers|annoy|annoys|stress|stresses|cause|causes|add|adds|agitate|agitates)\b)|instead|is better|works better|is fine|are fine|is ok|are ok|is okay|works)\b|\b(?:don't|do not|never|please don't) stop (?:the |these |your |sending |texting )?(?:remind\w*|texts|messages|sms|reminders|sending|texting|notifications)\b|\b(?:texts?|text messages|messages|sms|texting) (?:are|is) (?:fine|ok|okay|good|all right|alright)\b/;
export const KEEP_TEXTS_JA = /(?:sms|ショートメール|メッセージ|メール|テキスト)(?:なら|だったら|であれば)(?:読む|読みます|読める|見る|見ます|見れる|見られる|大丈夫|ok|いい|構わない|かまわない)|(?:配信停止|停止|解除|配信解除|ストップ|受信拒否)(?:に|を|は)?(?:は)?(?:しないで|せんといて|しなくて(?:いい|大丈夫|結構)|しません|不要|いらない|要らない|しないでほしい|しないでください)|(?:sms|ショートメール|メッセージ|文字|テキスト)(?:だけ|のみ)(?:に|で)?(?:して|お願い|ください|ほしい|欲しい|連絡)(?![^。]{0,20}(?:sms|ショートメール|メッセージ)(?:は|を|も)?(?:もう|一切)?(?:やめ|止め|不要|いらない|要らない|送らないで|しないで|結構|お断り))|(?:電話|通話)(?:じゃなくて|ではなく|じゃなく|より|だと|は)[^。]{0,15}(?:sms|ショートメール|メッセージ|メール|文字|テキスト)(?:で|だけ|のみ|に)(?![^。]{0,8}(?:も|は)(?:一切|もう)?(?:やめ|止め|不要|いらない|要らない|しないで|結構|控え|お断り|送らないで))|(?:通知|メッセージ|sms|連絡|リマインド)(?:は|を)?(?:止め|やめ|停止し)ないで|(?:sms|ショートメール|メッセージ)(?:は|なら)(?:大丈夫|構いません|いい|ok)/;

// A question about what STOP does to the debt ("Will replying STOP make the debt go away?",
// 「停止って送ったら借金がなくなる？」) asks about consequences; it is not an opt-out (the rules read it as other).
export const STOP_QUESTION_EN = /\bif (?:i|we) (?:optout|unsubscribe|reply stop|text stop|send stop|stop (?:the )?(?:texts|messages))\b[^.!]{0,20}\b(?:do|will|would|does|can|am|is) (?:i|we|it|the debt|my balance|the balance)\b[^.!]{0,30}\b(?:owe|pay|debt|balance|collections?|go away)\b|\b(?:if|when|once|will|would|does|do|should|can|what happens)\b[^.?!]{0,30}\b(?:reply|replying|text|texting|send|sending|type|typing|say|saying|respond|responding|answer|answering|unsubscribe|unsubscribing|optout|opting out|stop|stopping|cancel|cancelling|canceling|end|ending)(?: with| back)? ?(?:stop|unsubscribe|optout|(?:the |these |your )?(?:texts|messages|reminders))?\b[^.!]{0,40}\b(?:debt|owe|balance|bill|account|credit|go away|disappear|cancel|erase|forgive|wipe|cleared?|delete|still (?:have to|need to|got to) pay|have to pay|pay anything|collections?|start calling|call me|calling me|letters?|mail)\b[^.!]*\?|\b(?:does|will|would|can) (?:replying |texting |sending |saying )?stop (?:(?:cancel|erase|clear|end|remove|stop|wipe|forgive) (?:the |my |this )?(?:debt|balance|bill|account)|make (?:the |my |this )?(?:debt|balance|bill|account|it) (?:go away|disappear|vanish))\b/;
export const STOP_QUESTION_JA = /(?:停止|ストップ|stop|配信停止|解除|optout)(?:って|と)?(?:送|返信|返|言|打|し|す)(?:っ|し|れ)?(?:たら|ると|れば|ば)[^。]{0,20}(?:借金|請求|支払い|払わ|払う|残高|債務|消え|なくな|無くな|帳消し|チャラ|免除|止まる|止まり)|(?:停止|ストップ|stop|配信停止|解除|optout)(?:って|と)?(?:送|返信|返|言|打|し|す)(?:っ|し|れ)?(?:たら|ると|れば|ば)[^。]{0,20}(?:信用情報|郵便|手紙|電話|影響|ブラック)[^。]*[?？か]/;
// "What does STOP do?", "what happens if I reply STOP", 「停止って送ったらどうなるの」: asking what the keyword does
// is a HELP question (two independent sets label it so), never an opt-out.
// Round 8b: what STOP costs, which word to send, what is still possible after opting out ("Does texting STOP cost
// anything?", "Do I have to text STOP or STOPALL?", "Can I still ask for more time if I opt out?", 「STOPって送っても通信料
// かかる？」): questions about the keyword, answered by HELP.
const STOP_ASKED_EN = String.raw`\b(?:does|will|would|is) (?:texting|replying|sending|typing|it cost (?:anything|money) to (?:text|reply|send)) (?:back )?(?:stop|unsubscribe|optout)\b[^.!]{0,30}\b(?:cost|charge|free|fee)|\bdo i (?:have|need) to (?:text|reply|send|type|say|write) (?:stop|unsubscribe|optout|stopall)\b(?: or (?:stop|unsubscribe|optout|stopall|end|cancel|quit))?\W*\?$|^(?:can|could|will|would|do|does|how|is)\b[^.!]*\b(?:if|after|once|when) i (?:opt out|optout|unsubscribe|reply stop|text stop|send stop|stop (?:them|the texts|the messages|these|the reminders))\b[^.!]*\?$`;
export const STOP_MEANING_EN = new RegExp(String.raw`(?:^|[.!?] )(?:stop|start|help|unsubscribe)\s?\?\s?(?:(?:or |and )?(?:stop|start|help|unsubscribe)\s?\?\s?)+[^.!]{0,40}\b(?:options?|choices|commands?|keywords?|words?|what (?:do|can|should) i (?:reply|text|send|type|say))\b|\b(?:is|what(?:'s| is)|which is) the (?:optout|opt out|opt-out|stop|unsubscribe) (?:word|keyword|command|code|reply)s?\b[^.!]*\?|\bwhat (?:does|do) (?:replying |texting |sending )?(?:\w+ )?(?:or|and) (?:\w+ )?do\b|\bwhat (?:else|other (?:words?|keywords?|commands?|options?)) can i (?:reply|text|send|type)\b[^.?!]{0,20}\b(?:besides|other than|apart from|except) (?:stop|help)\b|\b(?:besides|other than|apart from|except) (?:stop|help),? what (?:else |other )?(?:can|do) i (?:reply|text|send|type)\b|\bwhat (?:does|do|is|would|will) (?:replying |texting |sending |typing )?(?:stop|unsubscribe|optout|opt out)(?: even| exactly)? (?:mean|do|does)\b|\bif i (?:reply|text|send|say|type)(?: with| back)? (?:stop|unsubscribe|optout),? (?:will|do|would|can|could) (?:i|you) still\b|\bwhat happens (?:to [^.?!]{1,20} )?if i (?:reply|text|send|say|type|respond)(?: with| back)? (?:stop|unsubscribe|optout)\b|${STOP_ASKED_EN}`);
export const STOP_MEANING_JA = /(?:停止|ストップ|stop)(?:」)?(?:以外|のほか|の他)(?:に|の|で)?[^。]{0,10}(?:返信|言葉|キーワード|コマンド|方法|送れ)|(?:停止|ストップ|stop|配信停止|解除)(?:って|と)?(?:送|返信|返|言|打|し|す)(?:っ|し|れ)?(?:たら|ると|れば|ば)(?:どうなる|どうなり)|(?:停止|ストップ|配信停止)(?:って|とは|は)(?:何(?!度|回|べん)|なに|どういう意味)|(?:停止|ストップ|stop|配信停止)(?:って|と)(?:送|返信|返|打)(?:っ|し)?ても[^。]{0,15}(?:通信料|料金|お金|無料|有料|かかる|かかり|取られ)|(?:停止|ストップ|stop|配信停止)(?:って|と)(?:送|返信|返|打|言)(?:っ|し|す)?(?:たら|ても|ると|れば)[^。]{0,25}(?:なかったこと|無かったこと|チャラ|帳消し|免除|消える|消えます|消えるの|なくなる|なくなります|なくなるの|ゼロに|0に)/;
// "quit sending me the wrong amount": the complaint is about the amount (a dispute), not the texts.
const WRONG_AMOUNT_JA = /(?:間違った|違う|誤った|おかしな|デタラメな|でたらめな|架空の)(?:金額|請求|請求額|額|請求書|明細|数字)(?:を|ばかり|の)?(?:何度も|毎回|もう)?(?:送|連絡|請求)/;

// Round 6: a refusal that allows another time ("Stop sending stuff at midnight, daytime is fine", 「週末は停止してほしい、
// 平日ならOK」, 「朝早いメッセージは止めてほしい、10時以降なら大丈夫」) is a contact-time request (other), not an opt-out.
export const TIME_OK_EN = /\b(?:daytime|days|evenings?|mornings?|afternoons?|weekdays|weekends|noon|lunchtime|after (?:\d{1,2}(?::\d\d)? ?(?:am|pm)?|noon|work|lunch)|during the (?:day|week)|any other time|any ?time else|other times|later in the day)(?: (?:texts|messages|is|are))? (?:is|are|r) (?:fine|ok|okay|good|alright|all right)\b|\b(?:just )?text me (?:after|between|during|in the (?:mornings?|afternoons?|evenings?)|on (?:weekdays|weekends))\b|\b(?:pause|hold|hold off on|suspend|put (?:a )?hold on|take a break from|give me a break from) (?:the |these |your |all (?:the |these |your )?|my )?(?:texts|messages|reminders|notifications|texting|sms)(?: for (?:a bit|a while|now))?,? (?:till|until|til|through|over (?:the )?(?:weekend|holidays?|break)|while (?:i'm|i am|we're|we are))\b/;
export const TIME_OK_JA = /(?:それ以外|その他|他|ほか)の時間(?:帯)?(?:なら|だったら|であれば|は)(?:大丈夫|ok|いい|良い|構いません|かまいません|問題ない)|(?:以降|以前|から|まで|平日|土日|週末|朝|昼|夜|日中|昼間|午前|午後|夕方|休み)(?:の)?(?:時間)?(?:なら|だったら|であれば|は)(?:ok|オーケー|大丈夫|構いません|かまいません|構わない|かまわない|いい|良い|平気|問題ない|問題ありません|受け取れ|返事でき|返信でき|対応でき|見られ|見れ|出られ|出れ|いつでも)|(?:平日|土日|週末|朝|昼|夜|日中|夕方|昼間|\d+時以降|\d+時から|正午以降)(?:の間)?(?:に|なら)(?:連絡|送って|メッセージ|ショートメール|sms)(?:して|を送って)?(?:ほしい|ください|欲しい|下さい|もらえ)|(?:昼|昼間|午後|午前|夕方|夜|朝|正午|\d+時)(?:から|以降)(?:に)(?:して|お願い)|(?:連休|休み|旅行|出張|入院|帰省|年末年始|お盆|正月|期間|週末|今週|来週|\d+日まで|\d+日間)(?:中|の間|期間中|の期間)?(?:は|だけ)(?:sms|メッセージ|連絡|通知|送信|配信|リマインド)?(?:を|は)?(?:一時)?(?:停止|止め|とめ|ストップ|送らない|控え|お休み)[^]{0,25}?(?:以降|から|過ぎたら|明けたら|終わったら|後)(?:に|は)?(?:また|再び|再度)?(?:送|連絡|配信|再開)/;

// Round 8: stopping the bot or its automated messages while asking for a person (「自動メッセージはもう結構、オペレーターと
// 話したい」, 「ボットはもういい、ストップ。担当の人に代わって」) is `human` by the labelling conventions; the band keeps it from
// another reminder (tiers.ts via possibleOptOut). Without the bot or a person it stays an opt-out.
export const BOT_FOR_PERSON_EN = /\b(?:bot|bots|robot|robots|automated|automatic|auto[- ]?(?:replies|reply|texts?|messages?|responses?)|machine)\b[^]{0,60}\b(?:human|real person|a person|actual person|live person|rep|representative|agent|someone|somebody|operator|call me|talk to|speak (?:to|with))\b/;
export const BOT_FOR_PERSON_JA = /(?:自動(?:メッセージ|送信|返信|応答|配信|音声|の(?:メッセージ|返信|送信))?|ボット|bot|機械|ロボット)[^]{0,25}?(?:やめ|止め|停止|ストップ|結構|いい|いらない|不要|要らない|いらん)[^]{0,30}?(?:担当|人間|人と|人から|人に|人が|人を|オペレーター|スタッフ|社員|係の|電話|話したい|話させ|代わって|かわって|繋いで|つないで)/;

// Round 8: replies that are not opt-outs by the conventions but must not get another reminder either: the bot stopped
// for a person (above), a number removed from someone else's account, and a bare refusal with no question pending (one
// writer labels it stop; an answer to the bot's question is read by the context instead).
const REMOVED_NUMBER_EN = /\b(?:remove|delete|take|erase|drop) (?:this|my) (?:phone )?number\b/;
// "No thank you.", "Not interested", "hell no", 「いいえ」, 「いやです」: a bare no refuses something, most likely the messages.
const BARE_NO_EN = /^(?:no+|nope|nah|no way|hell no|no thanks?|no thank you|not interested|no thanks?,? not interested|not interested,? thanks?)(?:,? (?:thanks?|thank you)(?: anyway| though)?)?$/;
const BARE_NO_JA = /^(?:いいえ|いや|嫌|いやだ|嫌だ|いやです|嫌です|いりません|要りません|興味(?:ない|ありません|ないです|なし)|結構です|けっこうです|no)$/;
// 「いりません。以上。」, 「要らんわ」, 「必要ありません」: "not needed" alone, with nothing named.
const BARE_NOT_NEEDED_JA = /^(?:もう)?(?:いりません|いらない|いらん|要らない|要らん|要りません|不要|必要ない|必要ありません|必要ないです|結構です)(?:わ|よ|です|以上|以上です)*$/;
// Round 8 (retired holdout-15): 「解約で」, 「解約します」 alone — cancel what? The messages or the contract; either way
// no reminder until the debtor says (the band asks). 「解約したのに請求が来た」 says more and is read as such.
// Round 10: normalise folds 「お願いします」 to お願い (「もう解約でお願い」): the retrain's P(stop) no longer put it in the band alone.
const BARE_CANCEL_JA = /^(?:もう)?解約(?:で|します|したい|希望|お願いします|でお願いします|お願い|でお願い|してください)?(?:です)?$/;
function bareRefusal(n: Normalised): boolean {
  const en = n.text.replace(/[.,!?]+$/g, '').replace(/[.!?]/g, ',').trim();
  return BARE_NO_EN.test(en) || BARE_NO_JA.test(n.compact) || BARE_NOT_NEEDED_JA.test(n.compact) || BARE_CANCEL_JA.test(n.compact);
}
/**
 * Not an opt-out, yet a possible one: tiers.ts puts it in the "might be an opt-out" band. `questionPending`: the bot
 * asked something (context.expecting other than 'none'), so a bare refusal is an answer, not a refusal of the messages.
 */
export function possibleOptOut(n: Normalised, questionPending: boolean): boolean {
  if (asks(BOT_FOR_PERSON_EN, n.text) || asks(BOT_FOR_PERSON_JA, n.compact) || REMOVED_NUMBER_EN.test(n.text)) return true;
  return !questionPending && bareRefusal(n);
}

// Round 10 (retired holdout-19/20): a stop word about the OLD number with a new one given ("quit texting my old cell, use
// 555-0100 now", 「前の番号への送信はやめて、新しい番号に」) is a number change, `other` by the conventions — not an opt-out.
const NUMBER_CHANGE_EN = /\b(?:old|previous|former|prior|other|work|ex's|dead)(?: (?:cell|phone|mobile|work|home))? (?:number|phone|cell|line)\b(?=.*(?:\bnew (?:number|phone|cell|line|one)\b|\b(?:moved|switched|changed|ported it|went) (?:over )?to\b|\b(?:text|reach|contact|use|try|message) (?:me )?(?:at|on)\b(?! all\b)|\d{3}[-. )]\s?\d{3}[-. ]\d{4}|\d{3}[-.]\d{4}\b))|\bnew (?:number|phone number|cell)\b.*\b(?:old|previous|former) (?:one|number|phone|cell)\b/;
const NUMBER_CHANGE_JA = /(?:古い|前の|以前の|旧|昔の|元の|今までの)(?:携帯|電話)?(?:番号|電話番号|携帯)(?=[^]*(?:新しい|新番号|新しく|0[5789]0-?\d{4}-?\d{4}))|新しい(?:携帯)?(?:番号|電話番号)[^]*(?:古い|前の|以前の|旧)(?:携帯|電話)?(?:番号|電話番号|ほう|方)/;
// Round 10: a question about STOP followed by the keyword alone (「STOPで止まるんだよね？STOP」, "What does STOP do? STOP"):
// the debtor asked, then sent it — an opt-out, not a HELP question.
// Round 11: 「…止まりますか、とりあえず停止」, "does that work? anyway, STOP": the question may end in か、 and the keyword may
// come after とりあえず / ひとまず / anyway.
const STOP_AFTER_QUESTION = /(?:[?？]|か[、,])\s*(?:(?:とりあえず|ひとまず|一応|念のため|じゃあ|anyway|so|ok so|either way|regardless)[、,]?\s*)?(?:stop|stopall|unsubscribe|停止|ストップ|配信停止)[.!。！]*$/i;

const BOT_REPLIES_FOR_PERSON_EN = /\b(?:canned|automated|auto|robot|bot|copy-paste|scripted)[- ]?(?:responses|replies|answers|messages)\b(?=.*\b(?:manager|supervisor|human|real person|person|agent|representative|rep|someone)\b)/;

// Round 12: "There's a $35 fee on my bill. Please remove it.": a pronoun after remove / cancel / waive points back to the fee or
// the contract the message names, not to the texts ("I paid. Stop it." still opts out: stop is not in the list).
const REMOVE_IT_EN = /^(?:(?:please|pls|just|kindly|so) )*(?:remove|cancel|waive|revoke|end) (?:it|that|them|this)\b/;
const CHARGE_NAMED_EN = /\b(?:fees?|charges?|penalty|penalties|interest|contract|order|subscription|membership)\b/;

/** Opt-out: keyword alone in a clause, or an explicit opt-out phrase. */
export function detectStop(n: Normalised): KeywordHit | undefined {
  if (asks(UNDO_STOP_EN, n.text) || asks(UNDO_STOP_JA, n.compact)) return undefined;
  if (asks(NUMBER_CHANGE_EN, n.text) || asks(NUMBER_CHANGE_JA, n.compact)) return undefined;
  const asked = STOP_AFTER_QUESTION.exec(n.nfkc.trim());
  if (asked) return { rule: 'stop.keyword.after_question', matched: asked[0] };
  if (asks(OTHER_SENT_STOP_EN, n.text) || asks(OTHER_SENT_STOP_JA, n.compact)) return undefined;
  if (asks(NEVER_SAID_STOP_EN, n.text) || asks(NEVER_SAID_STOP_JA, n.compact)) return undefined;
  if (asks(STOP_QUESTION_EN, n.text) || asks(STOP_QUESTION_JA, n.compact) || asks(WRONG_AMOUNT_JA, n.compact)) return undefined;
  if (asks(STOP_MEANING_EN, n.text) || asks(STOP_MEANING_JA, n.compact)) return undefined;
  if (asks(KEEP_TEXTS_EN, n.text) || asks(KEEP_TEXTS_JA, n.compact)) return undefined;
  if (asks(TIME_OK_EN, n.text) || asks(TIME_OK_JA, n.compact)) return undefined;
  // Round 8b: stopping the bot's canned replies to get a person is `human` ("Stop sending canned responses and get me a manager").
  if (asks(BOT_FOR_PERSON_EN, n.text) || asks(BOT_FOR_PERSON_JA, n.compact) || asks(BOT_REPLIES_FOR_PERSON_EN, n.text)) return undefined;
  // "STOP I paid" is an opt-out; "STOP IT WITH THE LATE FEES" is a complaint about the fees.
  const shouted = /^(STOP|STOPALL|UNSUBSCRIBE|OPTOUT|OPT-OUT)\b(?!(?: IT)? WITH (?:THE|THESE|YOUR|ALL) (?!TEXTS|MESSAGES|SMS|REMINDERS|CALLS))(?! (?:CHARGING|ADDING|THE (?:LATE|FEES?|INTEREST|CHARGES?)))/.exec(n.nfkc);
  if (shouted) return { rule: 'stop.keyword.shouted', matched: shouted[0] };
  // 「停止　支払いはちゃんとします」: the Japanese keyword alone before a space or a stop, then another sentence.
  const jaLead = /^\s*(?:配信停止|受信拒否|停止|ストップ)(?:して|お願いします|お願い|です|ください)?[\s、。!！.,]+(?!\s*(?:しない|せず|は|を|って|と|の|する|した|ボタン|中|解除|じゃ|では|なんて))/.exec(n.nfkc);
  if (jaLead) return { rule: 'stop.keyword.ja_lead', matched: jaLead[0].trim() };
  for (const c of clauses(n.text)) {
    if (STOP_CLAUSE_EN.test(c) && !(REMOVE_IT_EN.test(c) && CHARGE_NAMED_EN.test(n.text))) return { rule: 'stop.keyword', matched: c };
    const compact = c.replace(/\s+/g, '');
    if (STOP_CLAUSE_JA.test(compact)) return { rule: 'stop.keyword.ja', matched: c };
  }
  return phraseHit(n.text, STOP_PHRASES_EN, TIME_NARROWING_EN, false) ?? phraseHit(n.compact, STOP_PHRASES_JA, TIME_NARROWING_JA, true);
}

const START_PHRASES: Array<[string, RegExp]> = [
  ['start.phrase.undo.en', UNDO_STOP_EN],
  ['start.phrase.undo.ja', UNDO_STOP_JA],
  ['start.phrase.other_sent.en', OTHER_SENT_STOP_EN],
  ['start.phrase.other_sent.ja', OTHER_SENT_STOP_JA],
  // Round 8: "ignore the stop I sent", "can you turn that back on?", Spanish "quiero volver a recibir los mensajes" ("keep the
  // texts coming" alone keeps them: other, as dev-8 and w7 label it; "ya no quiero recibir mensajes" is an opt-out).
  // Round 12: "pls resend the reminders" (plural: the reminders asked back; "resend the text with the link" is pay).
  // Round 16: "unblock me, I want the alerts" (the debtor's own block of us taken back, the messages asked for).
  ['start.phrase.en.round16', /\bunblock (?:me|my number|this number|us)\b(?=[^]*\b(?:want|need|send|keep|get|like)\b)/],
  ['start.phrase.en.round12', /\bre-?send (?:me )?(?:the |my |those |your |all )?(?:reminders|notifications)\b(?! (?:with|about|for|to)\b)/],
  ['start.phrase.en.round8', /\bignore (?:the|my) (?:stop|unsubscribe|optout)\b|\bturn (?:that|this|those) back on\b|(?<!\bno )\b(?:quiero|quisiera|me gustar[ií]a) (?:volver a )?recibir (?:los |sus )?(?:mensajes|textos|recordatorios)\b/],
  ['start.phrase.en', /\bre-?subscribe\b|\b(?:you )?(?:can|may|could) (?:start )?(?:text|message|contact|sms)(?:ing)? me again\b|\b(?:texting|messaging|texts|messages) (?:me )?again (?:is|are) (?:fine|ok|okay)\b|\b(?:get|receive|getting|receiving) (?:the |your |these |those )?(?:texts|messages|reminders|sms|notifications) again\b|\bturn (?:the |your )?(?:texts|messages|reminders|notifications|them|it) back on\b|\b(?:start|resume|restart) (?:sending|texting)(?: me)?(?: (?:the |your |those |these )?(?:texts|messages|reminders))? again\b|\bunstop (?:me|my number|this number)\b|\bopt (?:me )?back in\b|\b(?:add|put) me back(?: (?:on|in|into|onto))?(?: (?:the |your )?(?:list|texts?|text list|messages|reminders|sms|notifications|alerts))?(?=\s*(?:[.,!?]|$))|\bsign me back up\b|\b(?:subscribe|sign) me (?:back )?(?:up|in)\b|\bi want (?:the )?(?:texts|messages|reminders) again\b|\b(?:start|resume) (?:receiving|getting) (?:the )?(?:texts|messages|reminders|sms)(?: again)?\b|\b(?:start|restart|turn) (?:them|it|the (?:texts|messages|reminders|notifications)) (?:again|back on|up again)\b|\bresume (?:the |my |your )?(?:texts|messages|reminders|notifications|sms)\b|\b(?:re-?enable|reactivate|re-?activate|turn on|switch on|switch back on) (?:the |my |your )?(?:sms |text )?(?:texts|messages|alerts|notifications|reminders|sms)\b/],
  // Round 9: 「忘れるのでまたSMSで送ってください」 (the reminders asked back by channel; not a statement or a link).
  // Round 8: 「通知もどしてほしい」, 「登録しなおしたい」, 「やっぱ止めんでええわ、送ってきて」, 「さっきのSTOPは間違いです」, 「また送ってもらえますか」,
  // 「支払期限のリマインドを送ってほしい」 (asking for the reminders is asking them back).
  ['start.phrase.ja.round8', /(?:通知|メッセージ|sms|メール|リマインド|お知らせ|連絡)(?:を|は|も)?(?:元に|オンに|onに)?(?:もど|戻)して|(?:登録|配信)(?<!(?:番号|名前|宛先|宛名|住所|氏名)の(?:登録|配信))(?:を)?(?:し)?(?:なおし|直し)(?:たい|て)|(?:止め|やめ|停止せ)(?:んで|なくて|ないで)(?:も)?(?:ええ|いい|良い|大丈夫)[^]{0,10}(?:送って|送ってきて|続けて)|(?:停止|ストップ|stop)(?:は|って|の)(?:間違い|ミス|誤り|誤送信)[^]{0,15}(?:引き続き|続けて|送って|再開)|(?<![をはもが])(?:また|再び|もう一度|再度)(?:送って|配信して|連絡して)(?:もらえ|いただけ|くれ|ちょうだい)|^(?:再開|配信再開)(?:で|して|お願い|ください)*$|(?:リマインド|リマインダー)(?:を|も)?(?:送って|配信して)(?:ほしい|欲しい|ください|もらえ|いただけ)|(?<![をはもが])(?:また|再び|もう一度|再度)(?:ショートメール|sms|リマインド|通知)(?:で|を)(?:送って|配信して)(?:もらえ|いただけ|くれ|ちょうだい|ほしい|欲しい|ください)(?![^]*(?:明細|請求書|書類|資料|領収書|リンク|url|払込票|バーコード))/],
  ['start.phrase.ja', /(?:通知|メッセージ|sms|メール|連絡|リマインド|お知らせ)(?:の|を|は)?(?:また|再び|再度)?再開|(?:また|再び|再度|引き続き)(?:送|連絡|配信|通知|メッセージ)(?:し)?(?:っ)?て(?:もらって|いただいて|くれて)?(?:も)?(?:大丈夫|構いません|かまいません|構わない|いい|良い|ok)|配信(?:を)?再開|受信(?:を)?再開|送信(?:を)?再開|再登録|(?:やっぱり|やはり|また|再び|もう一度|再度)(?:メッセージ|通知|sms|メール|リマインド|お知らせ|配信)(?:を|は)?(?:受け取りたい|受信したい|ほしい|欲しい|届けて)|(?<!利用|回線|供給|サービス|電気|ガス|水道|携帯|通話|送電|給水|カード|口座|アカウント)(?:停止|ストップ|配信停止|受信拒否)(?:を|の)?(?:解除|取り消|取消|キャンセル|やめ)|(?<![をはもが])(?:また|再び)(?:送って|配信して|連絡して)(?:ください|ほしい|欲しい|お願い)|(?:また|再び|もう一度|もう1度|再度)(?:メッセージ|通知|sms|メール|リマインド|お知らせ|連絡)(?:を)?(?:送って|受け取り|受信し|届くように|ください|お願い)|(?:また|再び|もう一度|もう1度|再度)(?:配信して|配信を|配信お願い|受信し|受け取り)|(?:メッセージ|通知|sms|メール|リマインド|お知らせ)(?:を|は)?(?:また|再び|もう一度|もう1度|再度)(?:送って|受け取り|受信し|届くように|ください|お願い)|(?:停止|ストップ)(?:し|して)?(?:ちゃ|てしま)(?:っ|い)?(?:た|ました)[^ないま]{0,8}(?:戻して|元に戻|再開)/],
];

/** Re-subscribe: START / UNSTOP / 配信再開, alone in a clause, or an explicit phrase. */
export function detectStart(n: Normalised): KeywordHit | undefined {
  // Round 8b: "How do I turn the texts back on after I stop them?" asks about the keywords (help), like "what does STOP do".
  if (asks(STOP_MEANING_EN, n.text) || asks(STOP_MEANING_JA, n.compact)) return undefined;
  // Round 15: a pause for some days with the texts asked back after it (「連休中は停止して、7日以降にまた送って」) is a contact-time
  // request (convention e), not a re-subscribe.
  if (asks(TIME_OK_JA, n.compact) && !asks(UNDO_STOP_JA, n.compact)) return undefined;
  for (const c of clauses(n.text)) {
    if (START_CLAUSE_EN.test(c)) return { rule: 'start.keyword', matched: c };
    if (START_CLAUSE_JA.test(c.replace(/\s+/g, ''))) return { rule: 'start.keyword.ja', matched: c };
  }
  for (const [rule, re] of START_PHRASES) {
    const text = rule.endsWith('ja') ? n.compact : n.text;
    const m = knownMiss(re, text) || (!re.global && !re.sticky && !mayMatch(re, text)) ? null : re.exec(text);
    if (m) return { rule, matched: m[0] };
  }
  return undefined;
}

/** HELP / INFO / ヘルプ alone in a clause. */
export function detectHelpKeyword(n: Normalised): KeywordHit | undefined {
  for (const c of clauses(n.text)) {
    if (HELP_CLAUSE_EN.test(c)) return { rule: 'help.keyword', matched: c };
    if (HELP_CLAUSE_JA.test(c.replace(/\s+/g, ''))) return { rule: 'help.keyword.ja', matched: c };
  }
  return undefined;
}
