/// A decoder's coding path as people and API clients see a field: `variants[1].options`.
public enum FieldPath {
    public static func text(_ path: [any CodingKey]) -> String {
        path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }
}
