/// Mastodon keeps a status as HTML (`<p>` paragraphs, `<br />` line breaks, links whose long
/// parts sit in invisible spans). To recognise Herald's own text in it, both are reduced to the
/// same form: tags dropped (breaks and paragraphs become spaces), entities decoded, whitespace
/// collapsed.
enum MastodonText {
    /// The text as a person wrote it: paragraphs as blank lines, line breaks kept, ends trimmed.
    static func readable(fromHTML html: String?) -> String {
        guard let html else { return "" }
        let marked = html.replacingOccurrences(of: "</p><p>", with: "\u{1}").replacingOccurrences(of: "<br />", with: "\u{2}")
            .replacingOccurrences(of: "<br>", with: "\u{2}")
        return plain(fromHTML: marked).replacingOccurrences(of: "\u{1}", with: "\n\n").replacingOccurrences(of: "\u{2}", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func plain(fromHTML html: String?) -> String {
        guard let html else { return "" }
        var text = ""
        var tag = ""
        var inTag = false
        for character in html {
            if inTag {
                if character == ">" {
                    inTag = false
                    let name = tag.lowercased().split(whereSeparator: { $0 == " " || $0 == "/" }).first.map(String.init) ?? ""
                    if name == "br" || name == "p" { text.append(" ") }
                    tag = ""
                } else {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else {
                text.append(character)
            }
        }
        return decodeEntities(text)
    }

    /// For comparison only: runs of whitespace become one space, ends trimmed.
    static func comparable(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[amp...]
            guard let semicolon = after.prefix(12).firstIndex(of: ";") else {
                result += "&"
                rest = after.dropFirst()
                continue
            }
            let name = after[after.index(after: amp)..<semicolon]
            if let decoded = entity(String(name)) {
                result.append(decoded)
                rest = after[after.index(after: semicolon)...]
            } else {
                result += "&"
                rest = after.dropFirst()
            }
        }
        return result + rest
    }

    static func entity(_ name: String) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            let number: UInt32? = name.hasPrefix("#x") || name.hasPrefix("#X") ? UInt32(name.dropFirst(2), radix: 16)
                : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
            return number.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
