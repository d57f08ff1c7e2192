import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Whether the client of a waiting request has gone, asked of the kernel's socket table (Linux's
/// `sock_diag` netlink interface, as `ss` asks it).
///
/// Vapor 4 does not tell a handler, nor a middleware, that its connection closed (a request has no
/// channel, and the server's pipeline takes no handlers of ours). So under overload a client that
/// gave up (a reload, a proxy's timeout, a benchmark's end) still had its request answered when its
/// turn came, in front of those still waiting. The kernel knows: the server's side of a connection
/// whose client closed it sits in CLOSE_WAIT, and one the client reset is gone from the table. The
/// gate asks here when it hands a place to a request that has waited (`ConcurrencyLimit`), and a
/// request whose client is gone is dropped before its handler runs.
///
/// Reading `/proc/net/tcp` instead was tried and undone: it lists every socket in TIME_WAIT too,
/// and after a busy minute its 1,200 lines took 12 ms of kernel time to produce. The netlink dump
/// is filtered by state in the kernel (established, closing, listening) and comes back as binary
/// records. It is asked at most every `refresh` (100 ms), only while requests wait and only for the
/// family of the client's address; the dump walks the kernel's whole connection hash table (a
/// `perf` of the month calendar under `wrk` found the kernel's `tcp_diag_dump` at 7 % of the
/// server's time when both families were dumped every 20 ms). One caller reads while the others
/// keep using the previous answer, so no event loop waits on another's dump.
///
/// A request counts as gone only when the answer is trustworthy: the dump succeeded and holds this
/// server's listening socket, and the client's connection is in CLOSE_WAIT or in none of the
/// states of a live connection. Anything else (another platform, no permission, an address written
/// differently) counts as present, so a mistake here can only let a departed client's request run.
final class PeerClosure: Sendable {
    struct Peer: Hashable, Sendable {
        var address: String
        var port: Int
        var localPort: Int
    }

    struct Table: Sendable {
        var live: Set<Peer> = []
        var closing: Set<Peer> = []
        var listening: Set<Int> = []
    }

    private struct Snapshot {
        var taken: NIODeadline
        var table: Table?
    }

    private let refresh: TimeAmount
    /// By address family: the last answer, and whether a caller is reading a new one.
    private let snapshots = NIOLockedValueBox<(last: [Int32: Snapshot], reading: Set<Int32>)>(([:], []))

    init(refresh: TimeAmount = .milliseconds(100)) {
        self.refresh = refresh
    }

    /// True when the connection from `remote` to this server's `localPort` is known to be gone.
    /// `since`: when the request arrived. Only a table read after that can say a connection is
    /// missing (a connection opened after the table was read is missing from it too).
    func hasClosed(remote: SocketAddress?, localPort: Int?, since: NIODeadline) -> Bool {
        guard let remote, let address = remote.ipAddress, let port = remote.port, let localPort else { return false }
        let family: Int32
        switch remote {
        case .v4: family = AF_INET
        case .v6: family = AF_INET6
        default: return false
        }
        let now = NIODeadline.now()
        let (kept, mustRead): (Table?, Bool) = snapshots.withLockedValue { state in
            let last = state.last[family]
            if let last, last.taken >= since, now - last.taken < refresh { return (last.table, false) }
            // Another caller is reading: the client counts as present.
            if state.reading.contains(family) { return (nil, false) }
            state.reading.insert(family)
            return (nil, true)
        }
        var table = kept
        if mustRead {
            table = Self.read(families: [UInt8(family)])
            snapshots.withLockedValue { state in
                state.last[family] = Snapshot(taken: now, table: table)
                state.reading.remove(family)
            }
        }
        guard let table, table.listening.contains(localPort) else { return false }
        let peer = Peer(address: Self.normalized(address), port: port, localPort: localPort)
        return table.closing.contains(peer) || !table.live.contains(peer)
    }

    /// TCP states as the kernel numbers them.
    private static let established: UInt8 = 1, closeWait: UInt8 = 8, listen: UInt8 = 10

    /// Every TCP socket of `families` (IPv4 and IPv6 unless told) that is established, in CLOSE_WAIT
    /// or listening; nil when the kernel cannot be asked.
    static func read(families: [UInt8] = [UInt8(AF_INET), UInt8(AF_INET6)]) -> Table? {
        #if os(Linux)
        let fd = socket(16 /* AF_NETLINK */, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 4 /* NETLINK_SOCK_DIAG */)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var table = Table()
        for family in families {
            guard dump(fd, family: family, into: &table) else { return nil }
        }
        return table
        #else
        return nil
        #endif
    }

    #if os(Linux)
    /// One `SOCK_DIAG_BY_FAMILY` dump request for `family`, its records read until the kernel says done.
    private static func dump(_ fd: Int32, family: UInt8, into table: inout Table) -> Bool {
        // nlmsghdr (16 bytes) and inet_diag_req_v2 (56 bytes), little-endian as the host.
        var request = [UInt8](repeating: 0, count: 72)
        func put32(_ value: UInt32, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { request.replaceSubrange(offset..<offset + 4, with: $0) } }
        func put16(_ value: UInt16, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { request.replaceSubrange(offset..<offset + 2, with: $0) } }
        put32(72, at: 0)                                   // nlmsg_len
        put16(20, at: 4)                                   // SOCK_DIAG_BY_FAMILY
        put16(0x301, at: 6)                                // NLM_F_REQUEST | NLM_F_DUMP
        request[16] = family
        request[17] = UInt8(IPPROTO_TCP)
        put32(1 << UInt32(established) | 1 << UInt32(closeWait) | 1 << UInt32(listen), at: 20)  // idiag_states
        guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == 72 else { return false }

        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return false }
            var offset = 0
            while offset + 16 <= count {
                let length = Int(read32(buffer, offset)), type = read16(buffer, offset + 4)
                guard length >= 16, offset + length <= count else { return false }
                if type == 3 { return true }                  // NLMSG_DONE
                if type == 2 { return false }                 // NLMSG_ERROR
                if type == 20, length >= 16 + 72 {
                    record(buffer, at: offset + 16, family: family, into: &table)
                }
                offset += (length + 3) & ~3
            }
        }
    }

    /// inet_diag_msg: family, state, timer, retrans; then sport, dport (big-endian), src, dst (16 bytes each).
    private static func record(_ bytes: [UInt8], at start: Int, family: UInt8, into table: inout Table) {
        let state = bytes[start + 1]
        let localPort = Int(bytes[start + 4]) << 8 | Int(bytes[start + 5])
        if state == listen {
            table.listening.insert(localPort)
            return
        }
        let remotePort = Int(bytes[start + 6]) << 8 | Int(bytes[start + 7])
        let remote = Array(bytes[(start + 24)..<(start + 40)])
        guard let address = text(family == UInt8(AF_INET) ? Array(remote[0..<4]) : remote) else { return }
        let peer = Peer(address: address, port: remotePort, localPort: localPort)
        if state == closeWait { table.closing.insert(peer) } else { table.live.insert(peer) }
    }

    private static func read32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }

    private static func read16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }
    #endif

    /// An address's bytes as `SocketAddress.ipAddress` writes them; an IPv4-mapped IPv6 address as
    /// its IPv4 form.
    static func text(_ bytes: [UInt8]) -> String? {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        guard bytes.count == 16 else { return nil }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        var storage = in6_addr()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &storage, &text, socklen_t(text.count)) != nil else { return nil }
        return normalized(String(cString: text))
    }

    /// An IPv4-mapped IPv6 address as its IPv4 form, so either spelling of one client matches.
    static func normalized(_ address: String) -> String {
        address.hasPrefix("::ffff:") && address.contains(".") ? String(address.dropFirst(7)) : address
    }
}
