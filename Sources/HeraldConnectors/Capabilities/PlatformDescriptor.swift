import Foundation
import HeraldCore

/// What Herald can do with an account on a platform.
public enum Capability: String, Sendable, CaseIterable, Codable {
    case publishing, firstComment = "first_comment", editing, deleting, pinning, conversations, insights
}

/// How a channel of a platform is connected.
public enum ConnectFlow: String, Sendable, Codable {
    /// Nothing to enter (the Sandbox network).
    case none
    /// An access token (and for federated platforms the server).
    case token
    /// A form of the platform's own (`FormConnecting`: a handle and app password, a bot token and chat…).
    case form
}

/// Which field of a connect form a platform's refusal is about: the credential (token, app
/// password), the account (chat, community, handle) or the server address.
public enum ConnectField: Sendable, Equatable {
    case credential, account, server
}

/// A platform as Herald knows it: its rules, how to connect, what it can do, where its docs are.
/// Read off a platform's connector (each in its folder); `Connectors` holds the one registry line per platform.
public struct PlatformDescriptor: Sendable {
    public var platform: Platform
    public var connect: ConnectFlow
    /// The fields of its own connect form, in order (none for the token flow).
    public var connectFields: [String]
    public var capabilities: Set<Capability>
    /// Post and account numbers it gives (empty without Insights).
    public var postMetrics: Set<PostMetric>
    public var accountMetrics: Set<AccountMetric>
    /// What it says to the audience's comments and messages (empty without Conversations).
    public var conversationKinds: Set<ConversationItem.Kind>
    /// The page in `docs/platforms/`.
    public var docs: String

    public var rules: PlatformRules { PlatformRules.defaults(for: platform) }
    public var options: [PlatformOption] { PlatformOption.catalogue(for: platform) }

    /// The descriptor of a connector: its capabilities read from the protocols it conforms to.
    public init(_ connector: any SocialPlatform) {
        platform = connector.platform
        connect = connector.connectFlow
        connectFields = (connector as? any FormConnecting)?.connectFields.map(\.name) ?? []
        docs = connector.docsPage
        var capabilities: Set<Capability> = [.publishing]
        if connector is any FirstCommenting { capabilities.insert(.firstComment) }
        if connector is any Deleting { capabilities.insert(.deleting) }
        if connector is any Pinning { capabilities.insert(.pinning) }
        if connector is any Editing { capabilities.insert(.editing) }
        postMetrics = []
        accountMetrics = []
        conversationKinds = []
        if let insights = connector as? any Insights {
            capabilities.insert(.insights)
            postMetrics = insights.postMetrics
            accountMetrics = insights.accountMetrics
        }
        if let conversations = connector as? any Conversations {
            capabilities.insert(.conversations)
            conversationKinds = conversations.conversationKinds
        }
        self.capabilities = capabilities
    }
}

/// A platform where Herald can take a published post down again.
public protocol Deleting: SocialPlatform {
    func delete(remoteID: String, credential: String) async throws(PlatformError)
}
