import Foundation
import HeraldCore
import Testing

@Suite("Publication state machine")
struct PublicationTests {
    static let at = Date(timeIntervalSince1970: 1_800_000_000)
    static let publishing = PublicationState.publishing(attempt: 1, leaseOwner: "w1")
    static let published = PublicationState.published(remoteID: "123", url: "https://m.example/@a/123", at: at)

    @Test("allowed transitions", arguments: [
        (PublicationState.scheduled, PublicationEvent.leased(owner: "w1", attempt: 1), publishing),
        (publishing, .accepted(remoteID: "123", url: "https://m.example/@a/123", at: at), published),
        (publishing, .refused(reason: "503", retryable: true), .scheduled),
        (publishing, .refused(reason: "text too long", retryable: false), .failed(reason: "text too long", retryable: false)),
        (publishing, .outcomeUnknown(reason: "timeout"), .unknown(reason: "timeout")),
        (publishing, .leaseExpired, .unknown(reason: "the worker stopped while publishing")),
        (.unknown(reason: "timeout"), .foundOnPlatform(remoteID: "123", url: "https://m.example/@a/123", at: at), published),
        (.unknown(reason: "timeout"), .notFoundOnPlatform, .scheduled),
        (.failed(reason: "x", retryable: false), .retryRequested, .scheduled),
    ] as [(PublicationState, PublicationEvent, PublicationState)])
    func allowed(from: PublicationState, event: PublicationEvent, to: PublicationState) throws {
        #expect(try from.applying(event) == to)
    }

    @Test("transitions that would publish twice or retry blindly are refused", arguments: [
        (published, PublicationEvent.leased(owner: "w2", attempt: 2)),
        (published, .accepted(remoteID: "456", url: nil, at: at)),
        (.unknown(reason: "timeout"), .leased(owner: "w2", attempt: 2)),
        (.failed(reason: "x", retryable: false), .leased(owner: "w2", attempt: 2)),
        (publishing, .leased(owner: "w2", attempt: 2)),
        (.scheduled, .accepted(remoteID: "1", url: nil, at: at)),
        (.scheduled, .notFoundOnPlatform),
    ] as [(PublicationState, PublicationEvent)])
    func refused(from: PublicationState, event: PublicationEvent) {
        #expect(throws: PublicationTransitionError.self) { try from.applying(event) }
    }

    @Test("only a scheduled publication may send")
    func maySend() {
        #expect(PublicationState.scheduled.maySend)
        #expect(!PublicationState.unknown(reason: "timeout").maySend)
        #expect(!Self.published.maySend && !Self.publishing.maySend)
    }
}
