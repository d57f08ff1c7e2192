import Foundation

/// What a Sandbox post is, as its audience sees it.
public enum SandboxContentType: String, CaseIterable, Codable, Sendable {
    case text, image, video, link

    /// As analytics sees the post (`ContentKind`), with one image and several alike.
    public static func of(text: String, media: [MediaItem], link: String? = nil) -> SandboxContentType {
        switch ContentKind.of(text: text, media: media.map(\.format), link: link) {
        case .text: .text
        case .image, .gallery: .image
        case .video: .video
        case .link: .link
        }
    }
}

/// The kind of image, read from its format: photographs travel as JPEG, graphics (cards,
/// infographics, screenshots) as PNG or WebP, animations as GIF.
public enum SandboxImageType: String, CaseIterable, Codable, Sendable {
    case photo, graphic, animation

    public static func of(media: [MediaItem]) -> SandboxImageType? {
        guard let first = media.first(where: { !$0.format.isVideo }) else { return nil }
        switch first.format {
        case .jpeg: return .photo
        case .png, .webp: return .graphic
        case .gif: return .animation
        case .mp4: return nil
        }
    }
}

public enum SandboxEventKind: String, CaseIterable, Codable, Sendable {
    case like, share, comment, click, message, follow
}

/// One thing a simulated follower did.
public struct SandboxEvent: Sendable, Equatable {
    public var kind: SandboxEventKind
    public var at: Date
    public var author: String
    /// Comments and direct messages have words.
    public var text: String?

    public init(kind: SandboxEventKind, at: Date, author: String, text: String? = nil) {
        self.kind = kind
        self.at = at
        self.author = author
        self.text = text
    }
}

/// The simulated audience of one Sandbox account: how many follow it, when in the week they
/// are about (in their own time zone), and what they like — by content type and by image type.
/// Everything derives from the account name, so an account keeps its personality, and the
/// events of a post are drawn hour by hour from seeds of their own: simulating up to 14:00
/// and then up to 15:00 gives exactly the events of simulating up to 15:00 at once.
public struct SandboxAudience: Sendable, Equatable {
    public var followers: Int
    public var zone: TimeZone
    /// 168 weights in [0, 1], by local hour of the week, Monday 00:00 first.
    public var activity: [Double]
    public var contentAffinity: [SandboxContentType: Double]
    public var imageAffinity: [SandboxImageType: Double]

    /// How long a post keeps drawing attention.
    public static let lifetime: TimeInterval = 72 * 3600

    public init(followers: Int, zone: TimeZone, activity: [Double], contentAffinity: [SandboxContentType: Double],
                imageAffinity: [SandboxImageType: Double]) {
        precondition(activity.count == 168)
        self.followers = followers
        self.zone = zone
        self.activity = activity
        self.contentAffinity = contentAffinity
        self.imageAffinity = imageAffinity
    }

    public static func forAccount(_ account: String) -> SandboxAudience {
        var rng = SeededRandom(seed: StableHash.of(account))
        let zones = ["Europe/Moscow", "Europe/Berlin", "America/New_York", "Asia/Yekaterinburg"]
        let zone = TimeZone(identifier: zones[Int(rng.next() % UInt64(zones.count))]) ?? .gmt
        let shift = Int(rng.next() % 4) - 1  // this crowd's evening starts an hour early … two late
        var activity: [Double] = []
        for day in 0..<7 {
            let weekend = day >= 5
            for hour in 0..<24 {
                let h = (hour - shift + 24) % 24
                let base: Double = switch h {
                case 0..<6: 0.04
                case 6..<9: weekend ? 0.15 : 0.55
                case 9..<12: weekend ? 0.75 : 0.35
                case 12..<14: 0.65
                case 14..<18: weekend ? 0.6 : 0.3
                case 18..<22: weekend ? 0.7 : 1.0
                default: 0.25
                }
                activity.append(min(1, base * (0.85 + 0.3 * rng.unit())))
            }
        }
        var content: [SandboxContentType: Double] = [:]
        for type in SandboxContentType.allCases { content[type] = 0.4 + 1.3 * rng.unit() }
        var images: [SandboxImageType: Double] = [:]
        for type in SandboxImageType.allCases { images[type] = 0.5 + 1.1 * rng.unit() }
        return SandboxAudience(followers: 400 + Int(rng.next() % 4600), zone: zone, activity: activity,
                               contentAffinity: content, imageAffinity: images)
    }

    /// How active the audience is at `date` (0…1).
    public func activity(at date: Date) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.weekday, .hour], from: date)
        let mondayFirst = ((parts.weekday ?? 2) + 5) % 7  // Calendar: Sunday = 1
        return activity[mondayFirst * 24 + (parts.hour ?? 0)]
    }

    /// How much attention a post published at `postedAt` can expect over its lifetime, in the units
    /// `events` draws likes from (before content appeal): the truth best-time analysis should find.
    public func expectedAttention(postedAt: Date) -> Double {
        var total = 0.0
        for hour in 0..<Int(Self.lifetime / 3600) {
            let middle = postedAt.addingTimeInterval(Double(hour) * 3600 + 1800)
            total += activity(at: middle) * exp(-Double(hour) / 9)
        }
        return total
    }

    /// The events of a post published at `postedAt` that happen in `(from, to]`.
    public func events(post key: String, postedAt: Date, content: SandboxContentType, image: SandboxImageType?,
                       russian: Bool, from: Date, to: Date) -> [SandboxEvent] {
        let end = min(to, postedAt.addingTimeInterval(Self.lifetime))
        guard end > from else { return [] }
        let firstHour = max(0, Int((from.timeIntervalSince(postedAt) / 3600).rounded(.down)))
        let lastHour = Int((end.timeIntervalSince(postedAt) / 3600).rounded(.down))
        guard firstHour <= lastHour else { return [] }
        let appeal = (contentAffinity[content] ?? 1) * (image.flatMap { imageAffinity[$0] } ?? 1)
        var events: [SandboxEvent] = []
        for hour in firstHour...lastHour {
            let start = postedAt.addingTimeInterval(Double(hour) * 3600)
            var rng = SeededRandom(seed: StableHash.of("\(key)#\(hour)"))
            let seen = Double(followers) * 0.3 * activity(at: start.addingTimeInterval(1800)) * exp(-Double(hour) / 9)
            let likes = seen * 0.05 * appeal
            let rates: [(SandboxEventKind, Double)] = [
                (.like, likes), (.share, likes * 0.12), (.comment, likes * 0.07),
                (.click, content == .link ? seen * 0.04 * appeal : 0), (.message, seen * 0.0015), (.follow, seen * 0.004 * appeal),
            ]
            for (kind, rate) in rates {
                for _ in 0..<rng.poisson(rate) {
                    let at = start.addingTimeInterval(3600 * rng.unit())
                    let author = SandboxVoices.name(rng.next(), russian: russian)
                    let text: String? = switch kind {
                    case .comment: SandboxVoices.comment(rng.next(), russian: russian)
                    case .message: SandboxVoices.message(rng.next(), russian: russian)
                    default: nil
                    }
                    if at > from && at <= end { events.append(SandboxEvent(kind: kind, at: at, author: author, text: text)) }
                }
            }
        }
        return events.sorted { $0.at < $1.at }
    }
}

/// FNV-1a: a hash that is the same in every process (Swift's `Hasher` is seeded per run).
public enum StableHash {
    public static func of(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// SplitMix64: small, fast, and reproducible from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A Poisson draw: Knuth's method for small means, a rounded normal for large ones.
    public mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 40 {
            let u1 = max(unit(), 1e-12), u2 = unit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return max(0, Int((mean + normal * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var product = unit(), count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }
}

/// What the simulated followers say, as an inbox would receive it (`herald bench inbox` feeds these in).
public enum SandboxInboxSample {
    /// The `index`-th thing someone writes: a comment or a direct message, in English or Russian, from one of many people.
    public static func item(_ index: Int, seed: UInt64 = 7) -> (authorID: String, authorName: String, text: String, message: Bool) {
        var r = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 &+ seed
        r ^= r >> 31
        let russian = r % 2 == 0, message = r % 5 == 0
        let person = Int((r >> 8) % 20_000)
        let name = SandboxVoices.name(r >> 16, russian: russian) + "_\(person)"
        let text = message ? SandboxVoices.message(r >> 24, russian: russian) : SandboxVoices.comment(r >> 24, russian: russian)
        return ("sandbox:\(name)", "@" + name, text, message)
    }
}

/// Names and words of the simulated followers, in English and Russian.
enum SandboxVoices {
    static let names = ["alex_walks", "maria.k", "sam_codes", "jules", "dana_draws", "mike.ryan", "priya_s", "tom_b", "lena.art", "chris_p"]
    static let namesRU = ["anna_sm", "dmitry.v", "olga_k", "ivan_petrov", "katya.art", "sergey_m", "natasha.f", "pavel_k", "yulia.b", "misha_t"]
    static let comments = ["Love this!", "Great idea 👏", "Where can I get one?", "So true", "Can't wait!", "This made my day",
                           "Is it available in blue?", "🔥🔥🔥", "Saved for later", "How much is it?"]
    static let commentsRU = ["Класс!", "Отличная идея 👏", "А где купить?", "Согласна", "Жду с нетерпением!", "Сделали мой день",
                             "А есть другого цвета?", "🔥🔥🔥", "Сохранила", "Сколько стоит?"]
    static let messages = ["Hi! Do you deliver on Sundays?", "My order #4411 hasn't arrived, can you help?",
                           "Are you hiring? Who should I write to?", "Can I return an item bought last week?",
                           "Hello, is there a discount for students?", "The link in your post doesn't open for me"]
    static let messagesRU = ["Здравствуйте! Доставляете по воскресеньям?", "Мой заказ №4411 не пришёл, помогите, пожалуйста",
                             "У вас есть вакансии? Кому написать?", "Можно вернуть товар, купленный на прошлой неделе?",
                             "Добрый день, есть скидка для студентов?", "Ссылка в посте у меня не открывается"]

    static func name(_ r: UInt64, russian: Bool) -> String { pick(russian ? namesRU : names, r) }
    static func comment(_ r: UInt64, russian: Bool) -> String { pick(russian ? commentsRU : comments, r) }
    static func message(_ r: UInt64, russian: Bool) -> String { pick(russian ? messagesRU : messages, r) }
    private static func pick(_ list: [String], _ r: UInt64) -> String { list[Int(r % UInt64(list.count))] }
}
