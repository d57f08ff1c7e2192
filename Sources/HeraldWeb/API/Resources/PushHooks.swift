import HeraldApp
import HeraldCore
import Vapor

/// `POST /hooks/telegram/:channel`: updates Telegram pushes for a channel (`setWebhook`); the
/// `X-Telegram-Bot-Api-Secret-Token` header must carry the channel's secret. `POST /hooks/vk/:channel`:
/// VK's Callback API — the confirmation request is answered with the community's code, every other
/// event must carry the channel's secret key. A forged delivery is refused (401) and logged; a
/// replayed one stores nothing new.
enum PushHooks {
    static func register(_ app: Application) {
        app.on(.POST, "hooks", "telegram", ":channel", body: .collect(maxSize: "1mb"), use: telegram)
        app.on(.POST, "hooks", "vk", ":channel", body: .collect(maxSize: "1mb"), use: vk)
    }

    @Sendable static func telegram(req: Request) async throws -> Response {
        guard let id = req.parameters.get("channel").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        let delivery = try await ChannelPush.receive(channelID: id, secret: req.headers.first(name: "X-Telegram-Bot-Api-Secret-Token"),
                                                     body: body, box: req.application.secretBox, on: req.db)
        switch delivery {
        case .unknownChannel:
            throw Abort(.notFound)
        case .refused:
            req.logger.warning("telegram push refused: wrong secret token for channel \(id.uuidString)")
            throw Abort(.unauthorized)
        case .stored, .confirmation:
            return Response(status: .ok, body: .init(string: "ok"))
        }
    }

    @Sendable static func vk(req: Request) async throws -> Response {
        guard let id = req.parameters.get("channel").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound) }
        let body = req.body.data.map { Data(buffer: $0) } ?? Data()
        switch try await ChannelPush.receiveVK(channelID: id, body: body, box: req.application.secretBox,
                                                connectors: req.application.connectors, on: req.db) {
        case .unknownChannel:
            throw Abort(.notFound)
        case .refused:
            req.logger.warning("vk callback refused: wrong secret or community for channel \(id.uuidString)")
            throw Abort(.unauthorized)
        case .confirmation(let code):
            return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .init(string: code))
        case .stored:
            // VK wants exactly "ok", or it delivers again.
            return Response(status: .ok, headers: ["Content-Type": "text/plain"], body: .init(string: "ok"))
        }
    }
}
