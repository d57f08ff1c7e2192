import Foundation
import HeraldCore

/// The record key of a Bluesky post, derived from its publication's idempotency key: every
/// attempt at one publication writes the same `at://…/app.bsky.feed.post/<rkey>`, so a retried
/// create cannot make a second post and reconciliation reads that one record (`getRecord`)
/// instead of trusting the server to remember anything.
///
/// A key is a TID (13 characters of base32-sortable: a 53-bit microsecond time and a 10-bit
/// clock id), as the post lexicon asks. Both parts come from a 64-bit digest of the idempotency
/// key; the time is kept between 2023-01-01 and 2024-02-12 so that it is never in the future.
public enum BlueskyRecordKey {
    static let alphabet = Array("234567abcdefghijklmnopqrstuvwxyz")
    /// 2023-01-01T00:00:00Z in microseconds.
    static let base: UInt64 = 1_672_531_200_000_000
    /// 2^45 µs: about 407 days.
    static let span: UInt64 = 1 << 45

    public static func derived(from idempotencyKey: String) -> String {
        let digest = StableHash.of("bluesky-rkey:" + idempotencyKey)
        let micros = base + (digest >> 19) % span
        return tid(micros: micros, clockID: digest & 0x3FF)
    }

    /// The TID for a time (microseconds since 1970) and a clock id (0–1023).
    public static func tid(micros: UInt64, clockID: UInt64) -> String {
        var value = ((micros & ((1 << 53) - 1)) << 10) | (clockID & 0x3FF)
        var characters = [Character](repeating: "2", count: 13)
        for index in stride(from: 12, through: 0, by: -1) {
            characters[index] = alphabet[Int(value & 31)]
            value >>= 5
        }
        return String(characters)
    }

    /// Whether `text` has the shape of a TID (what the post lexicon accepts as a key).
    public static func isTID(_ text: String) -> Bool {
        let characters = Array(text)
        guard characters.count == 13, let first = alphabet.firstIndex(of: characters[0]), first < 16 else { return false }
        return characters.allSatisfy { alphabet.contains($0) }
    }
}

/// An `at://` address of a record: repository (a DID or handle), collection and key.
public struct ATURI: Sendable, Equatable, CustomStringConvertible {
    public var repo: String
    public var collection: String
    public var rkey: String

    public init(repo: String, collection: String, rkey: String) {
        self.repo = repo
        self.collection = collection
        self.rkey = rkey
    }

    /// `at://did:plc:…/app.bsky.feed.post/3k…`, or a post's web address
    /// `https://bsky.app/profile/<did or handle>/post/<rkey>`.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("at://") {
            let parts = trimmed.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
            self.init(repo: String(parts[0]), collection: String(parts[1]), rkey: String(parts[2]))
        } else if let url = URL(string: trimmed), url.scheme == "https", url.host == "bsky.app" {
            let parts = url.path.split(separator: "/")
            guard parts.count == 4, parts[0] == "profile", parts[2] == "post" else { return nil }
            self.init(repo: String(parts[1]), collection: "app.bsky.feed.post", rkey: String(parts[3]))
        } else {
            return nil
        }
    }

    public var description: String { "at://\(repo)/\(collection)/\(rkey)" }
}
