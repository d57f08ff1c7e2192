/// A typed list of hashtags normalised to "#a #b": `#` added, duplicates (any case) dropped,
/// anything that is not a hashtag refused by name.
public enum HashtagSet {
    public static func normalise(_ raw: String?, field: String = "tags") throws(ValidationError) -> String {
        var seen = Set<String>(), result: [String] = []
        for word in (raw ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "," }) {
            let tag = word.hasPrefix("#") ? String(word) : "#" + word
            guard Hashtags.extract(tag) == [String(tag.dropFirst())] else {
                throw ValidationError(code: "invalid_hashtag", field: field, message: .init(.voiceBadHashtag, String(word)))
            }
            if seen.insert(tag.lowercased()).inserted { result.append(tag) }
        }
        guard !result.isEmpty else { throw ValidationError(code: "required", field: field, message: .init(.errorRequired)) }
        guard result.count <= 60 else {
            throw ValidationError(code: "too_many", field: field, message: .init(.errorTooLong, "60", String(result.count - 60)))
        }
        return result.joined(separator: " ")
    }
}
