import Foundation

/// Where Herald may send requests on a user's behalf (webhooks, a Mastodon server someone typed).
/// Addresses inside the machine or its private network — loopback, link-local (the cloud
/// metadata service at 169.254.169.254), private ranges, carrier-grade NAT, unique-local IPv6,
/// unspecified and multicast — are refused, unless the installation lists them as allowed
/// (`HERALD_ALLOW_PRIVATE_URLS`: host names, addresses or CIDR networks).
public struct OutboundAddressPolicy: Sendable, Equatable {
    public var allowed: [String]

    public init(allowed: [String] = []) { self.allowed = allowed }

    /// Whether a host (as written in the URL) resolving to these addresses may be reached.
    public func permits(host: String, resolved addresses: [String]) -> Bool {
        let name = Self.unbracketed(host.lowercased())
        if allowed.contains(where: { $0.lowercased() == name }) { return true }
        guard !addresses.isEmpty else { return false }
        return addresses.allSatisfy { address in
            guard let bytes = Self.parse(address) else { return false }
            return Self.isPublic(bytes) || allowed.contains { Self.contains(network: $0, bytes) }
        }
    }

    /// A host as written in a URL without the brackets around an IPv6 address.
    public static func unbracketed(_ host: String) -> String {
        var text = Substring(host)
        while text.first == "[" || text.first == "]" { text.removeFirst() }
        while text.last == "[" || text.last == "]" { text.removeLast() }
        return String(text)
    }

    /// IPv4 as 4 bytes, IPv6 as 16 (IPv4-mapped IPv6 is read as IPv4).
    public static func parse(_ text: String) -> [UInt8]? {
        let text = text.split(separator: "%").first.map(String.init) ?? text  // zone index
        if text.contains(":") { return parseIPv6(text).map { mapped($0) ?? $0 } }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            guard !part.isEmpty else { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = parse(String(piece)) {
                    result += [UInt16(v4[0]) << 8 | UInt16(v4[1]), UInt16(v4[2]) << 8 | UInt16(v4[3])]
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let missing = 8 - head.count - tail.count
        guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
        let all = head + [UInt16](repeating: 0, count: halves.count == 2 ? missing : 0) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    static func mapped(_ bytes: [UInt8]) -> [UInt8]? {
        bytes.count == 16 && bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF ? Array(bytes[12...]) : nil
    }

    /// Not loopback, private, link-local, shared, unspecified, multicast or reserved.
    public static func isPublic(_ bytes: [UInt8]) -> Bool {
        if bytes.count == 4 {
            let (a, b) = (bytes[0], bytes[1])
            switch a {
            case 0, 10, 127: return false
            case 100 where (64...127).contains(b): return false  // carrier-grade NAT
            case 169 where b == 254: return false  // link-local, cloud metadata
            case 172 where (16...31).contains(b): return false
            case 192 where b == 168: return false
            case 192 where b == 0 && bytes[2] == 0: return false
            case 198 where b == 18 || b == 19: return false  // benchmarking
            case 224...255: return false  // multicast, reserved, broadcast
            default: return true
            }
        }
        guard bytes.count == 16 else { return false }
        if bytes.allSatisfy({ $0 == 0 }) { return false }  // ::
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return false }  // ::1
        if bytes[0] & 0xFE == 0xFC { return false }  // fc00::/7 unique local
        if bytes[0] == 0xFE && bytes[1] & 0xC0 == 0x80 { return false }  // fe80::/10 link-local
        if bytes[0] == 0xFF { return false }  // multicast
        return true
    }

    /// Whether `network` (an address or `address/prefix`) contains `bytes`.
    static func contains(network: String, _ bytes: [UInt8]) -> Bool {
        let parts = network.split(separator: "/", maxSplits: 1)
        guard let base = parse(String(parts[0])), base.count == bytes.count else { return false }
        let prefix = parts.count == 2 ? Int(parts[1]) ?? -1 : base.count * 8
        guard (0...(base.count * 8)).contains(prefix) else { return false }
        for bit in 0..<prefix {
            let mask = UInt8(0x80) >> UInt8(bit % 8)
            if base[bit / 8] & mask != bytes[bit / 8] & mask { return false }
        }
        return true
    }
}
