import type { Lang } from './i18n';
import type { Group } from './labels';

/**
 * The flow lint's messages in the editor's language, by issue `code` (src/conversation/validate.ts).
 * `{name}` is replaced by the issue's params. An issue without a code shows its English message.
 */
export const LINT_MESSAGES: Group = {
  unknown_placeholder: { ja: '不明な差し込み項目 {{placeholder}} があります', en: 'unknown placeholder {{placeholder}}' },
  fixed_today: { ja: '「本日」「今日」と固定で書かれています。保留や遅延で送信日が変わると誤りになります。{dueStatus} などを使ってください', en: 'says "today" in fixed words, which is false when the message is held or sent late: use {dueStatus}, {promiseStatus} or {installmentStatus}' },
  brand_first: { ja: '{brand}（送信者名）で始めてください（コンプライアンス規則3）', en: 'must start with {brand} so the debtor sees who writes (COMPLIANCE rule 3)' },
  stop_first: { ja: '最初のメッセージには配信停止の方法 {stop} が必要です（規則3）', en: 'the first message must say how to stop: add {stop} (COMPLIANCE rule 3)' },
  stop_us: { ja: '米国向けではすべてのメッセージに {stop} が必要です（規則15）', en: 'US profile: every text carries "Reply STOP to opt out": add {stop} (COMPLIANCE rule 15)' },
  shortener: { ja: '公開の短縮URLは使えません。自社ドメインの {link} を使ってください（規則3）', en: 'no public URL shorteners: use {link}, which is on your own domain (COMPLIANCE rule 3)' },
  too_long: { ja: '長すぎます: サンプル値で{length}文字。上限は670文字です（規則11）', en: 'too long: {length} characters with sample values; carriers accept 670 (COMPLIANCE rule 11)' },
  segments: { ja: 'サンプル値でSMS {segments}通分（{encoding}）になります', en: '{segments} SMS segments ({encoding}) with sample values' },
  'threat.legal_action': { ja: '法的措置をほのめかす表現「{matched}」は使えません（貸金業法21条1項・規則8a）', en: 'threatens legal action: "{matched}" (Reg F §1006.14/§1006.18, COMPLIANCE rule 8a)' },
  'threat.arrest': { ja: '逮捕・警察・犯罪をほのめかす表現「{matched}」は使えません（規則8a）', en: 'threatens arrest or criminal action: "{matched}" (COMPLIANCE rule 8a)' },
  'threat.seizure': { ja: '差押え・強制執行をほのめかす表現「{matched}」は使えません（規則8a）', en: 'threatens seizure or garnishment: "{matched}" (COMPLIANCE rule 8a)' },
  'threat.third_party_contact': { ja: '勤務先・家族など第三者への連絡をほのめかす表現「{matched}」は使えません（貸金業法21条1項・規則8a）', en: 'threatens to contact the workplace, family or others: "{matched}" (Reg F §1006.6(d), COMPLIANCE rule 8a)' },
  'threat.shaming': { ja: '恥をかかせる・公表をほのめかす表現「{matched}」は使えません（規則8a）', en: 'shames the debtor: "{matched}" (COMPLIANCE rule 8a)' },
  'threat.false_urgency': { ja: '不当に急かす表現「{matched}」は使えません（規則8a）', en: 'presses with false urgency: "{matched}" (COMPLIANCE rule 8a)' },
};

export function lintMessage(issue: { code?: string; params?: Record<string, string | number>; message: string }, lang: Lang): string {
  const m = issue.code ? LINT_MESSAGES[issue.code] : undefined;
  if (!m) return issue.message;
  return m[lang].replace(/\{(\w+)\}/g, (all, k: string) => (issue.params && k in issue.params ? String(issue.params[k]) : all)).replace(/\{\{(\w+)\}\}/g, '{$1}');
}

/** The catalogue for the page script, in one language. */
export const lintCatalogue = (lang: Lang) => Object.fromEntries(Object.entries(LINT_MESSAGES).map(([k, v]) => [k, v[lang]]));
