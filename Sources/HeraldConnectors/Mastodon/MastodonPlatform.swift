import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Publishes statuses to a Mastodon server. Every attempt carries the publication's
/// `Idempotency-Key`: Mastodon answers a repeated key with the status it already made, so
/// resending after an unknown outcome cannot post twice (within the server's one-hour window).
public struct MastodonPlatform: SocialPlatform {
    public let platform: Platform = .mastodon
    let client: HTTPClient
    let timeout: TimeAmount
    let recorder: (@Sendable (JSONValue) -> Void)?

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil) {
        self.client = client
        self.timeout = timeout
        self.recorder = recorder
    }

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let stored = ChannelCredential.parse(credential)
        guard let instance = stored.instanceURL, !stored.accessToken.isEmpty else {
            throw .unauthorized(message: "the channel has no Mastodon server or token; reconnect it")
        }
        let body = MastodonRequests.status(request)
        recorder?(["platform": "mastodon", "method": "POST", "path": "/api/v1/statuses", "json": body])
        var http = HTTPClientRequest(url: instance.trimmingSuffix("/") + "/api/v1/statuses")
        http.method = .POST
        http.headers.add(name: "Authorization", value: "Bearer \(stored.accessToken)")
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Idempotency-Key", value: request.idempotencyKey)
        do {
            http.body = .bytes(ByteBuffer(bytes: Array(try body.encoded())))
        } catch {
            throw .rejected(message: "could not encode the status")
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(http, timeout: timeout)
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw .transient(message: "cannot reach \(instance): \(error)")  // nothing was sent
        } catch {
            // Refused or unresolvable: nothing was sent. Anything else (read timeout, connection
            // lost after sending) may have reached the server: the outcome is unknown.
            let text = String(describing: error)
            if text.contains("connectRefused") || text.contains("Connection refused") || text.contains("NIOConnectionError") {
                throw .transient(message: "cannot reach \(instance): \(error)")
            }
            throw .outcomeUnknown(message: "no answer from \(instance): \(error)")
        }
        return try MastodonResponses.published(status: response.status, headers: response.headers, body: bytes)
    }

    /// Mastodon cannot be asked by idempotency key, but answers a repeated key with the stored
    /// status: repeating the request is how to find it (and makes it, exactly once, if it is missing).
    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        try await publish(request, credential: credential)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
