import Foundation
import Vapor

/// A web site on loopback serving fixed pages and files: what a link in a post points to (its
/// page with Open Graph tags, its picture), so connectors that build link cards are tested over HTTP.
public final class StaticSite: @unchecked Sendable {
    private let files: [String: (type: String, body: Data)]
    private let lock = NSLock()
    private var served: [String] = []
    private var app: Application?
    public private(set) var baseURL = ""

    /// `files`: path (starting with "/") → content type and bytes.
    public init(_ files: [String: (type: String, body: Data)]) {
        self.files = files
    }

    public var requests: [String] { lock.withLock { served } }

    public func start() async throws {
        (app, baseURL) = try await Loopback.start { app in
            app.on(.GET, "**") { [weak self] req -> Response in
                guard let self else { return Response(status: .serviceUnavailable) }
                let path = req.url.path
                self.lock.withLock { self.served.append(path) }
                guard let file = self.files[path] else { return Response(status: .notFound) }
                return Response(status: .ok, headers: ["Content-Type": file.type], body: .init(data: file.body))
            }
        }
    }

    public func stop() async {
        await Loopback.stop(app)
        app = nil
    }
}
