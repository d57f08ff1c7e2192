import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Mastodon's answers, sorted into what the engine does next.
enum MastodonResponses {
    struct Status: Decodable {
        var id: String
        var url: String?
        var created_at: String?
    }

    struct Failure: Decodable {
        var error: String
    }

    /// Mastodon's timestamps: ISO 8601, usually with milliseconds.
    static func date(from text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }

    struct MediaAttachment: Decodable {
        var id: String
        var url: String?
    }

    /// An uploaded attachment (200 ready, 202 still processing), or what to do about a refusal.
    static func media(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) throws(PlatformError) -> MediaAttachment {
        let data = Data(buffer: body)
        guard (200..<300).contains(status.code) else { throw refusal(status: status, headers: headers, data: data, of: "the media") }
        guard let media = try? JSONDecoder().decode(MediaAttachment.self, from: data) else {
            throw .transient(message: "Mastodon said \(status.code) to the upload but sent no attachment")
        }
        return media
    }

    static func published(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) throws(PlatformError) -> PublishedPost {
        let data = Data(buffer: body)
        guard (200..<300).contains(status.code) else { throw refusal(status: status, headers: headers, data: data) }
        guard let decoded = try? JSONDecoder().decode(Status.self, from: data) else {
            throw .outcomeUnknown(message: "the server said \(status.code) but sent no status")
        }
        return PublishedPost(remoteID: decoded.id, url: decoded.url.flatMap(URL.init(string:)),
                             publishedAt: decoded.created_at.flatMap(Self.date(from:)) ?? Date())
    }

    /// What an answer outside 2xx means for the engine; `subject` names what was refused, if not the status.
    static func refusal(status: HTTPResponseStatus, headers: HTTPHeaders, data: Data, of subject: String? = nil) -> PlatformError {
        let message = (try? JSONDecoder().decode(Failure.self, from: data))?.error ?? "HTTP \(status.code)"
        switch status.code {
        case 401, 403:
            return .unauthorized(message: "Mastodon: \(message) — reconnect the channel")
        case 429:
            return .rateLimited(retryAfter: .seconds(headers.first(name: "Retry-After").flatMap(Int.init) ?? 60))
        case 400..<500:
            return .rejected(message: subject.map { "Mastodon refused \($0): \(message)" } ?? "Mastodon: \(message)")
        default:
            return .transient(message: "Mastodon: \(message)")
        }
    }
}
