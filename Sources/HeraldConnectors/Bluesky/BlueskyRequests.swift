import Foundation
import HeraldCore

/// XRPC request bodies for Bluesky (checked against the lexicons by the contract checker).
public enum BlueskyRequests {
    /// `com.atproto.repo.createRecord` input for a post. The record key is chosen by us (a TID
    /// derived from the idempotency key) so that a retried create cannot make a second post.
    public static func createPost(repo: String, recordKey: String?, text: String, languages: [String] = [],
                                  createdAt: Date, resolveHandle: (String) -> String? = { _ in nil }) -> JSONValue {
        createRecord(repo: repo, recordKey: recordKey,
                     record: post(text: text, languages: languages, createdAt: createdAt, resolveHandle: resolveHandle))
    }

    public static func createRecord(repo: String, recordKey: String?, record: JSONValue,
                                    collection: String = "app.bsky.feed.post") -> JSONValue {
        var input: [String: JSONValue] = ["repo": .string(repo), "collection": .string(collection), "record": record]
        if let recordKey { input["rkey"] = .string(recordKey) }
        return .object(input)
    }

    /// An `app.bsky.feed.post` record: text with its facets (links, mentions whose handle
    /// resolves, hashtags), languages, and an embed and a reply reference when given.
    public static func post(text: String, languages: [String] = [], createdAt: Date, embed: JSONValue? = nil,
                            reply: JSONValue? = nil, resolveHandle: (String) -> String? = { _ in nil }) -> JSONValue {
        var record: [String: JSONValue] = [
            "$type": "app.bsky.feed.post",
            "text": .string(text),
            "createdAt": .string(timestamp(createdAt)),
        ]
        let facets = BlueskyRichText.facets(for: text, resolveHandle: resolveHandle)
        if !facets.isEmpty { record["facets"] = .array(facets.map(json)) }
        if !languages.isEmpty { record["langs"] = .array(languages.map(JSONValue.string)) }
        if let embed { record["embed"] = embed }
        if let reply { record["reply"] = reply }
        return .object(record)
    }

    /// `com.atproto.repo.strongRef`.
    public static func strongRef(uri: String, cid: String) -> JSONValue { ["uri": .string(uri), "cid": .string(cid)] }

    /// `app.bsky.embed.images`: uploaded blobs with their alt text (empty when there is none, as
    /// the lexicon requires the field) and their proportions when known.
    public static func images(_ items: [(blob: JSONValue, alt: String, width: Int?, height: Int?)]) -> JSONValue {
        .object(["$type": "app.bsky.embed.images", "images": .array(items.map { item in
            var image: [String: JSONValue] = ["image": item.blob, "alt": .string(item.alt)]
            if let width = item.width, let height = item.height, width > 0, height > 0 {
                image["aspectRatio"] = ["width": .int(width), "height": .int(height)]
            }
            return .object(image)
        })])
    }

    /// `app.bsky.embed.external`: a link card.
    public static func external(uri: String, title: String, description: String, thumb: JSONValue?) -> JSONValue {
        var card: [String: JSONValue] = ["uri": .string(uri), "title": .string(title), "description": .string(description)]
        if let thumb { card["thumb"] = thumb }
        return ["$type": "app.bsky.embed.external", "external": .object(card)]
    }

    /// A quote: `app.bsky.embed.record`, or `recordWithMedia` when the post has images too.
    public static func quote(_ ref: JSONValue, media: JSONValue?) -> JSONValue {
        guard let media else { return ["$type": "app.bsky.embed.record", "record": ref] }
        return ["$type": "app.bsky.embed.recordWithMedia", "record": ["record": ref], "media": media]
    }

    /// `app.bsky.feed.post#replyRef`.
    public static func reply(root: JSONValue, parent: JSONValue) -> JSONValue { ["root": root, "parent": parent] }

    static func json(_ facet: BlueskyRichText.Facet) -> JSONValue {
        let feature: JSONValue = switch facet.feature {
        case .link(let uri): ["$type": "app.bsky.richtext.facet#link", "uri": .string(uri)]
        case .mention(let did): ["$type": "app.bsky.richtext.facet#mention", "did": .string(did)]
        case .tag(let tag): ["$type": "app.bsky.richtext.facet#tag", "tag": .string(tag)]
        }
        return ["index": ["byteStart": .int(facet.byteStart), "byteEnd": .int(facet.byteEnd)], "features": [feature]]
    }

    /// An AT Protocol datetime read back (with or without fractional seconds), as written (what
    /// is kept goes through `PlatformHTTP.date`).
    static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// AT Protocol datetimes: RFC 3339 in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
