/**
 * Fifth-round phrase banks (source tag `bank5`, see data/classifier/SOURCES.md): written by hand for
 * issue #9's fifth round, one family per miss of holdout-11's scored run (the families, never its
 * lines; the generator drops any line equal to a held-out or dev line): opt-outs with neither a stop
 * word nor a send word, START when someone else sent STOP, contact times at a clock hour (other),
 * payments told with a past day or by someone else (paid), scam / legitimacy checks (help), balance
 * questions (pay), same-day promises tied to the end of work (extend), plans stated as amounts and
 * paydays (installment), hardship told as a life story, kana / romaji spellings.
 */
export const EN_BANK5: Record<string, string[]> = {
  stop: [
    'leave my phone alone', 'get away from my phone and stay away', 'I want out of this texting list', 'count me out of your reminders',
    'I want nothing to do with your texts', 'lose my number and leave me be', 'keep away from my cell', 'I want no part of these messages',
    'done with your texts, lose this number', 'paid in full, now stop the texts', 'I paid, so quit texting me',
  ],
  start: [
    'my husband replied STOP by mistake, please keep texting me', 'my daughter sent stop from my phone, I still want the reminders',
    'somebody else texted STOP on my phone, continue the messages please', 'it was not me that sent STOP, keep the reminders coming',
    'my roommate typed stop on my phone, please resume the texts', 'a kid sent STOP from this number, I want to keep getting them',
  ],
  other: [
    'please stop texting at 6am, after noon is fine', 'could you not message me at 7am, evenings are better', 'text me after 10am please, not so early',
    'can you stop messaging this early? after lunch works', 'no texts at 8am please, later in the day is ok', 'please only text after 5pm',
    'I changed jobs recently', 'what time do you close today?',
  ],
  paid: [
    'my sister covered it on Tuesday', 'my dad paid it last Friday', 'the money order went out in Monday\'s mail', 'I mailed the check on Wednesday',
    'my boyfriend took care of it yesterday', 'my grandma paid the balance over the weekend', 'I dropped off the payment Thursday',
    'check went out Friday', 'my son settled it last week', 'I paid you from my tax refund on Monday', 'my wife sent the payment this morning',
  ],
  installment: [
    '$80 on each of my next three paychecks', 'I can do $60 now and $60 on the 1st', 'thirty bucks a week till its done', '40 dollars every week until it is paid off',
    '5 months of payments please', 'can I do 3 months of payments', 'half now and the rest next month', 'half this week, half next week',
    'I can\'t do it all at once, can we split it up', 'can we spread it out', 'can we break this up', 'pay $25 a week until it is cleared',
    'I\'ll do $100 on my next two paydays',
  ],
  help: [
    'could this be a scam text?', 'are you a real company?', 'is this text legit?', 'how can I tell this isn\'t a scam', 'is this really from the dentist or is it a scam',
    'what is your company name and phone number so I can verify', 'is this phishing?', 'are you for real or fake', 'prove this is not a scam',
    'what can I reply besides STOP?',
  ],
  hardship: [
    'I left work to take care of my mother', 'I had to quit my job to look after my sick wife', 'my husband died in the summer and money is tight',
    'my mom passed away and I\'m paying for the funeral', 'I\'m going through a divorce and living on one income', 'single dad now, barely making it',
    'after the divorce I only have my income', 'caring for my dad full time, no job right now',
  ],
  pay: [
    'what is my balance', 'how much do I still owe you', 'what\'s the payoff amount', 'what\'s the total due with fees', 'tell me my current balance',
    'how much is left on my account', 'whats the amount due',
  ],
  extend: [
    'I get off work at 5, I\'ll pay tonight', 'my shift is done at 8 so I\'ll pay this evening', 'work ends at 6, I\'ll pay later today',
    'I\'ll pay a week from tomorrow', 'two weeks from Friday I can pay', 'I can pay on Christmas Eve',
    'I\'m at work till 5 today, so I\'ll pay Saturday', 'class is over at 4 today, I\'ll pay you Sunday',
  ],
};

export const JA_BANK5: Record<string, string[]> = {
  stop: [
    'この通知から抜けたいです', 'こういうメッセージとは縁を切りたい', '私の携帯に関わらないでください', 'もう私のスマホに関わるな', 'リマインドから外してください',
    '払ったので、もう督促のメッセージは止めてください', 'ストッフ゜です',
  ],
  start: [
    '娘が勝手に停止と返信しました。通知は続けてください', '夫が間違えてストップって送ったけど、連絡は再開してください', '誰かがいたずらで停止と送ったみたいです、引き続き送ってください',
    'saikai onegai shimasu', 'haishin wo saikai shite', 'ｻｲｶｲ ｵﾈｶﾞｲｼﾏｽ',
  ],
  other: [
    '朝7時に送るのはやめて、昼ならいいです', '夜10時以降に連絡するのはやめてほしい', '深夜に送るのはやめてください、日中なら大丈夫', '朝早くの通知はやめて、夕方ならいいよ',
    '引っ越しました、新しい住所はまた連絡します',
  ],
  paid: [
    '火曜に母が全部払ってくれました', '金曜にコンビニで払っといたで', '昨日ATMから入れといたよ', '口座を解約してたので、コンビニで払い直しました', '先週、夫が代わりに振り込みました',
    '月曜に全額振込んどいたわ', 'もうはらいまひたよ', 'きのうはらいまひた', '振込先を間違えたので、昨日払い直しました',
  ],
  installment: [
    '半分を今月、残りは来月にしてもらえますか', '今月半分、来月残りでもいいですか', '一括はやめて3回払いにしたいです', '5回払いに変更したいです', '6回払いに切り替えたいです',
    '半分は今週、半分は来週に払いたい',
  ],
  help: [
    '本物の会社ですか？確認したいので会社名と電話番号を教えて', '詐欺じゃないですよね？', 'これ架空請求っぽいけど、どこの業者？', 'ほんまに正規の会社なん？',
    '正式な請求か確認したいです', '実在する会社ですか', '停止以外に返信できる言葉はありますか', 'ﾀﾞﾚﾃﾞｽｶ', 'だれですか',
  ],
  hardship: [
    'ｼﾂｷﾞｮｳ ｼﾏｼﾀ', 'しつぎょうちゅうです', '親の介護で仕事を辞めました', '母の介護のために退職しました', '夫が亡くなってから生活が苦しいです',
    '離婚して一人で子どもを育てていて余裕がありません', 'シングルマザーでパート収入だけです', '父が他界して葬儀代で手一杯です',
  ],
  pay: [
    '残高を教えて', '今いくら残ってますか', '残りはいくらですか', 'あといくら払えばいいですか', 'ざんだかはいくら', '口座振替に切り替えたい', '口座振替にしたいです',
  ],
  extend: [
    'クリスマスイブまでに払います', 'イブには払えます', '仕事が6時に終わるので今夜払います', 'バイトが9時に上がるので今晩振り込みます',
  ],
};
