/// The words Herald reads a message's mood and urgency from, in English and Russian.
///
/// Source and licence: written for Herald by its engineers from the vocabulary of customer
/// messages to brands (complaints, thanks, questions about orders, delivery and payment); no
/// third-party lexicon was copied. It is part of Herald and under Herald's licence. Entries are
/// word beginnings (stems): "ужасн" matches "ужасный", "ужасно"; "refund" matches "refunds".
/// Phrases (several words) are matched on whole words in order, before single words.
enum SentimentLexicon {
    /// Words that make a message warmer, with their weight.
    static let positive: [String: Int] = [
        // English
        "thank": 2, "thanks": 2, "thx": 2, "great": 2, "awesome": 2, "amazing": 2, "excellent": 2, "love": 2, "loved": 2, "perfect": 2,
        "wonderful": 2, "fantastic": 2, "best": 1, "good": 1, "nice": 1, "happy": 1, "glad": 1, "helpful": 1, "recommend": 2,
        "delicious": 2, "beautiful": 1, "fast": 1, "quick": 1, "friendly": 1, "pleased": 1, "satisf": 1, "appreciat": 2, "cool": 1,
        "enjoy": 1, "impress": 1, "brilliant": 2, "fab": 1, "kind": 1, "well done": 2, "works now": 1, "solved": 1,
        // Russian
        "спасиб": 2, "благодар": 2, "отличн": 2, "прекрасн": 2, "замечательн": 2, "супер": 2, "класс": 2, "круто": 2, "крут": 1,
        "люблю": 2, "обожа": 2, "нравит": 1, "понравил": 2, "хорош": 1, "вкусн": 2, "быстр": 1, "довол": 2, "рекоменд": 2,
        "советую": 2, "молодц": 2, "лучш": 1, "красив": 1, "приятн": 1, "удобн": 1, "восторг": 2, "шикарн": 2, "идеальн": 2,
        "вежлив": 1, "помогли": 1, "решили": 1, "радует": 1, "рад": 1, "рада": 1, "ура": 1, "браво": 2, "чудесн": 2, "всё работает": 1,
    ]

    /// Words that make a message colder, with their weight.
    static let negative: [String: Int] = [
        // English
        "bad": 1, "terrible": 2, "awful": 2, "horrible": 2, "worst": 2, "hate": 2, "disappoint": 2, "angry": 2, "annoy": 1,
        "broken": 2, "broke": 1, "wrong": 1, "late": 1, "delay": 1, "never arrived": 2, "still waiting": 2, "waste": 2, "scam": 2,
        "fraud": 2, "useless": 2, "rude": 2, "poor": 1, "problem": 1, "issue": 1, "complain": 2, "unacceptable": 2, "ridiculous": 2,
        "cold": 1, "missing": 1, "lost": 1, "damaged": 2, "charged twice": 2, "overcharg": 2, "cancel": 1, "refund": 1, "fail": 1,
        "error": 1, "bug": 1, "slow": 1, "dirty": 1, "expensive": 1, "unhappy": 2, "upset": 2, "frustrat": 2, "not happy": 2,
        "doesn't work": 2, "does not work": 2, "not working": 2, "can't": 1, "cannot": 1, "no one": 1, "nobody": 1, "ignored": 2,
        // Russian
        "плох": 1, "ужасн": 2, "отвратительн": 2, "кошмар": 2, "худш": 2, "ненавиж": 2, "разочаров": 2, "злюсь": 2, "злой": 1, "бесит": 2,
        "сломал": 2, "слома": 2, "не так": 1, "опоздал": 1, "задерж": 1, "до сих пор": 1, "не пришл": 2, "не приш": 2, "обман": 2,
        "мошенн": 2, "развод": 2, "хамств": 2, "хам": 2, "груб": 2, "проблем": 1, "жалоб": 2, "безобраз": 2, "невозможн": 1,
        "холодн": 1, "испорч": 2, "брак": 2, "бракован": 2, "списали дважды": 2, "верните": 2, "возврат": 1, "отмен": 1, "ошибк": 1,
        "глюч": 1, "медленн": 1, "грязн": 1, "дорог": 1, "недовол": 2, "расстро": 2, "возмущ": 2, "не работает": 2, "не могу": 1,
        "никто не": 2, "игнор": 2, "позор": 2, "отстой": 2, "фу": 1, "жесть": 1, "не отвечает": 2, "не отвечаете": 2,
    ]

    /// Words that ask for a quick answer whatever the mood.
    static let urgent: [String] = [
        // English
        "urgent", "asap", "immediately", "right now", "emergency", "refund", "chargeback", "lawyer", "court", "police",
        "doesn't work", "does not work", "not working", "can't log in", "cannot log in", "charged twice", "never arrived",
        "still waiting", "cancel my", "complaint", "allergic", "allergy", "food poisoning", "hacked", "stolen",
        // Russian
        "срочно", "немедленно", "как можно скорее", "прямо сейчас", "верните деньги", "возврат", "жалоб", "суд", "юрист",
        "роспотребнадзор", "полици", "не работает", "не могу войти", "не могу оплатить", "списали дважды", "не пришл",
        "до сих пор жду", "отравил", "аллерги", "взломал", "украли", "мошенн",
    ]

    /// Words that turn the next one or two around ("not good", "не понравилось").
    static let negations: Set<String> = ["not", "no", "never", "don't", "didn't", "isn't", "wasn't", "не", "нет", "ни", "никогда", "без"]
}
