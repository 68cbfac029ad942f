import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BASE_RULES, findThreats, JURISDICTION_RULES, THREAT_FAMILIES, threatRulesFor, type ThreatFamily } from '../../../src/compliance/threat-lint';
import { validateFlow } from '../../../src/conversation/validate';

const families = (text: string, j: 'jp' | 'us' | 'uk', l: 'ja' | 'en') => findThreats(text, threatRulesFor(j, l)).map((f) => f.family);

/** Each family: wording that must be refused, and benign wording close to it that must pass. */
const CASES: Record<ThreatFamily, { ja: [string[], string[]]; en: [string[], string[]] }> = {
  legal_action: {
    ja: [
      ['期日までにお支払いがない場合、法的手続きに移行します。', '法的措置を検討いたします', '訴訟を提起する予定です', '裁判所に申し立てます', '弁護士に依頼して回収します'],
      ['お支払い方法のご相談は担当者が承ります。', '手続きはこちらから {link}', '法律上のご質問はお問い合わせください。'],
    ],
    en: [
      ['We will take legal action.', 'Legal proceedings will begin on Monday.', 'We may sue you for the balance.', 'We will take you to court.', 'Your account has been referred to our attorneys.'],
      ['Questions about this issue? Reply.', 'We will pursue a payment plan with you.', 'Thank you for your courteous reply.', 'Your legal name on the account is shown below.'],
    ],
  },
  arrest: {
    ja: [
      ['警察に通報します。', '逮捕される可能性があります', '刑事告訴を検討します', '詐欺罪にあたります'],
      ['ご本人確認のため生年月日をご返信ください。', '警備の都合上、窓口は18時までです。'],
    ],
    en: [
      ['You could be arrested.', 'A warrant may be issued.', 'Non-payment is a criminal matter.', 'We will contact the police.'],
      ['Our policy allows a payment plan.', 'We will arrange your payment.'],
    ],
  },
  seizure: {
    ja: [
      ['給料を差し押さえます。', '差押えの手続きに入ります', '強制執行を行います', '財産を没収します'],
      ['お支払いを押さえておくため、日付をご返信ください。', 'お給料日に合わせたお支払いも可能です。'],
    ],
    en: [
      ['Your wages will be garnished.', 'We will seize your car.', 'The vehicle will be repossessed.', 'A lien may be placed on your home.'],
      ['Pay on payday if that suits you.', 'We can lower each payment.'],
    ],
  },
  third_party_contact: {
    ja: [
      ['職場に連絡します。', 'ご家族にもご連絡いたします', '勤務先へ電話をかけさせていただきます', 'ご自宅に伺います', '保証人に請求します'],
      ['担当者からご連絡します。', '保証会社にご連絡ください。', 'ご家族からのご連絡も承ります。', 'ご自宅でお支払いいただけます {link}'],
    ],
    en: [
      ['We will contact your employer.', 'Your employer will be contacted.', 'We may call your family.', 'Your neighbours will be notified.', 'We will visit your home.'],
      ['A member of our team will contact you.', 'Family members may pay on your behalf at {link}.', 'Contact us at {contact}.'],
    ],
  },
  shaming: {
    ja: [
      ['ブラックリストに載ります。', 'お名前を公表します', '近所に知られることになります', '恥をかくことになります'],
      ['お名前と生年月日をご返信ください。', '公表されている営業時間は9時から18時です。'],
    ],
    en: [
      ['You will be blacklisted.', 'Everyone will know you do not pay.', 'Avoid the embarrassment and pay now.', 'We name and shame late payers.'],
      ['There is no shame in asking for help.', 'Reply with your name to confirm.'],
    ],
  },
  false_urgency: {
    ja: [
      ['最終通告です。', '今すぐお支払いください', '24時間以内に入金がなければ', '至急ご入金ください', '取り返しのつかないことになります'],
      ['お支払いは{dueDate}までにお願いします。', 'ご都合のよい日をご返信ください。', '最新のご請求額は{amount}です。'],
    ],
    en: [
      ['FINAL NOTICE: pay now.', 'This is your last chance.', 'Pay immediately.', 'Urgent: your account is overdue.', 'Pay within 24 hours or else.'],
      ['Please pay by {dueDate}.', 'Reply when you can.', 'We will confirm your payment shortly.'],
    ],
  },
};

describe('threat lint (COMPLIANCE rule 8a)', () => {
  for (const family of THREAT_FAMILIES) {
    for (const [locale, j] of [['ja', 'jp'], ['en', 'us']] as const) {
      const [bad, good] = CASES[family][locale];
      it.each(bad)(`${family} ${locale}: refuses %s`, (text) => expect(families(text, j, locale)).toContain(family));
      it.each(good.filter(Boolean))(`${family} ${locale}: lets benign wording pass: %s`, (text) => expect(families(text, j, locale)).toEqual([]));
    }
  }

  it('catches full-width letters and digits', () => {
    expect(families('ＬＥＧＡＬ ＡＣＴＩＯＮ will follow', 'us', 'en')).toContain('legal_action');
    expect(families('２４時間以内にお支払いを', 'jp', 'ja')).toContain('false_urgency');
  });

  it('adds rules per jurisdiction: bailiffs in the UK, credit reporting threats in the US', () => {
    expect(families('Bailiffs will be instructed.', 'uk', 'en')).toEqual(['seizure']);
    expect(families('Bailiffs will be instructed.', 'us', 'en')).toEqual([]);
    expect(families('We will report you to the credit bureaus.', 'us', 'en')).toEqual(['shaming']);
    expect(JURISDICTION_RULES.jp.every((r) => r.locale === 'ja' || r.locale === 'en')).toBe(true);
  });

  it('every rule has a stable id naming its family and locale', () => {
    for (const r of [...BASE_RULES, ...Object.values(JURISDICTION_RULES).flat()]) expect(r.id.startsWith(`${r.family}.${r.locale}.`)).toBe(true);
    expect(new Set(BASE_RULES.map((r) => r.id)).size).toBe(BASE_RULES.length);
  });

  const ja = readFileSync('flows/standard-ja.yaml', 'utf8');
  const en = readFileSync('flows/standard-en.yaml', 'utf8');
  const withTemplate = (src: string, name: string, locale: 'ja' | 'en', text: string) => {
    const d = parse(src);
    d.templates[name][locale] = text;
    return stringify(d);
  };

  it.each([
    [ja, 'ja', '【{brand}】{amount}が未払いです。期日までにお支払いがない場合、法的手続きに移行します。{link}', 'legal_action'],
    [ja, 'ja', '【{brand}】{amount}が未払いです。職場に連絡します。{link}', 'third_party_contact'],
    [en, 'en', '{brand}: {amount} is unpaid. We will take legal action. {link} {stop}', 'legal_action'],
    [en, 'en', '{brand}: {amount} is unpaid. Your employer will be contacted. {link} {stop}', 'third_party_contact'],
  ] as const)('the flow validator rejects a template with threatening wording (%#)', (src, locale, text, family) => {
    const r = validateFlow(withTemplate(src, 'reminder_final', locale, text));
    expect(r.ok).toBe(false);
    const issue = r.issues.find((i) => i.code === `threat.${family}`);
    expect(issue).toMatchObject({ severity: 'error', path: `templates.reminder_final.${locale}` });
    expect(issue!.line).toBeGreaterThan(0);
  });

  it('the shipped flows carry no threat and no lint error', () => {
    for (const src of [ja, en]) {
      const r = validateFlow(src);
      expect(r.ok).toBe(true);
      expect(r.issues.filter((i) => i.code?.startsWith('threat.') || i.severity === 'error')).toEqual([]);
    }
  });
});
