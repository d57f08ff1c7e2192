import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Vapor
import Testing
import VaporTesting

/// A person at a browser: keeps cookies, reads the CSRF token from its cookie and sends it with
/// forms, sends Accept-Language. Talks to the app in memory, or over real HTTP on loopback.
public final class TestBrowser: @unchecked Sendable {
    enum Transport {
        case inMemory(any TestingApplicationTester)
        case live(HTTPClient, baseURL: String)
    }

    let transport: Transport
    public var cookies: [String: String] = [:]
    public var acceptLanguage: String?
    public var bearerToken: String?

    init(transport: Transport) {
        self.transport = transport
    }

    /// In memory, through Vapor's responder chain (fast; the default for tests).
    public convenience init(app: Application) throws {
        self.init(transport: .inMemory(try app.testing()))
    }

    /// Over real HTTP to a server already listening at `baseURL`.
    public convenience init(client: HTTPClient, baseURL: String) {
        self.init(transport: .live(client, baseURL: baseURL))
    }

    public var csrfToken: String? { cookies["herald_csrf"] }

    /// The HTTP client of a browser talking to a live server (nil in memory).
    public var client: HTTPClient? {
        if case .live(let client, _) = transport { return client }
        return nil
    }

    @discardableResult
    public func get(_ path: String) async throws -> BrowserResponse {
        try await send(.GET, path, headers: [:], body: nil)
    }

    /// Submits a form as a browser would, with the CSRF token unless `csrf` is false.
    /// Fetches the sign-in page first when no CSRF cookie is held yet.
    @discardableResult
    public func post(_ path: String, form: [String: String] = [:], csrf: Bool = true,
                     headers extra: HTTPHeaders = [:]) async throws -> BrowserResponse {
        if csrf && csrfToken == nil { _ = try await get("/login") }
        var fields = form
        if csrf, let token = csrfToken { fields["_csrf"] = token }
        let body = fields.map { key, value in "\(Self.encode(key))=\(Self.encode(value))" }.joined(separator: "&")
        var headers = extra
        headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Submits a form whose fields repeat (checkbox lists), in the order given, with the CSRF token.
    @discardableResult
    public func postForm(_ path: String, _ fields: [(String, String)]) async throws -> BrowserResponse {
        if csrfToken == nil { _ = try await get("/login") }
        let all = fields + [("_csrf", csrfToken ?? "")]
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                              body: ByteBuffer(string: body))
    }

    /// A multipart upload (`file` plus text fields), with the CSRF token when this is a browser
    /// (cookies) and the bearer token when it is an API client.
    @discardableResult
    public func upload(_ path: String, file: [UInt8], fileName: String, fields: [String: String] = [:]) async throws -> BrowserResponse {
        let boundary = "herald-\(UUID().text)"
        var all = fields
        if bearerToken == nil {
            if csrfToken == nil { _ = try await get("/login") }
            all["_csrf"] = csrfToken ?? ""
        }
        var body = ByteBuffer()
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        body.writeString("Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(file)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)"]
        if let bearerToken { headers.replaceOrAdd(name: .authorization, value: "Bearer \(bearerToken)") }
        return try await send(.POST, path, headers: headers, body: body, useCookies: bearerToken == nil)
    }

    /// A JSON API call with the bearer token.
    @discardableResult
    public func api(_ method: HTTPMethod, _ path: String, json: String? = nil,
                    headers extra: HTTPHeaders = [:]) async throws -> BrowserResponse {
        var headers = extra
        if let bearerToken { headers.replaceOrAdd(name: .authorization, value: "Bearer \(bearerToken)") }
        if json != nil && !headers.contains(name: .contentType) {
            headers.replaceOrAdd(name: .contentType, value: "application/json")
        }
        return try await send(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) }, useCookies: false)
    }

    public func send(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders, body: ByteBuffer?,
                     useCookies: Bool = true) async throws -> BrowserResponse {
        var headers = extra
        if useCookies, !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let acceptLanguage { headers.replaceOrAdd(name: .acceptLanguage, value: acceptLanguage) }
        let response: BrowserResponse
        switch transport {
        case .inMemory(let tester):
            let answer = try await tester.sendRequest(method, path, headers: headers, body: body)
            response = BrowserResponse(status: answer.status, headers: answer.headers, body: answer.body)
        case .live(let client, let baseURL):
            var request = HTTPClientRequest(url: baseURL + path)
            request.method = method
            request.headers = headers
            if let body { request.body = .bytes(body) }
            let answer = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await answer.body.collect(upTo: 16 * 1024 * 1024)
            response = BrowserResponse(status: answer.status, headers: answer.headers, body: bytes)
        }
        if useCookies { remember(response.headers) }
        if path.hasPrefix("/api/v1/") {
            for problem in OpenAPIValidator.shared.problems(method: method.rawValue, path: path, status: Int(response.status.code),
                                                            contentType: response.headers.first(name: .contentType),
                                                            body: Data(buffer: response.body)) {
                Issue.record("The API answered what /api/openapi.json does not describe — \(problem)")
            }
        }
        return response
    }

    private func remember(_ headers: HTTPHeaders) {
        for line in headers[.setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0]
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            if value.isEmpty || line.lowercased().contains("max-age=0") {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// What came back: status, headers, body.
public struct BrowserResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer
}

extension BrowserResponse {
    public var text: String { String(buffer: body) }

    public var location: String? { headers.first(name: .location) }

    /// Decodes a JSON body as a dictionary (for quick assertions).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The `error` object of an API error answer.
    public var apiError: (code: String, field: String?, message: String)? {
        guard let error = json["error"] as? [String: Any], let code = error["code"] as? String else { return nil }
        return (code, error["field"] as? String, error["message"] as? String ?? "")
    }
}
