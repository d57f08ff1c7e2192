import Foundation
import Synchronization

/// A signed-in session on a PDS: the short access token for requests, the long refresh token for
/// a new one, and the account they belong to.
struct BlueskySession: Sendable, Equatable {
    var accessJwt: String
    var refreshJwt: String
    var did: String
    var handle: String

    init(accessJwt: String, refreshJwt: String, did: String, handle: String) {
        self.accessJwt = accessJwt
        self.refreshJwt = refreshJwt
        self.did = did
        self.handle = handle
    }

    /// From `createSession` or `refreshSession`.
    init(_ answer: JSONValue, service: String) throws(PlatformError) {
        // Tokens are JWTs (three dot-separated parts) and the account a DID: an odd answer must not
        // become the session every later request of the account uses (they are kept process-wide).
        func jwt(_ text: String?) -> String? {
            guard let text, text.count <= 8192, text.split(separator: ".", omittingEmptySubsequences: false).count == 3,
                  text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.=".contains($0)) }) else { return nil }
            return text
        }
        guard let access = jwt(answer["accessJwt"]?.stringValue), let refresh = jwt(answer["refreshJwt"]?.stringValue),
              let did = answer["did"]?.stringValue, did.hasPrefix("did:"), did.count > 4, !did.contains(where: { $0.isWhitespace }) else {
            throw .transient(message: "\(service) answered the sign-in without a session")
        }
        self.init(accessJwt: access, refreshJwt: refresh, did: did, handle: answer["handle"]?.stringValue ?? did)
    }
}

/// The sessions this process holds, by account: an access token lives minutes to hours, so a
/// renewed session is kept here rather than written back to the channel on every renewal. The
/// channel's sealed credential keeps what survives a restart (refresh token, app password).
final class BlueskySessions: Sendable {
    private let held = Mutex<[String: BlueskySession]>([:])

    func current(for key: String) -> BlueskySession? { held.withLock { $0[key] } }
    func keep(_ session: BlueskySession, for key: String) { held.withLock { $0[key] = session } }
}

/// One write at a time per account from this process. A repository is a chain of commits, and
/// a PDS that does not serialise them itself (the third-party one the suite runs against answers
/// 200 to ten simultaneous creates and keeps six) loses posts that were answered as stored.
final class BlueskyWriteLanes: Sendable {
    private struct State {
        var busy: Set<String> = []
        var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    private let state = Mutex(State())

    func run<T>(_ account: String, _ body: () async throws(PlatformError) -> T) async throws(PlatformError) -> T {
        await acquire(account)
        defer { release(account) }
        return try await body()
    }

    private func acquire(_ account: String) async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard state.busy.contains(account) else {
                    state.busy.insert(account)
                    return true
                }
                state.waiting[account, default: []].append(waiter)
                return false
            }
            if now { waiter.resume() }
        }
    }

    private func release(_ account: String) {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if var queue = state.waiting[account], !queue.isEmpty {
                let next = queue.removeFirst()
                state.waiting[account] = queue.isEmpty ? nil : queue
                return next  // the account stays busy: handed to the next writer
            }
            state.busy.remove(account)
            return nil
        }
        next?.resume()
    }
}
