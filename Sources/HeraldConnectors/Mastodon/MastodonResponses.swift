import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Mastodon's answers, sorted into what the engine does next. Every body is decoded with
/// `JSONDecoder` into plain structs; anything unexpected is a clear `PlatformError`, never a trap.
enum MastodonResponses {
    struct Status: Decodable {
        var id: String
        var url: String?
        var created_at: String?
        var content: String?
        var media_attachments: [Attachment]?
        var in_reply_to_id: String?
        var in_reply_to_account_id: String?
        var visibility: String?
        var account: Account?
        var favourites_count: Int?
        var reblogs_count: Int?
        var replies_count: Int?

        struct Attachment: Decodable { var id: String }

        var createdAt: Date? { created_at.flatMap(MastodonResponses.date(from:)) }
        var mediaCount: Int { media_attachments?.count ?? 0 }
    }

    struct Account: Decodable {
        var id: String
        var acct: String?
        var display_name: String?
        var followers_count: Int?
        var following_count: Int?
        var statuses_count: Int?
    }

    struct Notification: Decodable {
        var id: String
        var type: String
        var created_at: String?
        var account: Account?
        var status: Status?
    }

    static func notifications(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> [Notification] {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let notifications = try? JSONDecoder().decode([Notification].self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no list of notifications")
        }
        return notifications
    }

    /// One entry of `GET /api/v1/accounts/relationships`: whether that account follows ours.
    struct Relationship: Decodable {
        var id: String
        var followed_by: Bool?
    }

    static func relationships(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> [Relationship] {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let list = try? JSONDecoder().decode([Relationship].self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no list of relationships")
        }
        return list
    }

    /// One status, or nil when the server says it is gone (404).
    static func status(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> Status? {
        if answer.status.code == 404 { return nil }
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let status = try? JSONDecoder().decode(Status.self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no status")
        }
        return status
    }

    struct Context: Decodable {
        var descendants: [Status]
    }

    static func context(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> Context {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let context = try? JSONDecoder().decode(Context.self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no context")
        }
        return context
    }

    struct Failure: Decodable {
        var error: String
        var error_description: String?
    }

    struct MediaAttachment: Decodable {
        var id: String
        var url: String?
    }

    /// Mastodon's timestamps: ISO 8601, usually with milliseconds; as written (what is kept or
    /// compared goes through `PlatformHTTP.date` or `.plausible`).
    static func date(from text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    /// An uploaded attachment (200 ready, 202 still processing), or what to do about a refusal.
    static func media(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> MediaAttachment {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let media = try? JSONDecoder().decode(MediaAttachment.self, from: answer.data) else {
            throw .transient(message: "Mastodon said \(answer.status.code) to the upload but sent no attachment")
        }
        return media
    }

    static func published(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> PublishedPost {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let decoded = try? JSONDecoder().decode(Posted.self, from: answer.data), isID(decoded.id) else {
            throw .outcomeUnknown(message: "the server said \(answer.status.code) but sent no status")
        }
        return PublishedPost(remoteID: decoded.id, url: decoded.url.flatMap(URL.init(string:)),
                             publishedAt: PlatformHTTP.date(decoded.created_at.flatMap(date(from:))))
    }

    /// An id as Mastodon-API servers write them (Mastodon's digits, GoToSocial's and Akkoma's
    /// letters and digits): what Herald keeps and later puts in a request's path. Anything else
    /// in an answer is an odd answer, never an id.
    static func isID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// What the engine keeps of a status it has just sent: only these three fields of the answer
    /// are decoded, not its account, attachments and counts (half the decoding work per post).
    struct Posted: Decodable {
        var id: String
        var url: String?
        var created_at: String?
    }

    static func account(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> Account {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let account = try? JSONDecoder().decode(Account.self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no account")
        }
        return account
    }

    static func statuses(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> [Status] {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
        guard let statuses = try? JSONDecoder().decode([Status].self, from: answer.data) else {
            throw .transient(message: "Mastodon sent no list of statuses")
        }
        return statuses
    }

    /// Nothing but a 2xx will do.
    static func check(_ answer: PlatformHTTP.Answer) throws(PlatformError) {
        guard (200..<300).contains(answer.status.code) else { throw refusal(answer) }
    }

    /// What an answer outside 2xx means for the engine, with the server's own words.
    static func refusal(_ answer: PlatformHTTP.Answer) -> PlatformError {
        let failure = try? JSONDecoder().decode(Failure.self, from: answer.data)
        // OAuth endpoints answer {"error":"invalid_grant","error_description":"…"}.
        let message = failure?.error_description ?? failure?.error ?? "HTTP \(answer.status.code)"
        switch answer.status.code {
        case 401, 403:
            return .unauthorized(message: message)
        case 429:
            return .rateLimited(retryAfter: answer.retryAfter ?? .seconds(60))
        case 400..<500:
            return .rejected(message: message)
        default:
            return .transient(message: message)
        }
    }
}
