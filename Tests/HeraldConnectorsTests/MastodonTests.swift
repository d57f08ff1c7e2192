import AsyncHTTPClient
import Foundation
import HeraldConnectors
import HeraldEmulators
import HeraldTestSupport
import NIOCore
import Testing

@Suite("Mastodon connector against the emulator (real HTTP on loopback)")
struct MastodonTests {
    /// Normal requests get a generous timeout (the suite runs in parallel on two cores); the
    /// "timeout after store" cases use a short client timeout against a much longer server delay.
    static func withEmulator(timeout: TimeAmount = .seconds(30),
                             _ body: (MastodonEmulator, MastodonPlatform, String) async throws -> Void) async throws {
        let emulator = MastodonEmulator()
        try await emulator.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let platform = MastodonPlatform(client: client, timeout: timeout) { request in
            try? ContractRecorder.record(request, file: "mastodon-connector")
        }
        let credential = ChannelCredential(accessToken: emulator.token, instanceURL: emulator.baseURL).encoded
        do {
            try await body(emulator, platform, credential)
        } catch {
            try? await client.shutdown()
            await emulator.stop()
            throw error
        }
        try await client.shutdown()
        await emulator.stop()
    }

    static func request(_ text: String = "Привет, федиверс! #herald", key: String = UUID().uuidString,
                        options: [String: String] = [:]) -> PublishRequest {
        PublishRequest(text: text, idempotencyKey: key, options: options)
    }

    @Test("publishes with the Idempotency-Key; a repeated key returns the same status")
    func publish() async throws {
        try await Self.withEmulator { emulator, platform, credential in
            let request = Self.request(options: ["visibility": "unlisted", "sensitive": "true", "spoiler_text": "спойлер"])
            let first = try await platform.publish(request, credential: credential)
            let again = try await platform.publish(request, credential: credential)
            #expect(first.remoteID == again.remoteID)
            #expect(emulator.posted.count == 1)
            #expect(emulator.posted.first?.visibility == "unlisted")
            #expect(first.url?.absoluteString.hasSuffix("/@herald/\(first.remoteID)") == true)
        }
    }

    @Test("the answer is lost after the server stored it: outcome unknown, and finding it does not post twice")
    func timeoutAfterStore() async throws {
        // The client gives up after 3 s, the server answers after 8: long enough apart for a loaded
        // machine (the whole suite runs in parallel on two cores) to still send the request in time.
        try await Self.withEmulator(timeout: .seconds(3)) { emulator, platform, credential in
            emulator.inject(.timeoutAfterStore(seconds: 8))
            let request = Self.request()
            do {
                _ = try await platform.publish(request, credential: credential)
                Issue.record("expected a timeout")
            } catch let error as PlatformError {
                guard case .outcomeUnknown = error else { Issue.record("got \(error)"); return }
            }
            // Reading the account (with a timeout for a loaded machine) finds it; nothing is sent again.
            let reader = MastodonPlatform(client: HTTPClient.shared, timeout: .seconds(30))
            let found = try await reader.findPublished(request, credential: credential)
            #expect(found?.remoteID == emulator.posted.first?.id)
            #expect(emulator.posted.count == 1, "one status in all")
        }
    }

    @Test("a server whose clock is years off: its status is still found by reading, never sent again, and kept with a believable time")
    func serverClockOff() async throws {
        for (label, clock) in [("1970", Date(timeIntervalSince1970: 0)), ("a year ahead", Date().addingTimeInterval(365 * 86_400))] {
            try await Self.withEmulator { emulator, platform, credential in
                emulator.clock = { clock }
                var request = Self.request()
                let sent = try await platform.publish(request, credential: credential)
                #expect(abs(sent.publishedAt.timeIntervalSinceNow) < 60, "\(label): kept as the time of reading")
                // Read back as after a lost answer: the implausible date neither ends the search nor hides it.
                request.lookup = PublishRequest.Lookup(sentAt: Date().addingTimeInterval(-5))
                let found = try await platform.findPublished(request, credential: credential)
                #expect(found?.remoteID == sent.remoteID, "\(label)")
                #expect(found.map { abs($0.publishedAt.timeIntervalSinceNow) < 60 } == true, "\(label)")
                #expect(emulator.posted.count == 1)
            }
        }
    }

    @Test("errors are classified: 429 with Retry-After, 503, 401, 422, unreachable")
    func errors() async throws {
        try await Self.withEmulator { emulator, platform, credential in
            emulator.inject(.rateLimit(retryAfterSeconds: 7))
            await #expect(throws: PlatformError.rateLimited(retryAfter: .seconds(7))) { try await platform.publish(Self.request(), credential: credential) }
            emulator.inject(.serverError)
            await #expect(throws: PlatformError.transient(message: "Service unavailable")) {
                try await platform.publish(Self.request(), credential: credential)
            }
            let wrong = ChannelCredential(accessToken: "stolen", instanceURL: emulator.baseURL).encoded
            await #expect(throws: PlatformError.unauthorized(message: "The access token is invalid")) {
                try await platform.publish(Self.request(), credential: wrong)
            }
            await #expect(throws: PlatformError.rejected(message: "Validation failed: Text character limit of 500 exceeded")) {
                try await platform.publish(Self.request(String(repeating: "a", count: 501)), credential: credential)
            }
            // An upload refused is classified the same way, naming what was refused; nothing is posted.
            let path = NSTemporaryDirectory() + "herald-upload-" + UUID().uuidString + ".txt"
            try Data("not an image".utf8).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            var withFile = Self.request()
            withFile.attachments = [Attachment(fileName: "notes.txt", mimeType: "text/plain", altText: nil, path: path)]
            await #expect(throws: PlatformError.rejected(message: "Validation failed: File content type is invalid")) {
                try await platform.publish(withFile, credential: credential)
            }
            await #expect(throws: PlatformError.unauthorized(message: "The access token is invalid")) {
                try await platform.publish(withFile, credential: wrong)
            }
            #expect(emulator.posted.isEmpty)
        }
        let nowhere = ChannelCredential(accessToken: "t", instanceURL: "http://127.0.0.1:1").encoded
        do {
            _ = try await MastodonPlatform(client: .shared, timeout: .seconds(2)).publish(Self.request(), credential: nowhere)
            Issue.record("expected a failure")
        } catch {
            guard case .transient = error else { Issue.record("unreachable should be transient, got \(error)"); return }
        }
    }
}
