import Foundation
import NIOCore
import NIOHTTP1

/// Calls to the VK API (`https://api.vk.com/method/<name>`, or the address of a VK-compatible
/// server given when connecting): parameters form-encoded with the token and version, each call
/// recorded for the contract checker as `{"platform":"vk","method":…,"params":…}` with typed
/// values (never the token). Answers `{"response":…}` or `{"error":{"error_code","error_msg"}}`,
/// sorted here into what the engine should do.
struct VKAPI: Sendable {
    let http: PlatformHTTP
    let base: String
    let token: String

    static let defaultBase = "https://api.vk.com"
    static let version = "5.199"

    /// What a failed call means: nothing changed (retry), or it may have posted (unknown).
    enum Effect { case reads, writes }

    func call(_ method: String, _ params: [String: JSONValue], effect: Effect = .reads) async throws(PlatformError) -> JSONValue {
        var form = URLComponents()
        form.queryItems = params.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: Self.formValue($0.value)) }
            + [URLQueryItem(name: "access_token", value: token), URLQueryItem(name: "v", value: Self.version)]
        // Form encoding: "+" and "&" inside values must not read as separators.
        let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, "\(base)/method/\(method)", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: ByteBuffer(string: body),
                                         record: ["platform": "vk", "method": .string(method), "params": .object(params)])
        } catch {
            throw PlatformHTTP.platformError(error, writes: effect == .writes, place: "VK")
        }
        return try Self.result(answer, writes: effect == .writes)
    }

    /// A parameter as VK reads it from a form: booleans as 1/0, lists comma-separated.
    static func formValue(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "1" : "0"
        case .array(let items): items.map(formValue).joined(separator: ",")
        case .object, .null: (try? value.encoded()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    struct Envelope: Decodable {
        var response: JSONValue?
        var error: Failure?

        struct Failure: Decodable {
            var error_code: Int
            var error_msg: String?
        }
    }

    static func result(_ answer: PlatformHTTP.Answer, writes: Bool) throws(PlatformError) -> JSONValue {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: answer.data) else {
            let status = answer.status.code
            if (500..<600).contains(Int(status)) {
                // A gateway error after a write may still have posted.
                throw writes ? .outcomeUnknown(message: "VK: HTTP \(status)") : .transient(message: "VK: HTTP \(status)")
            }
            throw .transient(message: "VK answered \(status) with a body that is not the API's")
        }
        if let response = envelope.response { return response }
        guard let failure = envelope.error else { throw .transient(message: "VK answered without a response") }
        throw mapped(failure.error_code, message: "VK: " + String((failure.error_msg ?? "error \(failure.error_code)").prefix(300)))
    }

    /// VK's error codes (https://dev.vk.com/reference/errors), as the engine should take them.
    static func mapped(_ code: Int, message: String) -> PlatformError {
        switch code {
        case 5, 27, 28:
            // Authorization failed (a revoked or wrong token), group or application authorization failed.
            .unauthorized(message: message)
        case 6:
            // Too many requests per second.
            .rateLimited(retryAfter: .seconds(2))
        case 9, 29:
            // Flood control, or the method's daily limit: wait an hour.
            .rateLimited(retryAfter: .seconds(3600))
        case 14:
            // A captcha: nobody can solve it here; the channel waits a quarter of an hour.
            .rateLimited(retryAfter: .seconds(900))
        case 1, 10:
            // Unknown or internal server error.
            .transient(message: message)
        default:
            // 15 (access denied: a right missing from the token, such as photos), 100 (a parameter),
            // 203 (the community closed), 214 (posting prohibited), 219 (ad post recently added),
            // 222 (hyperlinks forbidden)…: the platform refuses this, and says why.
            .rejected(message: message)
        }
    }
}
