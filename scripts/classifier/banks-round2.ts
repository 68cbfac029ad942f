/**
 * Second-round phrase banks (source tag `bank2`, see data/classifier/SOURCES.md): written by hand
 * for issue #9's second round from the KINDS of replies the untouched holdout-6 run showed the
 * tiers did not know (formal refusals of contact, "not … anymore", Spanish opt-outs, channel-only
 * requests, undoing an opt-out by saying it was a mistake, "don't stop the reminders", casual
 * past payments, numbers now used by someone else, fees called bogus, hardship told by what
 * happened to hours or health, messages meant for someone else). No line is a holdout-6 line:
 * these are other phrasings of those kinds, and the generator drops any that equals a held-out
 * or dev line after normalisation.
 */
export const EN_BANK2: Record<string, string[]> = {
  stop: [
    'would you please not text me anymore', 'can you please not message this number again', 'kindly do not contact me on this phone',
    'please no longer send messages to my phone', 'i would like you to no longer text me', 'you should no longer contact me here',
    "i don't want to hear from your company again", 'never want to hear from you people', "i'm done receiving these texts",
    'i am finished getting your messages, stop', 'enough of the texting, stop', 'stop with all these messages', 'stop with the reminders already',
    'no más mensajes', 'no me manden mas mensajes', 'dejen de enviarme textos', 'please stop, no me escriban',
    'contact me by mail only, no texts', 'letters only, no more texting please', 'email only please, no more sms', 'calls only, no texts',
    'i refuse further contact by text', 'i do not want any more communication from you', 'cease contacting me by phone or text',
    'my attorney handles this now, do not contact me', 'i have a lawyer, stop contacting me directly', 'any further texts will be reported',
    'get lost, stop texting', 'knock it off with the texts', 'quit sending me stuff', 'lose my number', 'forget my number', 'erase my number please',
    'block me from your messages', 'i withdraw my permission to text me', 'no longer authorized to text this phone', 'do not reach out again',
    'i asked you already, stop sending these', 'how many times do i have to say stop', 's t o p', 'S.T.O.P.', 'st0p it', 'stopp please', 'sotp pls',
  ],
  start: [
    "i didn't mean to unsubscribe, please add me back", 'i opted out by accident, add me again', 'my stop was a mistake, resume the texts',
    'texting me again is fine now', 'you may text me again', 'please start texting me again', 'i want the reminders back on',
    'put me back on the text list', 'UNSTOP please', 'unstop my number', 'i changed my mind, send the texts again', 'reactivate my text alerts',
  ],
  other: [
    "don't stop the texts, they keep me on track", 'please keep the reminders coming', 'the reminders help, do not stop them',
    'unsubscribe me from the mailing list, texting is ok', 'stop the paper bills, texts are fine', 'no more paper statements please, sms is ok',
    'see you at dinner tomorrow', 'meeting moved to monday at 3', 'are we still on for lunch friday?', 'pick me up after practice tomorrow',
    'wrong chat sorry, meant for my brother', 'lol my bad, that was for someone else', 'can we grab coffee monday?', 'movie at 7 tomorrow?',
    'no problem', 'no worries', 'np', 'all good', 'sounds good', 'noted, thanks', 'got the message',
  ],
  paid: [
    'my wife took care of this already', 'my son handled it for me yesterday', 'it got taken care of on monday', 'payment made online just now',
    'payment was made with my debit card earlier', 'payment went out from my account this morning', 'i dropped off a check at the branch yesterday',
    'mailed a money order on tuesday', 'put a check in the mail monday', 'i settled it over the phone with one of your reps', 'already covered it through the app',
  ],
  help: [
    'who dis', 'who dat', 'who is this??', 'what is this text', 'is this for real or a scam', 'how do i know this is legit', 'what company are you with',
    'never heard of your company, what is this about', 'what account is this about?', 'which bill is this',
  ],
  wrong_number: [
    'this phone belongs to a business now', 'this number is registered to my company', 'this line belongs to a daycare now',
    'you meant to text someone else', 'i think this was meant for somebody else', 'this number was reassigned to me, not your customer',
    'nobody named that lives here', "i don't know anyone by that name",
  ],
  dispute: [
    'that fee is bogus', 'these charges are ridiculous', 'the interest is a rip-off, i am not paying it', 'this balance is made up',
    'the late fee is unfair, i paid on time', "this isn't mine, never was", 'not my account, never opened it', 'this was already settled in court, not mine anymore',
  ],
  hardship: [
    'my hours were cut in half', 'they cut my shifts to two a week', 'dialysis three times a week, i cannot work', 'chemo every other week and no income',
    'my paychecks stopped when i got hurt', 'the plant closed and i have nothing coming in', 'my benefits stopped last month', 'i am recovering from a stroke',
  ],
  extend: [
    'a couple more days, friday at the latest', 'need a few more days, by tuesday for sure', 'two more days max, sunday at the latest',
    'monady i can pay', 'i will pay on wensday', 'thrusday works for me', 'i get my check on the 4th and will pay then',
  ],
  installment: ['100 a month?', '50 every friday', 'i can do 75 each paycheck', 'pay a little at a time?', 'bit by bit if that is ok', 'can i do small amounts every week'],
};

export const JA_BANK2: Record<string, string[]> = {
  stop: [
    '今後のご連絡は一切お断りします', 'ご連絡はお断りいたします', 'メッセージの受信はお断りです', 'SMSでの連絡を拒否します', '督促の連絡はお断りです',
    '連絡はおやめください', 'この番号への連絡はおやめいただけますか', '送るのはおやめください', '直接の連絡はおやめください',
    '連絡はもうしないでほしいです', 'メールはもうしないでください', '今後一切連絡しないように', '二度と連絡せんといて', 'もう送ってくんな',
    '送ってくんなって言ってるやろ', 'もう送ってこんといてや', '送らないことを約束してください', '今後は送らないようにお願いします',
    '連絡すんなや', 'メッセージすんな', '代理人を通してください、私への連絡はご遠慮ください', '弁護士を通してください。本人への連絡はおやめください',
    'ていし', 'teishi onegai', 'ﾃｲｼ ｵﾈｶﾞｲ', 'ｽﾄｯﾌﾟ', 'もうええわ、連絡いらん', '連絡いらんから', '通知もういらん', 'SMS要りません',
    '迷惑なので今後は送らないこと', '受信を拒否します', 'ショートメールの受信は拒否します',
  ],
  start: [
    'また送ってもらって構いません', 'また連絡してもらって大丈夫です', '再び通知してもらっていいです', '引き続き送ってもらって大丈夫です',
    '停止って送ったのは間違いです、続けてください', 'ストップと返信したのはミスです', '停止したのを取り消したいです', 'ストップしたのを撤回します',
  ],
  other: [
    '通知は止めないでください、忘れっぽいので', 'リマインドはやめないで', 'SMSなら大丈夫です、郵便を止めてください',
    '明日の打ち合わせ、10時からでしたっけ', '飲み会の場所どこだっけ', '月曜のランチ楽しみにしてます', '資料は明日持っていきます', '迎えに行くの何時？',
    '送る相手間違えました、失礼しました', '電車止まってて遅れます', 'ごめん、間違えて送った',
  ],
  paid: [
    '払っといたよ', '振り込んどいたで', '入金しときました', '送金しといたので確認お願いします', '昨日払っておきました', 'コンビニで払っときました',
    'もう振り込んどいた', '支払いしておきました', 'ATMから送金しておきました',
  ],
  dispute: ['私の借金ではないです', 'それは私の契約じゃないです', '自分の請求じゃありません', 'うちのものではありません、請求先違いでは'],
  wrong_number: ['山田さんって誰ですか', '鈴木って誰？知らん人です', 'そんな名前の人知らんけど', '知らん人からの連絡やわ、番号違うで'],
  hardship: ['給料の支払いが止まってて生活できない', '仕事が減って収入が半分になった', '通院で働けない状態です', 'シフト減らされてお金がないです'],
  extend: ['来週の金曜日なら払えます', 'raishuu no kinyou ni harau', 'kinyoubi ni haraimasu', '月末にまとめて払います'],
};
