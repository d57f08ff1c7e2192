import Foundation
import HeraldCore

/// Connecting Bluesky: a handle (or DID) and an app password, and the PDS when it is not the one
/// the handle resolves to.
extension BlueskyPlatform: FormConnecting {
    public var connectFields: [ConnectFormField] {
        [ConnectFormField("handle", label: .channelBlueskyHandle, kind: .text, example: "name.bsky.social", role: .account),
         ConnectFormField("app_password", label: .channelBlueskyAppPassword, kind: .secret, example: "xxxx-xxxx-xxxx-xxxx", role: .credential),
         ConnectFormField("service_url", label: .channelBlueskyService, kind: .url, required: false, example: "https://pds.example.org",
                          role: .server)]
    }

    public var connectSteps: L { .channelBlueskyHint }

    public func connect(_ values: ConnectValues) async throws -> ChannelCredential {
        let handle = try values.required("handle")
        guard handle.count <= 253, !handle.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw ValidationError(code: "invalid_handle", field: "handle", message: .init(.channelBlueskyHandleInvalid, handle))
        }
        let password = try values.secret("app_password", limit: 256)
        let service = try await values.server("service_url")
        do {
            return try await connect(identifier: handle, appPassword: password, service: service)
        } catch {
            throw refusal(error, about: Self.connectField(for: error, server: service), refused: .channelBlueskyRefused)
        }
    }
}
