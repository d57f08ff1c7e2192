import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Publishes statuses to a Mastodon server. Every attempt carries the publication's
/// `Idempotency-Key`, a second line of defence only: after an unknown outcome Herald reads the
/// account's statuses (`findPublished`) before it sends again, because a server forgets keys
/// after an hour — and other servers that speak this API never had them.
public struct MastodonPlatform: SocialPlatform {
    public let platform: Platform = .mastodon
    public let connectFlow: ConnectFlow = .token
    public let canFindPublished = true
    public let docsPage = "docs/platforms/mastodon.md"
    let http: PlatformHTTP
    /// How long to wait for media Mastodon processes in the background.
    public var mediaPolls = 30
    public var mediaPollInterval: Duration = .seconds(1)
    /// How much earlier than Herald's clock a status may carry its time (the server's clock).
    public var clockSkew: TimeInterval = 300
    /// At most this many pages of 40 statuses are read when looking for a post.
    public var lookupPages = 5

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil,
                outbound: OutboundGuard? = nil) {
        http = PlatformHTTP(client: client, timeout: timeout, recorder: recorder, outbound: outbound)
    }

    struct Account {
        var instance: String
        var token: String

        func url(_ path: String) -> String { instance.trimmingSuffix("/") + path }

        var headers: HTTPHeaders { ["Authorization": "Bearer \(token)"] }
    }

    func account(_ credential: String) throws(PlatformError) -> Account {
        let stored = ChannelCredential.parse(credential)
        guard let instance = stored.instanceURL, !stored.accessToken.isEmpty else {
            throw .unauthorized(message: "the channel has no Mastodon server or token; reconnect it")
        }
        return Account(instance: instance, token: stored.accessToken)
    }

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let account = try account(credential)
        let mediaIDs: [String]
        if let uploaded = request.uploadedMedia { mediaIDs = uploaded } else { mediaIDs = try await upload(request.attachments, account: account) }
        let body = MastodonRequests.status(request, mediaIDs: mediaIDs)
        let bytes: Data
        do { bytes = try body.encoded() } catch { throw .rejected(message: "could not encode the status") }
        var headers = account.headers
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Idempotency-Key", value: request.idempotencyKey)
        // The published Mastodon spec cannot validate a status with both text and media: its `oneOf`
        // (TextStatus | MediaStatus | PollStatus) matches two branches. Those are recorded under
        // another name, left unchecked by the contract checker; MastodonPublishingTests asserts them.
        let record: JSONValue = ["platform": mediaIDs.isEmpty ? "mastodon" : "mastodon-media-status", "method": "POST",
                                 "path": "/api/v1/statuses", "json": body]
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, account.url("/api/v1/statuses"), headers: headers, body: ByteBuffer(data: bytes),
                                         record: record)
        } catch {
            throw PlatformHTTP.platformError(error, writes: true, place: account.instance)
        }
        return try MastodonResponses.published(answer)
    }

    /// Uploads the attachments (`POST /api/v2/media`), waiting for ones Mastodon processes in the
    /// background (202) to be ready; returns their ids in order. An upload that fails publishes
    /// nothing, so its errors are never "unknown": at worst the server keeps an unused file.
    func upload(_ attachments: [Attachment], account: Account) async throws(PlatformError) -> [String] {
        var ids: [String] = []
        for attachment in attachments {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: attachment.path)) } catch {
                throw .rejected(message: "the file “\(attachment.fileName)” is missing from the media library")
            }
            let (contentType, body) = MastodonRequests.media(attachment, data: data)
            var headers = account.headers
            headers.add(name: "Content-Type", value: contentType)
            var answer = try await exchange(.POST, account.url("/api/v2/media"), headers: headers, body: ByteBuffer(data: body))
            var media = try MastodonResponses.media(answer)
            var polls = 0
            while answer.status.code == 202 || media.url == nil {
                polls += 1
                guard polls <= mediaPolls else { throw .transient(message: "Mastodon is still processing “\(attachment.fileName)”") }
                try? await Task.sleep(for: mediaPollInterval)
                answer = try await exchange(.GET, account.url("/api/v1/media/\(media.id)"), headers: account.headers,
                                            record: ["platform": "mastodon", "method": "GET", "path": .string("/api/v1/media/\(media.id)")])
                media = try MastodonResponses.media(answer)
            }
            ids.append(media.id)
        }
        return ids
    }

    /// A request whose failure publishes nothing: any transport failure is a passing fault.
    func exchange(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders, body: ByteBuffer? = nil,
                  record: JSONValue? = nil) async throws(PlatformError) -> PlatformHTTP.Answer {
        do {
            return try await http.send(method, url, headers: headers, body: body, record: record)
        } catch {
            throw PlatformHTTP.platformError(error, writes: false, place: URL(string: url)?.host ?? "Mastodon")
        }
    }

    /// `verify_credentials`: the token works on this server, and whose it is.
    public func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String {
        let account = try account(credential.encoded)
        let me = try MastodonResponses.account(try await exchange(
            .GET, account.url("/api/v1/accounts/verify_credentials"), headers: account.headers,
            record: ["platform": "mastodon", "method": "GET", "path": "/api/v1/accounts/verify_credentials"]))
        let host = URL(string: account.instance)?.host ?? account.instance
        return "@\(me.acct ?? me.id)@\(host)"
    }

    /// Reads the account's statuses since the earlier attempt went out and looks for this one:
    /// the same text (Mastodon's HTML reduced to text), the same number of attachments, not
    /// already another publication's. Nil when it is not there; an error when the server cannot
    /// be read (the publication stays unknown and is looked for again).
    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let account = try account(credential)
        let me = try MastodonResponses.account(try await exchange(
            .GET, account.url("/api/v1/accounts/verify_credentials"), headers: account.headers,
            record: ["platform": "mastodon", "method": "GET", "path": "/api/v1/accounts/verify_credentials"]))
        let since = (request.lookup?.sentAt ?? .distantPast).addingTimeInterval(-clockSkew)
        let wanted = MastodonText.comparable(request.text)
        var maxID: String?
        for _ in 0..<lookupPages {
            let path = "/api/v1/accounts/\(me.id)/statuses?limit=40&exclude_reblogs=true" + (maxID.map { "&max_id=\($0)" } ?? "")
            let page = try MastodonResponses.statuses(try await exchange(
                .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
            for status in page {
                // Newest first: a (plausible) date before the send means the rest is older still.
                if let created = PlatformHTTP.plausible(status.createdAt), created < since { return nil }
                guard !(request.lookup?.claimedRemoteIDs.contains(status.id) ?? false),
                      status.mediaCount == request.attachments.count,
                      MastodonText.comparable(MastodonText.plain(fromHTML: status.content)) == wanted else { continue }
                let created = PlatformHTTP.date(status.createdAt)
                let match = "found status \(status.id) by its text and \(status.mediaCount) attachment(s), "
                    + "created \(created.formatted(.iso8601))"
                return PublishedPost(remoteID: status.id, url: status.url.flatMap(URL.init(string:)), publishedAt: created, match: match)
            }
            guard let last = page.last, page.count == 40 else { return nil }
            maxID = last.id
        }
        return nil
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

extension MastodonPlatform: MediaUploading {
    public func uploadMedia(_ attachments: [Attachment], credential: String) async throws(PlatformError) -> [String] {
        try await upload(attachments, account: try account(credential))
    }
}
