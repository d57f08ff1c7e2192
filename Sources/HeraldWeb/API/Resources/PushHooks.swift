import HeraldApp
import HeraldCore
import Vapor

/// `POST /hooks/telegram/:channel`: updates Telegram pushes for a channel (`setWebhook`). The
/// `X-Telegram-Bot-Api-Secret-Token` header must carry the channel's secret; a forged delivery is
/// refused (401) and logged; a replayed one stores nothing new.
enum PushHooks {
    static func register(_ app: Application) {
        app.on(.POST, "hooks", "telegram", ":channel", body: .collect(maxSize: "1mb"), use: telegram)
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
        case .stored:
            return Response(status: .ok, body: .init(string: "ok"))
        }
    }
}
