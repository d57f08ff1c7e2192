import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Calls of one bot to the Bot API (`https://api.telegram.org` or a local Bot API server):
/// JSON bodies, multipart when files go with them, every call recorded for the contract checker
/// as `{"platform":"telegram","method":…,"params":…}`. Answers `{"ok":true,"result":…}` or
/// `{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":…}}`, sorted here.
struct TelegramBotAPI: Sendable {
    let http: PlatformHTTP
    let base: String
    let token: String

    static let defaultBase = "https://api.telegram.org"

    struct Envelope: Decodable {
        var ok: Bool
        var result: JSONValue?
        var error_code: Int?
        var description: String?
        var parameters: Parameters?

        struct Parameters: Decodable { var retry_after: Int? }
    }

    /// What a failed send means: nothing sent (retry), or sent with no answer (unknown).
    enum Effect { case reads, sends }

    func call(_ method: String, _ params: JSONValue, files: [Multipart.FilePart] = [], effect: Effect = .reads) async throws(PlatformError) -> JSONValue {
        let url = "\(base)/bot\(token)/\(method)"
        var headers = HTTPHeaders()
        let body: Data
        if files.isEmpty {
            do { body = try params.encoded() } catch { throw .rejected(message: "the request to \(method) could not be encoded") }
            headers.add(name: "Content-Type", value: "application/json")
        } else {
            let form = Multipart()
            var fields: [(String, String)] = []
            if case .object(let object) = params {
                for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                    switch value {
                    case .string(let text): fields.append((key, text))
                    case .int(let number): fields.append((key, String(number)))
                    case .bool(let flag): fields.append((key, flag ? "true" : "false"))
                    default: fields.append((key, (try? value.encoded()).map { String(decoding: $0, as: UTF8.self) } ?? ""))
                    }
                }
            }
            body = form.body(fields: fields, files: files)
            headers.add(name: "Content-Type", value: form.contentType)
        }
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, url, headers: headers, body: ByteBuffer(data: body),
                                         record: ["platform": "telegram", "method": .string(method), "params": params])
        } catch {
            throw PlatformHTTP.platformError(error, writes: effect == .sends, place: "Telegram")
        }
        return try Self.result(answer)
    }

    static func result(_ answer: PlatformHTTP.Answer) throws(PlatformError) -> JSONValue {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: answer.data) else {
            if (500..<600).contains(Int(answer.status.code)) { throw .transient(message: "Telegram: HTTP \(answer.status.code)") }
            throw .transient(message: "Telegram answered \(answer.status.code) with a body that is not the Bot API's")
        }
        if envelope.ok, let result = envelope.result { return result }
        let code = envelope.error_code ?? Int(answer.status.code)
        let said = "Telegram: " + String((envelope.description ?? "error \(code)").prefix(300))
        switch code {
        case 401, 403, 404:
            // A wrong or revoked token (401, 404 for a token that names no bot), a bot removed from the chat (403).
            throw .unauthorized(message: said)
        case 429:
            throw .rateLimited(retryAfter: envelope.parameters?.retry_after.flatMap { PlatformHTTP.wait(seconds: Double($0)) } ?? .seconds(30))
        case 409:
            // getUpdates while a webhook is set or another poller of the same bot is waiting.
            throw .transient(message: said + " (another Herald process or program reads this bot's updates, or a webhook is set)")
        case 400 where (envelope.description ?? "").contains("chat not found"):
            throw .unauthorized(message: said)
        case 400..<500:
            throw .rejected(message: said)
        default:
            throw .transient(message: said)
        }
    }
}

extension TelegramBotAPI {
    /// The `offset` that confirms every update up to `update` (and those before it, `next`): one past
    /// the largest id seen. An id of Int.max, odd as it is, is not confirmed rather than overflowing.
    static func offset(after update: JSONValue, next: Int?) -> Int? {
        guard let id = update["update_id"]?.intValue, id < Int.max else { return next }
        return max(next ?? id + 1, id + 1)
    }
}
