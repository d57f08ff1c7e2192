import FluentKit
import Foundation
import HeraldConnectors
import HeraldCore
import HeraldStore

/// "Check connection": who the channel's credential belongs to now, and what Herald can do with
/// the account — publishing, first comments, deleting, comments and messages, which numbers —
/// with what the platform does not give named as "not available", never shown as zero.
package struct ChannelCheck: Sendable {
    package var channelName: String
    package var account: String
    package var descriptor: PlatformDescriptor
    /// The account's totals now (followers…), when the platform gives them and answered.
    package var totals: [AccountMetric: Int]

    /// Post metrics this platform gives, and those it does not, in the catalogue's order.
    package var givenMetrics: [PostMetric] { PostMetric.allCases.filter(descriptor.postMetrics.contains) }
    package var missingMetrics: [PostMetric] { PostMetric.allCases.filter { !descriptor.postMetrics.contains($0) } }
}

extension ChannelService {
    package static func check(_ access: WorkspaceAccess, id: UUID, box: SecretBox, connectors: Connectors,
                              on database: any Database) async throws -> ChannelCheck {
        let channel = try await find(access, id: id, on: database)
        guard let platform = channel.platform, let connector = connectors.connector(for: platform) else {
            throw ValidationError(code: "no_connector", field: "platform",
                                  message: .init(.channelPlatformComing, channel.platform?.displayName ?? channel.platformName))
        }
        let credential: String
        do { credential = try channel.openCredential(with: box) } catch {
            throw ValidationError(code: "credential_refused", field: "access_token",
                                  message: .init(.channelCheckNoCredential, platform.displayName))
        }
        let account: String
        do {
            account = try await connector.verify(ChannelCredential.parse(credential))
        } catch {
            throw refusal(error, platform: platform, field: "access_token", refused: .channelCheckRefused, unreachable: .channelCheckUnreachable)
        }
        var totals: [AccountMetric: Int] = [:]
        if let insights = connector as? any Insights {
            // The numbers are a bonus of the check: the answer "who am I" above is what it proves.
            totals = (try? await insights.account(credential: credential)) ?? [:]
        }
        return ChannelCheck(channelName: channel.name, account: account, descriptor: PlatformDescriptor(connector), totals: totals)
    }
}
