import AsyncHTTPClient
import Foundation
import HeraldConnectors
import NIOCore
import NIOFoundationCompat

/// The PDS `scripts/test` starts, and plain reads of it (not through the connector under test).
public enum BlueskyPeer {
    public static let url = ProcessInfo.processInfo.environment["HERALD_TEST_BLUESKY_PDS"].flatMap { $0.isEmpty ? nil : $0 }
    public static let password = ProcessInfo.processInfo.environment["HERALD_TEST_BLUESKY_PASSWORD"] ?? "app-pass-1234"
    public static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    public static func platform(timeout: TimeAmount) -> BlueskyPlatform {
        BlueskyPlatform(client: client, timeout: timeout) { try? ContractRecorder.record($0, file: "bluesky-connector") }
    }

    public static func with(service: String? = nil, timeout: TimeAmount = .seconds(20),
                     _ body: (BlueskyPlatform, String, Reader) async throws -> Void) async throws {
        let url = try url.orThrow("HERALD_TEST_BLUESKY_PDS is not set")
        let platform = platform(timeout: timeout)
        let credential = try await platform.connect(identifier: "alice.test", appPassword: password, service: service ?? url)
        guard credential.account == "did:web:alice.test", credential.handle == "alice.test", credential.appPassword == password else {
            throw PeerFailure("the PDS signed in someone else: \(credential.account ?? "?")")
        }
        try await body(platform, credential.encoded, Reader(service: url))
    }

    /// A file of `bytes` in the temporary directory, removed when the test process exits.
    public static func file(_ bytes: [UInt8], _ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "herald-bsky-\(UUID().text)-\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        peerFilesLock.withLock {
            if peerFiles.isEmpty {
                atexit { peerFilesLock.withLock { for file in peerFiles { try? FileManager.default.removeItem(atPath: file) } } }
            }
            peerFiles.append(path)
        }
        return path
    }

    public struct Reader: Sendable {
        public let service: String

        public init(service: String) { self.service = service }

        public func get(_ nsid: String, _ query: String) async throws -> (Int, JSONValue) {
            var request = HTTPClientRequest(url: "\(service)/xrpc/\(nsid)?\(query)")
            request.method = .GET
            let answer = try await BlueskyPeer.client.execute(request, timeout: .seconds(20))
            let body = try await answer.body.collect(upTo: 8 << 20)
            return (Int(answer.status.code), try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)))
        }

        /// The record's value, or nil when the PDS says there is none.
        public func record(_ address: ATURI) async throws -> JSONValue? {
            let (status, body) = try await get("com.atproto.repo.getRecord",
                                               "repo=\(address.repo)&collection=\(address.collection)&rkey=\(address.rkey)")
            if status == 400, body["error"] == "RecordNotFound" { return nil }
            return body["value"]
        }

        /// Every post in the account's repository, each once. (This PDS's `listRecords` cursor is
        /// inclusive — the last record of a page comes again first on the next — so records are
        /// keyed by their address.)
        public func posts() async throws -> [JSONValue] {
            var all: [String: JSONValue] = [:]
            var order: [String] = []
            var cursor: String?
            repeat {
                let (_, body) = try await get("com.atproto.repo.listRecords",
                                              "repo=did:web:alice.test&collection=app.bsky.feed.post&limit=100" + (cursor.map { "&cursor=\($0)" } ?? ""))
                let page = body["records"]?.arrayValue ?? []
                for record in page {
                    guard let uri = record["uri"]?.stringValue, all[uri] == nil else { continue }
                    all[uri] = record
                    order.append(uri)
                }
                let next = page.count == 100 ? body["cursor"]?.stringValue : nil
                cursor = next == cursor ? nil : next
            } while cursor != nil
            return order.compactMap { all[$0] }
        }
    }
}

public struct PeerFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw PeerFailure(message) }
        return self
    }
}

/// Files made for the peer's tests, removed at exit (under `peerFilesLock`).
nonisolated(unsafe) private var peerFiles: [String] = []
private let peerFilesLock = NSLock()
