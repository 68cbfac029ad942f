import type { Lang } from './i18n';

/**
 * A label in ja and en for every code the inbox and the flow editor show: conversation statuses,
 * machine states, escalation reasons, intents, outcomes, message statuses, classifier tiers, send-gate
 * and collector refusals, template names. Pages never print a raw code: `label()` falls back to a
 * readable form of the code ("some_code" → "some code") only for a code added without a label, and
 * the catalogue test fails for any code of the shipped flows that lacks one.
 */
export type Pair = { ja: string; en: string };
export type Group = Record<string, Pair>;

export const STATUS: Group = {
  active: { ja: 'ボット対応中', en: 'With the bot' },
  escalated: { ja: '担当者対応待ち', en: 'Escalated' },
  resolved: { ja: '解決済み', en: 'Resolved' },
  opted_out: { ja: '配信停止', en: 'Opted out' },
  closed: { ja: '終了', en: 'Closed' },
  paid: { ja: '支払完了', en: 'Paid' },
};

export const STATE: Group = {
  'active.dunning': { ja: '督促中', en: 'Reminding' },
  'active.asking_date': { ja: '支払日の確認中', en: 'Asking for a date' },
  'active.promised': { ja: '支払約束あり', en: 'Promised' },
  'active.paid_claimed': { ja: '支払済みの申告を確認中', en: 'Checking a paid claim' },
  'active.plan_offer': { ja: '分割を提案中', en: 'Plan offered' },
  'active.on_plan': { ja: '分割払い中', en: 'On a plan' },
  'active.confirming_optout': { ja: '配信停止の意思を確認中', en: 'Confirming opt-out' },
  escalated: { ja: '担当者対応', en: 'With a person' },
  opted_out: { ja: '配信停止', en: 'Opted out' },
  paid: { ja: '支払完了', en: 'Paid' },
  resolved: { ja: '解決済み', en: 'Resolved' },
};

export const REASON: Group = {
  asked_for_person: { ja: '担当者を希望', en: 'Asked for a person' },
  dispute: { ja: '請求への異議', en: 'Dispute' },
  hardship: { ja: '支払困難', en: 'Hardship' },
  wrong_number: { ja: '番号違い', en: 'Wrong number' },
  llm_failed: { ja: '自動判定できず', en: 'Classifier unavailable' },
  possible_opt_out: { ja: '配信停止の可能性', en: 'Possible opt-out' },
  unclear_replies: { ja: '返信の内容が不明', en: 'Unclear replies' },
  no_response: { ja: '応答なし', en: 'No response' },
  payment_not_confirmed: { ja: '入金を確認できず', en: 'Payment not confirmed' },
  missed_installments: { ja: '分割の未払い', en: 'Missed instalments' },
};

export const INTENT: Group = {
  paid: { ja: '支払済みの連絡', en: 'Says paid' },
  extend: { ja: '支払日の延長', en: 'Asks for more time' },
  installment: { ja: '分割の希望', en: 'Wants instalments' },
  pay: { ja: '支払方法の問い合わせ', en: 'Wants to pay' },
  dispute: { ja: '請求への異議', en: 'Dispute' },
  wrong_number: { ja: '番号違い', en: 'Wrong number' },
  stop: { ja: '配信停止', en: 'Stop' },
  start: { ja: '配信再開', en: 'Resubscribe' },
  help: { ja: 'ヘルプ', en: 'Help' },
  hardship: { ja: '支払困難', en: 'Hardship' },
  human: { ja: '担当者を希望', en: 'Asks for a person' },
  other: { ja: 'その他', en: 'Other' },
};

/** What a collector may record when resolving (free-form codes are accepted by the API; these are offered). */
export const OUTCOME: Group = {
  paid: { ja: '支払済み', en: 'Paid' },
  settled_offline: { ja: '窓口・電話で解決', en: 'Settled offline' },
  disputed: { ja: '異議のため停止', en: 'Disputed' },
  wrong_number: { ja: '番号違い', en: 'Wrong number' },
  written_off: { ja: '回収不能として処理', en: 'Written off' },
  other: { ja: 'その他', en: 'Other' },
};

export const RESUME: Group = {
  dunning: { ja: '通常の督促に戻す', en: 'Resume reminders' },
  promised: { ja: '支払約束日から再開', en: 'At the promise date' },
  plan_offer: { ja: '分割の提案から再開', en: 'Offer a plan' },
};

export const MESSAGE_STATUS: Group = {
  pending: { ja: '送信待ち', en: 'pending' },
  queued: { ja: '送信待ち', en: 'queued' },
  held: { ja: '保留中', en: 'held' },
  sending: { ja: '送信中', en: 'sending' },
  sent: { ja: '送信済み', en: 'sent' },
  delivered: { ja: '配信済み', en: 'delivered' },
  received: { ja: '受信', en: 'received' },
  failed: { ja: '送信失敗', en: 'failed' },
  undelivered: { ja: '不達', en: 'undelivered' },
  refused: { ja: '送信ゲートで停止', en: 'refused by the gate' },
  cancelled: { ja: '取消', en: 'cancelled' },
  superseded: { ja: '差し替え', en: 'superseded' },
  uncertain: { ja: '送信結果不明', en: 'may or may not have been sent' },
  unknown: { ja: '不明', en: 'unknown' },
};

export const TIER: Group = {
  keyword: { ja: 'キーワード', en: 'keyword' },
  rules: { ja: 'ルール', en: 'rules' },
  model: { ja: '学習モデル', en: 'trained model' },
  llm: { ja: 'AI（LLM）', en: 'LLM' },
};

/** Why the send gate or a collector action said no (error `reason`). */
export const REFUSAL: Group = {
  opted_out: { ja: '債務者が配信停止しています', en: 'the debtor has opted out' },
  quiet_hours: { ja: '連絡できない時間帯です（21時〜8時）', en: 'outside the allowed contact hours' },
  debtor_requested_hours: { ja: '債務者が希望した連絡時間外です', en: 'outside the hours the debtor asked for' },
  no_allowed_contact_time: { ja: '連絡できる時間帯がありません', en: 'no allowed contact time' },
  daily_cap: { ja: '本日の送信上限に達しています', en: 'the daily cap is reached' },
  weekly_cap: { ja: '7日間の送信上限に達しています', en: 'the 7-day cap is reached' },
  missing_brand: { ja: '送信者名がありません', en: 'the brand is missing' },
  missing_stop_notice: { ja: '配信停止の案内がありません', en: 'the STOP notice is missing' },
  no_consent: { ja: '同意の記録がありません', en: 'no recorded consent' },
  debtor_erased: { ja: '債務者の情報は消去済みです', en: 'the debtor was erased' },
  suppressed_wrong_number: { ja: '番号違いのため停止中です', en: 'suppressed: wrong number' },
  held_by_human: { ja: '担当者が対応中です', en: 'a person holds the thread' },
  conversation_closed: { ja: '会話は終了しています', en: 'the conversation is closed' },
  held_by_other: { ja: '他の担当者が対応中です', en: 'held by another person' },
  not_held: { ja: '先に担当してください', en: 'claim the thread first' },
  not_escalated: { ja: 'この会話はキューにありません', en: 'this thread is not in the queue' },
  not_allowed_in_state: { ja: '今の状態ではできません', en: 'not possible in this state' },
  resume_choice_required: { ja: '再開する位置を選んでください', en: 'choose where to resume' },
  no_promise: { ja: '支払約束日がありません', en: 'there is no promise date' },
  unknown_target: { ja: 'このフローにない再開位置です', en: 'this flow cannot resume there' },
};

export const TEMPLATE: Group = {
  reminder_pre_due: { ja: '期日前のご案内', en: 'Pre-due reminder' },
  reminder_due: { ja: '期日当日のご案内', en: 'Due-day reminder' },
  reminder_overdue: { ja: '期日後のご案内', en: 'Overdue reminder' },
  reminder_final: { ja: '最終のご案内', en: 'Last reminder' },
  paid_thanks: { ja: '支払連絡へのお礼', en: 'Thanks for paying' },
  paid_ask_again: { ja: '入金の再確認', en: 'Payment not seen' },
  payment_thanks: { ja: '入金確認のお礼', en: 'Payment received' },
  partial_payment: { ja: '一部入金', en: 'Partial payment' },
  payment_link: { ja: '支払いリンク', en: 'Payment link' },
  ask_date: { ja: '支払日の確認', en: 'Ask for a date' },
  promise_too_far: { ja: '約束日が遠すぎる', en: 'Promise too far' },
  promise_confirmed: { ja: '支払約束の確認', en: 'Promise confirmed' },
  promise_reminder: { ja: '約束日のご案内', en: 'Promise reminder' },
  promise_broken: { ja: '約束日の未入金', en: 'Promise broken' },
  plan_offer: { ja: '分割のご提案', en: 'Plan offer' },
  plan_invalid: { ja: '分割回数の再確認', en: 'Plan choice invalid' },
  plan_confirmed: { ja: '分割の確定', en: 'Plan confirmed' },
  installment_reminder: { ja: '分割のご案内', en: 'Instalment reminder' },
  installment_missed: { ja: '分割の未入金', en: 'Instalment missed' },
  unclear: { ja: '内容の再確認', en: 'Unclear reply' },
  help: { ja: 'ヘルプ', en: 'Help' },
  contact_window_confirmed: { ja: '連絡時間の確認', en: 'Contact hours noted' },
  handoff: { ja: '担当者への引き継ぎ', en: 'Handoff' },
  optout_confirmation: { ja: '配信停止の確認', en: 'Opt-out confirmation' },
  resubscribed: { ja: '配信再開', en: 'Resubscribed' },
  optout_question: { ja: '配信停止の意思確認', en: 'Opt-out question' },
};

export const ROLE: Group = {
  admin: { ja: '管理者', en: 'admin' },
  collector: { ja: '回収担当', en: 'collector' },
  loader: { ja: 'データ取込', en: 'loader' },
};

export const CHANNEL: Group = {
  sms: { ja: 'SMS', en: 'SMS' },
  rcs: { ja: 'RCS', en: 'RCS' },
};

export const LOCALE: Group = {
  ja: { ja: '日本語', en: 'Japanese' },
  en: { ja: '英語', en: 'English' },
};

/** The label of `code` in `group`, in `lang`; a readable fallback for a code without one. */
export function label(group: Group, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  return group[code]?.[lang] ?? code.replace(/[_.]/g, ' ');
}
