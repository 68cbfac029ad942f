/**
 * Japanese phrase banks for the training corpus (see data/classifier/SOURCES.md). Written by hand:
 * 標準語, 敬語, casual, 関西弁 and other dialect forms; `{slot}` is filled by gen-corpus.ts.
 * Romaji and half-width kana variants are produced by transforms, not written here.
 */
export const JA_SLOTS: Record<string, string[]> = {
  channel: ['ゆうちょ', 'コンビニ', 'セブン', 'ローソン', 'ファミマ', 'PayPay', 'ペイペイ', '楽天銀行', 'ネットバンキング', '銀行', 'ATM', 'LINE Pay', 'クレカ', 'カード', '振込', '口座振替', 'ペイジー', 'd払い', 'au PAY', '三井住友', 'みずほ', '郵便局'],
  when_past: ['昨日', '先ほど', '今朝', '先週', 'おととい', '月曜に', '15日に', 'さっき', '先日', '一昨日', '昨夜', '週末に'],
  when_future: ['明日', '来週', '月末', '25日', '来週の金曜', '給料日', '30日', '来月', '週明け', '12月5日', '土曜日', '今月末', '再来週', '10日後', '給料が入ったら', 'ボーナスが出たら', '来月の頭'],
  amount: ['5千円', '1万円', '5000円', '3000円', '2万円', '1万', '半分', '5,000円', '一万円', '8千円', '2千円'],
  n: ['2', '3', '6', '二', '三', '4'],
  reason: ['仕事をクビになりました', '入院中で働けない', '事故で1ヶ月働けません', '会社が倒産しました', '病気で休職しています', '夫が亡くなりました', 'シフトを減らされて収入が半分です', '出産で仕事を休んでいます', '親の介護で働けない', '手術を控えています', 'コロナで店を閉めました', '離婚して生活が苦しい', '失業保険も切れました', '怪我で仕事ができない', '子供が病気で入院してて', '家が火事になりました', 'うつ病で働けなくなりました', '借金が多くて首が回らない', '年金だけで暮らしてます', '車が壊れて仕事に行けない'],
  name: ['田中', '佐藤', '鈴木', '高橋', '伊藤', '山本', '中村', '小林', '加藤', '吉田', '山田', '松本'],
  greet: ['すみません', 'あの', 'お世話になっております', 'こんにちは', 'あのー', 'えっと', 'ちょっと', 'お疲れ様です', '失礼します', 'もしもし'],
  sign: ['よろしくお願いします', 'お願いします', 'すみません', '失礼します', 'ありがとうございます', 'よろしく', '以上です', '宜しくお願い致します', 'ごめんなさい'],
  emoji: ['🙏', '😭', '💦', '😡', '👍', '🙇', '😢', '💢', '✨', '😅', '(´・ω・`)', '(>_<)', '笑', 'w'],
};

export const JA_BANK: Record<string, string[]> = {
  stop: [
    '停止', 'ストップ', '配信停止', '配信停止でお願いします', '今後のご連絡はお控えください', '今後一切の連絡は不要です', 'もう送らないで',
    'もう送ってこないでください', 'ええ加減にせえ、もう送ってくるな', 'しつこい、やめろ', '送ってくんな', 'もう連絡せんといて', '連絡してこないでください',
    'メッセージの送信を止めてください', 'このような連絡は今後ご遠慮ください', '連絡は結構です', 'SMSはもう要りません', '受信拒否します',
    'これ以上連絡しないでください', '二度と送ってくるな', 'もう関わらないでください', '連絡をやめてもらえますか', '迷惑なのでやめてください',
    'メールも電話もやめて', '今後このような連絡をしないでください', 'ショートメールを止めてください', '送信をやめてほしいです', 'もう結構です、送らないで',
    '連絡不要です', 'この番号に送らないでください', 'うるさい、送るな', 'いい加減にしてくれ、二度と連絡するな', 'ほんま迷惑やからやめてや',
    'もう送らんといてください', 'しつこいねん、送ってくんなや', '連絡せんでええ', 'もうええから送らんとって', '通知を止めて', '配信を解除してください',
    '登録を解除してください', 'このメッセージを今後受け取りたくありません', '以後のご連絡は差し控えていただけますでしょうか', 'ご連絡はご遠慮願います',
    'SMSでのご連絡はおやめください', '書面以外での連絡はやめてください', '連絡されたくありません', 'もう送信しないで下さい', '止めてください',
    'やめてください', 'やめろって言ってるだろ', '配信いらない', '通知いらないです', '何回も送ってくるのやめて', '迷惑メールとして報告します、送らないで',
    '今後の案内は不要です', 'お知らせは今後不要です', 'もうメッセージしてこないで', 'お断りします、連絡しないで', '連絡してくんな',
  ],
  start: [
    '配信再開', '再開', 'スタート', '停止をやめて、通知を戻して', '停止を解除してください', '配信停止を取り消したいです', 'やっぱりまた送ってください',
    '間違えて停止しました、再開お願いします', 'メッセージをまた受け取りたいです', '通知を元に戻してください', '停止したのを取り消してください',
    'もう一度配信してください', 'リマインドをまた送ってほしい', '配信を再開してください', '停止は間違いでした、また連絡ください',
    'ストップを解除して', '受信拒否を解除します', 'また通知ください', '再登録お願いします', 'やはりSMSを受け取りたいです', '配信停止の解除をお願いします',
  ],
  help: [
    'ヘルプ', 'どちら様ですか', '誰ですか', 'これ何', '何の請求ですか', 'これは詐欺ですか', '本物のカード会社ですか', '本当に銀行からですか',
    'どこの会社ですか', 'この番号はどこですか', '怪しいんですけど', '詐欺じゃないよね？', 'なんの連絡？', '何のことか分かりません', '差出人は誰？',
    '正規の請求か確認したい', '公式の連絡ですか', 'どうやって私の番号を知ったんですか', 'リンク踏んでも大丈夫ですか', '会社名を教えてください',
    'どういうことですか', '意味がわからない', '何の件でしょうか', 'これ本当？', 'なりすましではないことを証明してください', 'フィッシングですか？',
    'どなたでしょうか', 'どちらの会社の方ですか', 'サンプルクレジットって何？', 'これは何の料金ですか', '本物かどうか確認させてください',
  ],
  paid: [
    '払いました', '支払いました', '{when_past}払いました', '{channel}から送金済み', '{channel}で払いました', '{when_past}{channel}で払いました',
    '{when_past}振り込みました', 'もう払ったよ', '払ったって', '入金済みです', '{when_past}入金しました', '支払い済です', '振込済みです',
    '{when_past}コンビニで支払いを済ませました', '引き落とされてるはずです', '{channel}で決済しました', '全額振り込みました', '完済しました',
    '{when_past}に振込手続きしました', 'お支払いは完了しております', '既にお支払い済みのはずです', '払ってあるけど？', '{when_past}払ったやん',
    'もう払ってるで', '払い終わってます', '{amount}振り込みました', '控えもあります、支払いました', '夫が{when_past}払いました',
    '母が代わりに払ってくれました', '{when_past}ATMから送金しました', '振込完了しました', '決済完了しています', 'とっくに払ってますけど',
    'ネットで払いました', 'さっき払ったばっかりです', '支払いは{when_past}済ませてあります', '{when_past}お振込させていただきました',
  ],
  pay: [
    '支払い方法を教えてください', 'どうやって払えばいいですか', 'リンクを送ってください', 'リンクをもう一度ください', '今日払います', '今から払います',
    '{channel}で払えますか', '{channel}は使えますか', '振込先を教えて', '今日中に支払います', 'カードが止められてしまったので、他の支払い方法はありますか',
    '銀行にカードを停止されたので別の方法で払いたい', '帰りにATMに寄って払います', '仕事帰りにコンビニで払います', '払込票を送ってください',
    'バーコードください', '残高はいくらですか、払いたいです', '一括で払います', '全額今日払いたい', 'リンクが開けません、どうすれば払えますか',
    '口座番号を教えてください', 'コンビニ払いできますか', 'すぐ払います', '請求書を再発行してください', '支払いたいのですがどうすれば',
    '今夜払います', '今日の夕方払いに行きます', 'クレジットカードで払いたいです', 'ペイジーで払える？', '振込用紙を送ってほしい',
  ],
  extend: [
    '{when_future}払います', '{when_future}まで待ってください', '{when_future}には払えます', '{when_future}なら払えます', 'もう少し待ってください',
    '少し時間をください', '支払いを延ばしてもらえますか', '期限を延長できますか', '{when_future}に振り込みます', '{when_future}まで待ってもらえませんか',
    '給料が入ったら払います', '今日は無理ですが{when_future}なら大丈夫です', '1週間待ってください', '{when_future}でもいいですか', '遅れます、{when_future}払います',
    '{when_future}には必ず入金します', 'あと数日待ってほしい', '支払日をずらしたいです', '{when_future}まで猶予をください', '{when_future}頃に払うわ',
    '{when_future}まで待ってや', '{when_future}に払うけえ', '{when_future}にはなんとかします', '今月はきついので{when_future}にお願いします',
    'もうちょっと待って', '{when_future}に入金予定です', '{when_future}以降でお願いします', '支払いを{when_future}に変更できますか',
  ],
  installment: [
    '分割できますか', '分割でお願いします', '{n}回払いにしてください', '{n}回に分けて払いたい', '半分今払って残りは給料日に',
    '今日{amount}、残りは{when_future}で', '{amount}ずつなら払えます', '月{amount}ずつ払いたいです', '毎月少しずつ返したい', '分けて払えますか',
    '一括は無理なので分割で', '{when_future}に{amount}、{when_future}に残りを払います', '今{amount}だけ払って残りは来月', '少しずつでもいいですか',
    '月々{amount}でお願いできますか', '{n}ヶ月に分けたい', '毎週{amount}ずつ払います', '分納できますか', '支払い計画を立てたい',
    '何回かに分けてもいいですか', '半分ずつ2回で払いたい', '{amount}を毎月25日に払う形でどうでしょう', 'ボーナス払いと分割の併用はできますか',
  ],
  dispute: [
    'この請求は身に覚えがありません', '金額の桁が違う', '二重に請求されています', '同じ分を二回引かれてる', '金額がおかしい', '請求額が多すぎます',
    '契約した覚えはない', '解約したはずです', 'もう返品しました', '商品が届いていません', '利用していません', '明細を送ってください',
    '内訳を教えてください', 'それは払う必要ないはず', '返金されたはずです', '請求額が前と違います', '{amount}しか使ってないのに', '知らない請求です',
    '勝手に契約されてる', '不正利用です', '弁護士に相談します、この請求はおかしい', '利用明細と合いません', '一回しか買ってないのに二回分請求されてる',
    '0が一つ多くないですか', 'キャンセルしたのに請求が来た', '時効じゃないですか', 'なんでこの金額なんですか、納得できません',
  ],
  wrong_number: [
    '番号違います', '間違いです', '{name}さんじゃないです', '{name}という者はいません', '前の持ち主宛てでは？', 'この番号最近変えたばかりです',
    '人違いです', '宛先間違ってますよ', '{name}さん宛ですか？違いますけど', 'そういう名前の人は知りません', 'この番号は私のです、{name}ではありません',
    '先月この番号になったので前の人だと思います', '誰かと間違えてませんか', '{name}？知らない人です', '別の方宛てのようです',
    'うちには{name}という人はおりません', '番号変わってます、{name}さんは前の持ち主です', '違う人に送ってますよ', '私は{name}ではありません',
    '番号間違いやで', '{name}さんは亡くなって、この番号は今私が使ってます',
  ],
  human: [
    '担当者と話したい', '電話ください', 'オペレーターにつないで', '人と話したいです', '電話で相談したい', '折り返し電話をお願いします',
    '直接話せますか', '責任者を出してください', 'ボットじゃなくて人と話したい', '電話番号を教えてください', 'コールセンターの番号は？',
    '相談させてください', '担当の方から連絡ください', '電話で説明してほしい', '誰か人間に代わって', '窓口に電話したいです', '夕方以降に電話ください',
  ],
  hardship: [
    '{reason}', '{reason}、払えません', '{reason}。お金がないです', 'お金がない', '払えない', '生活が苦しいです', '今はとても払えない',
    '{reason}ので、今は無理です', '貯金も底をつきました', '収入がゼロです', '食べるのもやっとです', '正直どうしようもないです',
    '{reason}。本当に困っています', '今月は家賃も払えない状況です', 'お金ないねん', '金ないわ、無理', '生活保護を受けています',
    '{reason}で、支払いどころではありません', '手持ちが全くない', '毎日ギリギリです',
  ],
  other: [
    'はい', 'わかりました', '了解', 'ありがとうございます', '確認します', 'まだ払ってないです', '見ました', 'OK', 'りょ', 'どうも',
    'お疲れ様です', 'はいはい', '後で確認します', '家族と相談します', '考えます', 'そうですか', 'ふーん', '承知しました', '届きました',
    'バス停の近くにいます', '仕事を停止中の工事が多くて', '会議中なので後で見ます', 'あけましておめでとうございます', 'え？', 'なるほど',
  ],
};

export const JA_MIXED: Array<[string, string]> = [
  ['{reason}。{n}回に分けてもいいですか', 'installment'],
  ['{reason}、{when_future}まで待ってもらえませんか', 'extend'],
  ['{when_past}払いました。あと連絡は平日19時以降にしてください', 'paid'],
  ['{channel}で払いました、電話は夜にお願いします', 'paid'],
  ['{when_future}払います。仕事中は連絡しないでください', 'extend'],
  ['カードが停止されてて払えない、{reason}', 'hardship'],
  ['口座が停止されたので、{when_future}に別の方法で払います', 'extend'],
  ['停止じゃなくて、支払い方法を知りたいです', 'pay'],
  ['払ったのにまだ来る、もう送らないで', 'stop'],
  ['{reason}、もう連絡しないでください', 'stop'],
  ['誰？もう送ってこないで', 'stop'],
  ['番号違います、もう送らないでください', 'stop'],
  ['詐欺ですか？払ったはずですけど', 'paid'],
  ['これ本物？{when_past}払ったんだけど', 'paid'],
  ['自動引き落としを止めて、カードで払いたいです', 'pay'],
  ['延滞料を止めてくれるなら今日払います', 'pay'],
  ['停止していた給料が入ったので{when_future}払います', 'extend'],
  ['メールじゃなくて電話でお願いします', 'human'],
];

/**
 * Kana-only phrasings written in romaji, the way people type without an IME. The generator keeps
 * them as romaji and also renders them as hiragana, katakana and half-width katakana.
 */
export const JA_ROMAJI: Record<string, string[]> = {
  stop: ['mou okuranaide', 'mou okuranaide kudasai', 'renraku shinaide', 'renraku shinaide kudasai', 'mou renraku shinaide', 'okuranaide', 'yamete kudasai', 'mou yamete', 'shitsukoi yamete', 'meiwaku desu yamete', 'okuttekonaide', 'mou iranai desu okuranaide', 'teishi onegaishimasu', 'haishin teishi', 'renraku fuyou desu', 'mou okutte konaide kudasai', 'okurunna', 'urusai okuruna', 'mou renraku iranai', 'nidoto okuranaide'],
  start: ['saikai shite kudasai', 'haishin saikai', 'teishi wo kaijo shite', 'mata okutte kudasai', 'teishi wo torikeshite kudasai'],
  help: ['dochira sama desu ka', 'dare desu ka', 'nan no seikyuu desu ka', 'sagi desu ka', 'kore nani', 'doko no kaisha desu ka', 'honmono desu ka', 'ayashii desu'],
  paid: ['haraimashita', 'mou haratta', 'kinou haraimashita', 'furikomimashita', 'kinou furikomimashita', 'nyuukin shimashita', 'shiharaimashita', 'mou haratta yo', 'sakki haraimashita', 'konbini de haraimashita', 'sousin shimashita', 'kanryou shimashita'],
  pay: ['dou yatte haraeba ii desu ka', 'shiharai houhou wo oshiete', 'rinku wo okutte kudasai', 'kyou haraimasu', 'ima kara haraimasu', 'konbini de haraemasu ka', 'kaado de haraemasu ka'],
  extend: ['ashita haraimasu', 'raishuu haraimasu', 'mou sukoshi matte kudasai', 'kyuuryoubi made matte', 'getsumatsu ni haraimasu', 'raigetsu made matte kudasai', 'chotto matte kudasai', 'shigatsu made matte'],
  installment: ['bunkatsu dekimasu ka', 'bunkatsu de onegaishimasu', 'sankai ni wakete haraitai', 'sukoshi zutsu haraitai', 'wakete haraemasu ka', 'maitsuki sukoshi zutsu'],
  dispute: ['mi ni oboe ga nai', 'kingaku ga chigau', 'keiyaku shite nai', 'seikyuu ga okashii', 'nijuu seikyuu desu', 'oboe ga arimasen'],
  wrong_number: ['bangou chigaimasu', 'machigai desu', 'hitochigai desu', 'sonna hito shiranai', 'bangou machigatteru yo'],
  human: ['denwa kudasai', 'tantousha to hanashitai', 'hito to hanashitai', 'denwa de soudan shitai', 'oriaeshi denwa onegai'],
  hardship: ['okane ga nai', 'okane nai', 'haraenai', 'shigoto wo kubi ni natta', 'nyuuin chuu de hatarakenai', 'seikatsu ga kurushii', 'byouki de hatarakenai', 'kane nai'],
  other: ['hai', 'wakarimashita', 'arigatou', 'kakunin shimasu', 'ryoukai', 'mada haratte nai'],
};
