import HeraldApp
import HeraldConnectors
import HeraldCore

/// The answer to "Check connection", in sentences: who the account is, each capability as "yes"
/// or "not available on <platform>", which numbers the platform gives and which it does not.
enum ChannelCheckView {
    static func render(_ context: PageContext, _ check: ChannelCheck) -> HTML {
        let platform = check.descriptor.platform.displayName
        let missing = context.t(LocalizedText(.checkNotAvailable, platform))
        let rows: [HTML] = Capability.allCases.map { capability in
            let has = check.descriptor.capabilities.contains(capability)
            return "<li>\(context.t(capability.label)): \(has ? context.t(.checkYes) : missing)</li>"
        }
        var notes: [HTML] = []
        if !check.descriptor.postMetrics.isEmpty {
            let given = check.givenMetrics.map { context.t($0.label) }.joined(separator: ", ")
            notes.append("<p>\(context.t(LocalizedText(.checkMetrics, given)))</p>")
            let absent = check.missingMetrics.map { context.t($0.label) }.joined(separator: ", ")
            if !absent.isEmpty { notes.append("<p>\(context.t(LocalizedText(.checkMetricsMissing, platform, absent)))</p>") }
        }
        let totals = AccountMetric.allCases.compactMap { metric in check.totals[metric].map { "\(context.t(metric.label)) \($0)" } }
        if !totals.isEmpty { notes.append("<p>\(context.t(LocalizedText(.checkTotals, totals.joined(separator: ", "))))</p>") }
        return """
        <section class="notice" role="status" id="check"><h3>\(context.t(LocalizedText(.checkTitle, check.channelName)))</h3>
        <p>\(context.t(LocalizedText(.checkConnectedAs, check.account)))</p>
        <ul>\(rows)</ul>\(notes)</section>
        """
    }
}

extension Capability {
    var label: L {
        switch self {
        case .publishing: .capPublishing
        case .firstComment: .capFirstComment
        case .deleting: .capDeleting
        case .pinning: .capPinning
        case .editing: .capEditing
        case .conversations: .capConversations
        case .insights: .capInsights
        }
    }
}

extension AccountMetric {
    var label: L {
        switch self {
        case .followers: .metricFollowers
        case .following: .metricFollowing
        case .posts: .metricPosts
        }
    }
}
