import Foundation
import HeraldCore
import Testing

@Suite("Publication state machine")
struct PublicationTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let publishing = PublicationState.publishing(attempt: 1, leaseOwner: "w1")
    static let published = PublicationState.published(remoteID: "123", url: "https://m.example/@a/123", at: at)
    static let noAnswer = PublicationState.unknown(.noAnswer, platformMessage: "read timed out")

    @Test("allowed transitions", arguments: [
        (PublicationState.scheduled, PublicationEvent.leased(owner: "w1", attempt: 1), publishing),
        (publishing, .accepted(remoteID: "123", url: "https://m.example/@a/123", at: at), published),
        (publishing, .deferred, .scheduled),
        (publishing, .refused(.rejected, platformMessage: "text too long"), .failed(.rejected, platformMessage: "text too long")),
        (.scheduled, .refused(.blocked, platformMessage: nil), .failed(.blocked)),
        (publishing, .outcomeUnknown(platformMessage: "read timed out"), noAnswer),
        (publishing, .leaseExpired, .unknown(.workerStopped)),
        (noAnswer, .foundOnPlatform(remoteID: "123", url: "https://m.example/@a/123", at: at), published),
        (noAnswer, .confirmedPublished(remoteID: "123", url: "https://m.example/@a/123", at: at), published),
        (noAnswer, .notFoundOnPlatform, .scheduled),
        (noAnswer, .confirmedMissing, .scheduled),
        (.failed(.rejected), .retryRequested, .scheduled),
    ] as [(PublicationState, PublicationEvent, PublicationState)])
    func allowed(from: PublicationState, event: PublicationEvent, to: PublicationState) throws {
        #expect(try from.applying(event) == to)
    }

    @Test("transitions that would publish twice or retry blindly are refused", arguments: [
        (published, PublicationEvent.leased(owner: "w2", attempt: 2)),
        (published, .accepted(remoteID: "456", url: nil, at: at)),
        (published, .confirmedMissing),
        (published, .refused(.rejected, platformMessage: nil)),
        (noAnswer, .leased(owner: "w2", attempt: 2)),
        (noAnswer, .retryRequested),
        (.failed(.rejected), .leased(owner: "w2", attempt: 2)),
        (publishing, .leased(owner: "w2", attempt: 2)),
        (publishing, .confirmedMissing),
        (.scheduled, .accepted(remoteID: "1", url: nil, at: at)),
        (.scheduled, .notFoundOnPlatform),
    ] as [(PublicationState, PublicationEvent)])
    func refused(from: PublicationState, event: PublicationEvent) {
        #expect(throws: PublicationTransitionError.self) { try from.applying(event) }
    }

    @Test("only a scheduled publication may send; what may be out is protected")
    func maySend() {
        #expect(PublicationState.scheduled.maySend)
        #expect(!Self.noAnswer.maySend)
        #expect(!Self.published.maySend && !Self.publishing.maySend)
        #expect(PublicationState.Kind.allCases.filter(\.mayBeOut) == [.publishing, .published, .unknown])
    }

    @Test("every problem has a sentence in both languages, quoting the platform when it spoke")
    func sentences() {
        for problem in PublicationProblem.allCases {
            for language in Language.allCases {
                let plain = problem.sentence(channel: "Acme", platform: .mastodon).rendered(in: language)
                #expect(plain.contains("Acme") || plain.contains("Mastodon"), "\(problem) \(language): \(plain)")
                #expect(!plain.contains("{"), "\(problem) \(language): \(plain)")
            }
        }
        let said = PublicationProblem.platformSaid(.mastodon, "Validation failed: Text character limit of 500 exceeded")
        #expect(said?.rendered(in: .en) == "Mastodon said: “Validation failed: Text character limit of 500 exceeded”")
        #expect(PublicationProblem.platformSaid(.mastodon, "  ") == nil)
    }
}
