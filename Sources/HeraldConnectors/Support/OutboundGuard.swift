import Foundation
import HeraldCore
import NIOPosix
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Checks a URL someone typed before Herald sends anything there: its host is resolved and every
/// address it resolves to must be one `OutboundAddressPolicy` permits. Checked when the URL is
/// saved and again before each request (a name can be pointed elsewhere in between). Redirects are
/// not followed by Herald's clients, so a permitted server cannot bounce a request inward.
public struct OutboundGuard: Sendable {
    public let policy: OutboundAddressPolicy
    /// Verdicts on hosts written as addresses: they never change for one policy, and a burst asks
    /// about the same server thousands of times. Names are resolved on every request.
    private let literals = LiteralVerdicts()

    public init(allowed: [String]) { policy = OutboundAddressPolicy(allowed: allowed) }

    public struct Refusal: Error, Sendable, Equatable {
        public var host: String
        /// The name resolves to no address at all (rather than to a refused one).
        public var unresolved = false
    }

    public func check(_ url: String) async throws(Refusal) {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { throw Refusal(host: url) }
        if let permitted = literals[host] {
            guard permitted else { throw Refusal(host: host) }
            return
        }
        let bare = OutboundAddressPolicy.unbracketed(host)
        if OutboundAddressPolicy.parse(bare) != nil {
            let permitted = policy.permits(host: host, resolved: [bare])
            literals[host] = permitted
            guard permitted else { throw Refusal(host: host) }
            return
        }
        let addresses = await Self.resolve(bare)
        guard policy.permits(host: host, resolved: addresses) else { throw Refusal(host: host, unresolved: addresses.isEmpty) }
    }

    /// A bounded memo (emptied when full: a server makes requests to a handful of hosts).
    private final class LiteralVerdicts: Sendable {
        private let verdicts = Mutex<[String: Bool]>([:])

        subscript(host: String) -> Bool? {
            get { verdicts.withLock { $0[host] } }
            set {
                verdicts.withLock { verdicts in
                    if verdicts.count >= 256 { verdicts.removeAll() }
                    verdicts[host] = newValue
                }
            }
        }
    }

    /// The host's addresses (getaddrinfo on a thread of its own: it blocks).
    static func resolve(_ host: String) async -> [String] {
        (try? await NIOThreadPool.singleton.runIfActive { lookup(host) }) ?? []
    }

    static func lookup(_ host: String) -> [String] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let current = entry {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if current.pointee.ai_family == AF_INET, let address = current.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &value, &buffer, socklen_t(buffer.count))
                }
                addresses.append(String(cString: buffer))
            } else if current.pointee.ai_family == AF_INET6, let address = current.pointee.ai_addr {
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var value = pointer.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &value, &buffer, socklen_t(buffer.count))
                }
                addresses.append(String(cString: buffer))
            }
            entry = current.pointee.ai_next
        }
        return addresses
    }
}
