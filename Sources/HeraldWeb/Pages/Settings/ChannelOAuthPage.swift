import HeraldApp
import HeraldCore
import Vapor

/// Connecting by signing in on the platform (Mastodon, VK ID): the form sends the browser to the
/// server's approval page; the server sends it back to `/oauth/<platform>/callback`, which saves
/// the channel and returns to the channels page — or says plainly why nothing was connected.
enum ChannelOAuthPage {
    @Sendable static func start(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let raw = req.parameters.get("platform")
        let channelID = req.formValue("channel_id").flatMap(UUID.init(text:))
        do {
            let started = try await ChannelOAuth.start(access, platform: raw, server: req.formValue("instance_url") ?? req.formValue("service_url"),
                                                       name: req.formValue("name"), account: req.formValue("community"), channelID: channelID, baseURL: req.application.herald.baseURL,
                                                       box: req.application.secretBox, connectors: req.application.connectors, on: req.db)
            return req.redirect(to: started.authorizeURL)
        } catch let error as ValidationError {
            if channelID == nil, let platform = raw.flatMap(Platform.init(rawValue:)), req.application.connectors.connector(for: platform) != nil {
                let values = ["name": req.formValue("name") ?? "", "instance_url": req.formValue("instance_url") ?? "",
                              "community": req.formValue("community") ?? "", "service_url": req.formValue("service_url") ?? ""]
                return try await ChannelConnectPage.respond(req, access: access, platform: platform, values: values, error: error, status: .unprocessableEntity)
            }
            return try await ChannelsPage.respond(req, access: access, values: [:], error: error, status: .unprocessableEntity)
        }
    }

    @Sendable static func callback(req: Request) async throws -> Response {
        let user = try req.requireUser()
        do {
            let (access, _, retried) = try await ChannelOAuth.finish(
                userID: try user.requireID(), user: user, platform: req.parameters.get("platform") ?? "",
                state: req.query[String.self, at: "state"], code: req.query[String.self, at: "code"],
                deviceID: req.query[String.self, at: "device_id"],
                error: req.query[String.self, at: "error"], errorDescription: req.query[String.self, at: "error_description"],
                baseURL: req.application.herald.baseURL, box: req.application.secretBox, connectors: req.application.connectors, on: req.db)
            let done: L = retried == nil ? .channelAdded : .channelReconnected
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .channels).path + "?done=\(done.rawValue)")
        } catch let error as ValidationError {
            return .page(refused(try await PageContext.make(req), error), status: .badRequest)
        }
    }

    /// The platform's sign-in did not end in a channel: why, and the way back.
    static func refused(_ context: PageContext, _ error: ValidationError) -> HTML {
        Layout.page(context, title: context.t(.channelAdd), body: """
            <h1>\(context.t(.channelAdd))</h1>
            <p class="error" role="alert">\(context.t(error.message))</p>
            <p><a href="\(SiteURL.workspaces.path)">\(context.t(.navWorkspaces))</a></p>
            """)
    }
}
