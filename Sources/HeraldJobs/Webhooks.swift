import AsyncHTTPClient
import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore
import NIOCore
import NIOHTTP1

/// What a workspace's webhook receives when a publication is published or fails for good.
public struct WebhookEvent: Codable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var createdAt: Date
    public var workspaceID: UUID
    public var postID: UUID
    public var channelID: UUID
    public var channelName: String
    public var platform: String
    public var publicationID: UUID
    public var remoteID: String?
    public var url: String?
    /// Why it failed: a `PublicationProblem` code (`rejected`, `needs_reconnect`, …).
    public var problem: String?
    /// The platform's own words, when it gave any.
    public var platformMessage: String?

    enum CodingKeys: String, CodingKey {
        case id, type, platform, url, problem
        case platformMessage = "platform_message"
        case createdAt = "created_at", workspaceID = "workspace_id", postID = "post_id", channelID = "channel_id"
        case channelName = "channel_name", publicationID = "publication_id", remoteID = "remote_id"
    }

    public static let published = "publication.published"
    public static let failed = "publication.failed"

    init?(state: PublicationState, context: PublishContext, now: Date = Date()) {
        guard let channelID = context.channel.id, context.workspace.webhookURL != nil else { return nil }
        let publicationID = context.publicationID, postID = context.postID
        switch state {
        case .published(let remoteID, let url, _):
            (type, self.remoteID, self.url, problem, platformMessage) = (Self.published, remoteID, url, nil, nil)
        case .failed(let problem, let message):
            (type, remoteID, url, self.problem, platformMessage) = (Self.failed, nil, nil, problem.rawValue, message)
        default:
            return nil
        }
        id = "\(publicationID.text.lowercased()):\(type)"
        createdAt = now
        workspaceID = context.workspaceID
        self.postID = postID
        self.channelID = channelID
        channelName = context.channel.name
        platform = context.channel.platformName
        self.publicationID = publicationID
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

/// Webhook deliveries are jobs: written in the same transaction as the outcome they report (so
/// none is lost), retried with backoff, signed with the workspace's secret (`WebhookSignature`).
public enum Webhooks {
    public static let kind = "webhook"

    static func enqueue(_ event: WebhookEvent, workspace: Workspace, now: Date, on database: any Database) async throws {
        let payload = String(decoding: try WebhookEvent.encoder.encode(event), as: UTF8.self)
        try await JobStore.enqueue(kind: kind, payload: payload, dedupeKey: "webhook:\(event.id)", runAt: now, priority: 5,
                                   maxAttempts: 10, now: now, on: database)
    }

    /// Delivers due webhook jobs; returns how many it took.
    @discardableResult
    public static func deliver(queue: JobQueue, box: SecretBox, client: HTTPClient, outbound: OutboundGuard? = nil, limit: Int = 10,
                               now: Date = Date(), on database: any Database) async throws -> Int {
        let jobs = try await queue.take(limit: limit, kinds: [kind], now: now, on: database)
        for job in jobs {
            let event = try? JSONDecoder.iso8601.decode(WebhookEvent.self, from: Data(job.payload.utf8))
            guard let event, let workspace = try await Workspace.find(event.workspaceID, on: database),
                  let url = workspace.webhookURL, let secret = try? workspace.openWebhookSecret(with: box) else {
                try await queue.succeeded(job, now: now, on: database)  // webhook removed since: nothing to deliver
                continue
            }
            // Checked again at send time: the name may point somewhere else since it was saved.
            if let outbound {
                do { try await outbound.check(url) } catch {
                    try await queue.failed(job, error: "webhook address is private or local", retryable: false, now: now, on: database)
                    continue
                }
            }
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            let body = Data(job.payload.utf8)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "Herald-Webhooks/1")
            request.headers.add(name: "Herald-Event", value: event.type)
            request.headers.add(name: "Herald-Delivery", value: event.id)
            request.headers.add(name: WebhookSignature.header,
                                value: WebhookSignature.sign(body: body, secret: secret, timestamp: Int(Date().timeIntervalSince1970)))
            request.body = .bytes(ByteBuffer(data: body))
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) {
                    try await queue.succeeded(job, now: now, on: database)
                } else {
                    try await queue.failed(job, error: "webhook answered HTTP \(response.status.code)", retryable: true, now: now,
                                           on: database)
                }
            } catch {
                try await queue.failed(job, error: "webhook unreachable: \(PlatformHTTP.describe(error))", retryable: true, now: now,
                                       on: database)
            }
        }
        return jobs.count
    }
}

extension JSONDecoder {
    static let iso8601: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
