import Foundation
import HeraldCore
import HeraldStore

/// How one publication stands, in catalogue sentences (for the post page, Notifications and the
/// API alike): what happened and what to do, then the platform's own words, quoted.
package struct PublicationDescription: Sendable {
    /// The state, or for a failure or an unknown outcome what happened and what to do.
    package var summary: LocalizedText
    /// The platform's words, when it gave any.
    package var platformSaid: LocalizedText?
    /// A person may mark it published or send it again.
    package var needsSighting: Bool

    package init(_ publication: PublicationRecord, channel: SocialChannel) {
        let platform = channel.platform
        platformSaid = PublicationProblem.platformSaid(platform, publication.platformMessage)
        needsSighting = publication.kind == .unknown
        switch publication.state {
        case .scheduled:
            summary = publication.problem == .willRetry
                ? PublicationProblem.willRetry.sentence(channel: channel.name, platform: platform) : LocalizedText(.pubScheduled)
        case .publishing:
            summary = LocalizedText(.pubPublishing)
        case .published:
            summary = LocalizedText(.pubPublished, "")
            platformSaid = nil
        case .failed(let problem, _), .unknown(let problem, _):
            summary = problem.sentence(channel: channel.name, platform: platform)
        }
    }

    /// Both sentences, rendered.
    package func text(in language: Language) -> String {
        [summary.rendered(in: language), platformSaid?.rendered(in: language)].compactMap { $0 }.joined(separator: " ")
    }
}
