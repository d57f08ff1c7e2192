import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// XRPC over `PlatformHTTP` against one PDS: queries (GET with parameters), procedures (POST with
/// a JSON input) and blob uploads. Each request is recorded for the contract checker as the
/// lexicon sees it; each answer is decoded or sorted into a `PlatformError`, never trusted blindly.
struct BlueskyXRPC: Sendable {
    let http: PlatformHTTP
    /// The PDS, without a trailing slash (`https://bsky.social`, `http://127.0.0.1:2583`).
    let service: String

    /// An XRPC error body: `{"error": "ExpiredToken", "message": "…"}`.
    struct Failure: Decodable {
        var error: String?
        var message: String?
    }

    /// What a request does to the account if it fails without an answer.
    enum Effect {
        /// Reads, logins, blob uploads: a lost answer changed nothing anyone sees; retry.
        case none
        /// Writes a record: a lost answer leaves the outcome unknown.
        case writes
    }

    func url(_ nsid: String, _ parameters: [(String, String)] = []) -> String {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        let query = parameters.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        return "\(service)/xrpc/\(nsid)\(query)"
    }

    /// Where the PDS sends what it does not hold itself (the `atproto-proxy` header).
    static let appView = "did:web:api.bsky.app#bsky_appview"
    static let chat = "did:web:api.bsky.chat#bsky_chat"

    func query(_ nsid: String, _ parameters: [(String, String)] = [], token: String?, proxy: String? = nil) async throws(PlatformError)
        -> JSONValue
    {
        let record: JSONValue = ["platform": "bluesky", "nsid": .string(nsid), "json": [:],
                                 "params": .object(Dictionary(parameters.map { ($0.0, JSONValue.string($0.1)) }, uniquingKeysWith: { $1 }))]
        return try await exchange(.GET, url(nsid, parameters), token: token, body: nil, contentType: nil, record: record, effect: .none,
                                  proxy: proxy)
    }

    func procedure(_ nsid: String, input: JSONValue, token: String?, effect: Effect = .none, proxy: String? = nil) async throws(PlatformError)
        -> JSONValue
    {
        let bytes: Data
        do { bytes = try input.encoded() } catch { throw .rejected(message: "the request to \(nsid) could not be encoded") }
        return try await exchange(.POST, url(nsid), token: token, body: ByteBuffer(data: bytes), contentType: "application/json",
                                  record: ["platform": "bluesky", "nsid": .string(nsid), "json": input], effect: effect, proxy: proxy)
    }

    /// `com.atproto.repo.uploadBlob`: the bytes as the body, their type as `Content-Type`; answers the blob reference.
    func uploadBlob(_ data: Data, mimeType: String, token: String) async throws(PlatformError) -> JSONValue {
        let answer = try await exchange(.POST, url("com.atproto.repo.uploadBlob"), token: token, body: ByteBuffer(data: data),
                                        contentType: mimeType,
                                        record: ["platform": "bluesky", "nsid": "com.atproto.repo.uploadBlob", "json": [:]],
                                        effect: .none)
        guard let blob = answer["blob"], case .object = blob else { throw .transient(message: "\(service): uploadBlob answered no blob") }
        return blob
    }

    private func exchange(_ method: HTTPMethod, _ url: String, token: String?, body: ByteBuffer?, contentType: String?,
                          record: JSONValue, effect: Effect, proxy: String? = nil) async throws(PlatformError) -> JSONValue {
        var headers = HTTPHeaders()
        if let proxy { headers.add(name: "atproto-proxy", value: proxy) }
        if let token { headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        headers.add(name: "Accept", value: "application/json")
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(method, url, headers: headers, body: body, record: record)
        } catch {
            throw PlatformHTTP.platformError(error, writes: effect == .writes, place: service)
        }
        return try Self.decode(answer, service: service)
    }

    /// A 2xx body as JSON (an empty body is an empty object); anything else sorted by what the engine does next.
    static func decode(_ answer: PlatformHTTP.Answer, service: String) throws(PlatformError) -> JSONValue {
        let code = Int(answer.status.code)
        if (200..<300).contains(code) {
            if answer.body.readableBytes == 0 { return [:] }
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: answer.data) else {
                throw .transient(message: "\(service) answered \(code) with a body that is not JSON")
            }
            return value
        }
        throw refusal(code: code, answer: answer, service: service)
    }

    static func refusal(code: Int, answer: PlatformHTTP.Answer, service: String) -> PlatformError {
        let failure = try? JSONDecoder().decode(Failure.self, from: answer.data)
        let name = failure?.error ?? "HTTP \(code)"
        let said = failure?.message.map { "\(name): \($0)" } ?? name
        let text = "Bluesky: \(String(said.prefix(400)))"
        // Some PDSs answer a token they do not accept with a plain 400 InvalidRequest ("Invalid
        // bearer token in Authorization header"): that is a session to renew, not content to fix.
        if code == 400, failure?.error == "InvalidRequest", failure?.message?.lowercased().contains("bearer token") == true {
            return .unauthorized(message: text)
        }
        switch (code, failure?.error) {
        case (_, "ExpiredToken"?), (_, "InvalidToken"?), (_, "AuthenticationRequired"?), (_, "AccountTakedown"?),
             (_, "AuthMissing"?), (_, "AuthFactorTokenRequired"?), (401, _):
            return .unauthorized(message: text)
        case (429, _):
            return .rateLimited(retryAfter: retryAfter(answer))
        case (413, _):
            return .rejected(message: text)
        case (400..<500, _):
            return .rejected(message: text)
        default:
            return .transient(message: "\(service): \(said.prefix(200))")
        }
    }

    /// `Retry-After`, or the XRPC rate-limit headers (`ratelimit-reset`, seconds since 1970).
    static func retryAfter(_ answer: PlatformHTTP.Answer) -> Duration? {
        if let after = answer.retryAfter { return after }
        if let reset = answer.headers.first(name: "ratelimit-reset").flatMap(Double.init) {
            return PlatformHTTP.wait(seconds: reset - Date().timeIntervalSince1970)
        }
        return nil
    }
}
