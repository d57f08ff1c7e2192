import HeraldApp
import HeraldCore
import Vapor

/// `POST /hooks/:platform/:channel`: what a platform pushes for a channel (Telegram's webhook,
/// VK's Callback API). The connector checks the channel's secret (a header for Telegram, the body
/// for VK) and answers VK's confirmation request; a forged delivery is refused (401) and logged, a
/// malformed one 422; a replayed one stores nothing new.
enum PushHooks {
    static func register(_ app: Application) {
        app.on(.POST, "hooks", ":platform", ":channel", body: .collect(maxSize: "1mb"), use: receive)
    }

    @Sendable static func receive(req: Request) async throws -> Response {
        guard let platform = req.parameters.get("platform"), let id = req.parameters.get("channel").flatMap(UUID.init(text:)) else {
            throw Abort(.notFound)
        }
        let headers = Dictionary(req.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        switch try await ChannelPush.receive(platform: platform, channelID: id, headers: headers, body: body, box: req.application.secretBox,
                                             connectors: req.application.connectors, on: req.db) {
        case .unknownChannel:
            throw Abort(.notFound)
        case .refused:
            req.logger.warning("\(platform) push refused for channel \(id.text): wrong secret or account")
            throw Abort(.unauthorized)
        case .malformed:
            throw ValidationError(code: "malformed_json", field: nil, message: .init(.errorMalformedJSON))
        case .stored(let new, let carried, let text):
            if new == 0, carried > 0 {
                // Answered like any delivery (the platform would only send it again), but said.
                req.logger.notice("\(platform) push for channel \(id.text) repeated \(carried) item(s) already stored (a replay or a redelivery): nothing stored")
            }
            return answer(text)
        case .answer(let text):
            return answer(text)
        }
        // Platforms want exactly this body (VK: "ok" or the confirmation code), or they deliver again.
        func answer(_ text: String) -> Response {
            Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .init(string: text))
        }
    }
}
