/// A saved reply's text with its variables filled in: `{name}`, `{post_link}`, `{channel}` from
/// the item, any other `{word}` from what the person typed. Unknown braces stay as written.
public enum SavedReplyText {
    /// The variables a text uses, in order of first appearance (`{order_number}` → "order_number").
    public static func variables(in text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = String(after[..<close])
            if !name.isEmpty, name.count <= 40, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !found.contains(name) {
                found.append(name)
            }
            rest = after[after.index(after: close)...]
        }
        return found
    }

    /// The text with `values` put in; answers it and the variables still without a value.
    public static func render(_ text: String, values: [String: String]) -> (text: String, missing: [String]) {
        var result = text
        var missing: [String] = []
        for name in variables(in: text) {
            if let value = values[name], !value.isEmpty {
                result = result.replacingOccurrences(of: "{\(name)}", with: value)
            } else {
                missing.append(name)
            }
        }
        return (result, missing)
    }

    /// The variables Herald fills in from the item itself.
    public static let known: Set<String> = ["name", "post_link", "channel"]
}
