import type { Locale } from '../classify/port';
/**
 * Wording that threatens or misleads a debtor (COMPLIANCE rule 8a): legal action, arrest, seizure,
 * contact with the workplace or family, shaming, false urgency. 貸金業法21条1項 and its 監督指針
 * forbid words that 威迫 or 困惑させる; Reg F §1006.14 forbids harassment and §1006.18 false or
 * misleading representations (threats of action not intended or not lawful); CONC 7.3.4R likewise.
 *
 * Pure. The flow validator runs it over every template; a match is an error, because a template is
 * sent to thousands of people and "true and intended" cannot be shown for all of them. Rule sets are
 * per locale, with extra rules per jurisdiction (`JURISDICTION_RULES`), and callers may pass their own.
 * Patterns aim at the threat, not the topic: 「担当者からご連絡します」 and "our team will contact
 * you" are fine; 「職場に連絡します」 and "we will contact your employer" are not.
 */

export const THREAT_FAMILIES = ['legal_action', 'arrest', 'seizure', 'third_party_contact', 'shaming', 'false_urgency'] as const;
export type ThreatFamily = (typeof THREAT_FAMILIES)[number];
export type ThreatLocale = Locale;
export type Jurisdiction = 'jp' | 'us' | 'uk';

export interface ThreatRule {
  family: ThreatFamily;
  locale: ThreatLocale;
  /** Stable id, for messages and tests (`legal_action.ja.houteki`). */
  id: string;
  pattern: RegExp;
}

export interface ThreatFinding {
  family: ThreatFamily;
  rule: string;
  /** The words that matched, as written in the template. */
  matched: string;
}

const r = (family: ThreatFamily, locale: ThreatLocale, id: string, pattern: RegExp): ThreatRule => ({ family, locale, id: `${family}.${locale}.${id}`, pattern });

/** People a debt collector must not threaten to tell (貸金業法21条1項7号, Reg F §1006.6(d)). */
const JA_THIRD = '(?:職場|勤務先|勤め先|会社|上司|ご?家族|ご?親族|ご?両親|親御さん|配偶者|奥様|ご主人|ご近所|近所|知人|ご?友人|保証人|学校)';
const EN_THIRD = '(?:employer|workplace|boss|manager|co-?workers?|colleagues?|family|relatives|parents|spouse|husband|wife|neighbou?rs|friends|references)';

export const BASE_RULES: readonly ThreatRule[] = [
  // Legal action
  r('legal_action', 'ja', 'houteki', /法的(?:手続き?|措置|処置|対応|手段)/u),
  r('legal_action', 'ja', 'soshou', /訴訟|提訴|裁判(?:所|を起こ|に訴|手続)|訴え(?:ます|を起こ|る)/u),
  r('legal_action', 'ja', 'bengoshi', /弁護士(?:に|へ)(?:依頼|委任|相談|引き継)/u),
  r('legal_action', 'ja', 'shiharai_tokusoku', /支払督促(?:を申し立て|の申立)|少額訴訟/u),
  r('legal_action', 'en', 'legal', /\blegal\s+(?:action|proceedings?|steps|measures|remedies)\b/i),
  r('legal_action', 'en', 'sue', /\b(?:sue|sued|suing|lawsuit|litigation)\b/i),
  r('legal_action', 'en', 'court', /\b(?:take|taking|bring|brought)\s+(?:you|this|the\s+matter)\s+to\s+court\b|\bcourt\s+(?:action|order|summons|proceedings?|claim)\b/i),
  r('legal_action', 'en', 'attorney', /\b(?:refer(?:red)?|pass(?:ed)?|hand(?:ed)?\s+over|sent?)\b[^.]{0,30}\bto\s+(?:our|an?|the)\s+(?:attorneys?|lawyers?|solicitors?|legal\s+(?:team|department))\b/i),
  // Arrest and crime
  r('arrest', 'ja', 'taiho', /逮捕|警察(?:に|へ)(?:通報|届|相談|連絡)|刑事(?:告訴|事件|責任)|告訴(?:します|いたします|を)|詐欺罪|犯罪/u),
  r('arrest', 'en', 'arrest', /\b(?:arrest(?:ed)?|warrant|jail|prison|police|criminal(?:ly)?|prosecut\w*|fraud\s+charges?)\b/i),
  // Seizure
  r('seizure', 'ja', 'sashiosae', /差し?押さ?え|差押|強制執行|(?:給料|給与|財産|口座|家財)を?(?:没収|押さえ|取り上げ)/u),
  r('seizure', 'en', 'garnish', /\b(?:garnish\w*|seize|seizure|seized|repossess\w*|levy|lien|confiscat\w*)\b/i),
  // Contact with third parties
  // A first-person act (「職場に連絡します」), not an invitation (「保証会社にご連絡ください」).
  r('third_party_contact', 'ja', 'renraku', new RegExp(`${JA_THIRD}(?:の方)?(?:に|へ)(?:も)?[^。]{0,8}?(?:連絡|電話|通知|訪問|お?伺い|お?知らせ|報告|請求|督促)(?:し|いた|させ|を(?:取|差し上げ|入れ|かけ|送)|が(?:いき|行き|入り)|する|します)`, 'u')),
  r('third_party_contact', 'ja', 'houmon', /(?:ご?自宅|職場|勤務先)(?:に|へ|まで)[^。]{0,6}?(?:伺い|伺わせ|訪問|取り立て|押しかけ)/u),
  r('third_party_contact', 'en', 'contact', new RegExp(`\\b(?:contact|call|notify|inform|tell|visit|write\\s+to|reach\\s+out\\s+to|speak\\s+(?:to|with))\\s+(?:your|the\\s+debtor'?s)\\s+${EN_THIRD}\\b`, 'i')),
  r('third_party_contact', 'en', 'passive', new RegExp(`\\byour\\s+${EN_THIRD}\\s+(?:will|may|could|are\\s+going\\s+to)\\s+be\\s+(?:contacted|called|notified|informed|told|visited)\\b`, 'i')),
  r('third_party_contact', 'en', 'home_visit', /\b(?:visit|come\s+to|show\s+up\s+at)\s+your\s+(?:home|house|door|office)\b/i),
  // Shaming
  r('shaming', 'ja', 'blacklist', /ブラックリスト|(?:氏名|名前|実名)を?(?:公表|公開|掲載)|晒(?:す|し|され)|恥を(?:かく|かか|さらす)|恥ずかしい思い|周囲に(?:知られ|知れ)|近所に知られ|世間体/u),
  r('shaming', 'en', 'shame', /\b(?:blacklist\w*|deadbeat|disgrace\w*|embarrass\w*|humiliat\w*|(?:name|names|naming)\s+and\s+shame|publicly\s+(?:name|list|post|expose))\b|(?<!\bno\s)\bshame\b|\beveryone\s+will\s+know\b/i),
  // False urgency
  r('false_urgency', 'ja', 'saigo', /最終(?:通告|通知|警告|勧告)|最後通告|最後の(?:機会|チャンス)|今すぐ(?:お?支払|お?振込|ご?入金|ご?連絡)|直ちに|至急|大変なこと|取り返しのつかない|\d+\s*時間以内に/u),
  r('false_urgency', 'en', 'final', /\bfinal\s+(?:notice|warning|demand)\b|\blast\s+(?:chance|warning)\b|\bact\s+now\b|\burgent(?:ly)?\b|\b(?:pay|payment)\s+(?:immediately|at\s+once|right\s+now)\b|\bwithin\s+\d+\s+hours\b|\bor\s+else\b/i),
];

/**
 * Extra rules per jurisdiction. The US adds the credit-reporting threat Reg F §1006.18(c) names
 * ("we will report you"), the UK the threat of bailiffs (CONC 7.3.4R). Extend here, not in callers.
 */
export const JURISDICTION_RULES: Readonly<Record<Jurisdiction, readonly ThreatRule[]>> = {
  jp: [r('legal_action', 'ja', 'saiken_kaishu', /債権回収会社(?:に|へ)(?:譲渡|委託|引き継)/u)],
  us: [r('shaming', 'en', 'credit_report', /\b(?:report|reported|reporting)\s+you\b|\bruin\s+your\s+credit\b|\bdestroy\s+your\s+credit\b/i)],
  uk: [r('seizure', 'en', 'bailiff', /\b(?:bailiffs?|enforcement\s+agents?|high\s+court\s+enforcement)\b/i)],
};

/** The rules a flow of this jurisdiction and locale is held to. */
export function threatRulesFor(jurisdiction: Jurisdiction, locale: ThreatLocale): ThreatRule[] {
  return [...BASE_RULES, ...JURISDICTION_RULES[jurisdiction]].filter((rule) => rule.locale === locale);
}

/**
 * Every threat `text` makes, at most one per family. Full-width letters and digits are folded first,
 * so ＬＥＧＡＬ ＡＣＴＩＯＮ and ２４時間以内 are caught too.
 */
export function findThreats(text: string, rules: readonly ThreatRule[]): ThreatFinding[] {
  const folded = text.normalize('NFKC');
  const out: ThreatFinding[] = [];
  for (const rule of rules) {
    if (out.some((f) => f.family === rule.family)) continue;
    const m = rule.pattern.exec(folded);
    if (m) out.push({ family: rule.family, rule: rule.id, matched: m[0] });
  }
  return out;
}
