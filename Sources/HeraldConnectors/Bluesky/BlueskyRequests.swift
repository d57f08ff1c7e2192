import Foundation
import HeraldCore

/// XRPC request bodies for Bluesky.
public enum BlueskyRequests {
    /// `com.atproto.repo.createRecord` input for a post. The record key is chosen by us (a TID
    /// derived from the idempotency key) so that a retried create cannot make a second post.
    public static func createPost(repo: String, recordKey: String?, text: String, languages: [String] = [],
                                  createdAt: Date, resolveHandle: (String) -> String? = { _ in nil }) -> JSONValue {
        var record: [String: JSONValue] = [
            "$type": "app.bsky.feed.post",
            "text": .string(text),
            "createdAt": .string(timestamp(createdAt)),
        ]
        let facets = BlueskyRichText.facets(for: text, resolveHandle: resolveHandle)
        if !facets.isEmpty { record["facets"] = .array(facets.map(json)) }
        if !languages.isEmpty { record["langs"] = .array(languages.map(JSONValue.string)) }
        var input: [String: JSONValue] = [
            "repo": .string(repo), "collection": "app.bsky.feed.post", "record": .object(record),
        ]
        if let recordKey { input["rkey"] = .string(recordKey) }
        return .object(input)
    }

    static func json(_ facet: BlueskyRichText.Facet) -> JSONValue {
        let feature: JSONValue = switch facet.feature {
        case .link(let uri): ["$type": "app.bsky.richtext.facet#link", "uri": .string(uri)]
        case .mention(let did): ["$type": "app.bsky.richtext.facet#mention", "did": .string(did)]
        case .tag(let tag): ["$type": "app.bsky.richtext.facet#tag", "tag": .string(tag)]
        }
        return ["index": ["byteStart": .int(facet.byteStart), "byteEnd": .int(facet.byteEnd)], "features": [feature]]
    }

    /// AT Protocol datetimes: RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
