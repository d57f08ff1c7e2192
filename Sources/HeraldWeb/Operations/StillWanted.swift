import NIOCore
import Vapor

/// A read whose answer nobody will read stops at its next step.
///
/// Vapor 4 runs each handler as a task of its own that no middleware can cancel, and tells it
/// nothing when its client leaves (see `PeerClosure`). So the handlers that read say where they
/// may stop: `Request.checkStillWanted()` between their steps — after the workspace access is
/// resolved (every workspace page and API route), before a page's frame is read and drawn
/// (`PageContext.make`), before each page of a streamed export. A page whose client left while its
/// month was being read does not read the frame nor draw the page; one past its deadline (its
/// client has had the 503) neither.
///
/// Only reads stop (GET and HEAD): a save, an approval or an upload runs to its end even if the
/// person closed the tab, so nothing is half-done because a connection dropped.
struct Abandoned: Error, Equatable {
    enum Reason: Sendable { case clientLeft, deadlinePassed }
    let reason: Reason
}

/// What `checkStillWanted` needs to ask the kernel about a request's client (set by
/// `ConcurrencyLimit` when the request gets its place).
struct ClientWatch: Sendable {
    let peers: PeerClosure
    /// The port this server listens on (asked only when the kernel is).
    let localPort: @Sendable (Request) -> Int?
    /// When the request arrived: only a socket table read after it can say its connection is gone.
    let arrived: NIODeadline
    /// When it got its place (the gate asked about it then if it had waited).
    let started: NIODeadline = .now()

    /// A handler that has run less than this is not asked about: quick handlers never cost a look
    /// at the socket table, and under load (when requests wait) the gate has just asked.
    static let askAfter: TimeAmount = ConcurrencyLimit.checkAfter
}

extension Request {
    private struct ClientWatchKey: StorageKey { typealias Value = ClientWatch }

    var clientWatch: ClientWatch? {
        get { storage[ClientWatchKey.self] }
        set { storage[ClientWatchKey.self] = newValue }
    }

    /// Throws `Abandoned` when this request only reads and nobody will read its answer: its
    /// deadline has passed, or (once it has run `ClientWatch.askAfter`) the kernel says its client closed
    /// the connection. Never throws for a request that may write. A body written after the
    /// handler has answered (a streamed export) is past the deadline's reach: `deadline: false`.
    func checkStillWanted(now: NIODeadline = .now(), deadline counts: Bool = true) throws {
        guard method == .GET || method == .HEAD else { return }
        if counts, let deadline, now >= deadline { throw Abandoned(reason: .deadlinePassed) }
        guard let watch = clientWatch, now - watch.started >= ClientWatch.askAfter else { return }
        if watch.peers.hasClosed(remote: remoteAddress, localPort: watch.localPort(self), since: watch.arrived) {
            throw Abandoned(reason: .clientLeft)
        }
    }
}
