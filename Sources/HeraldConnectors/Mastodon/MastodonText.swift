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
        return HTMLEntities.decode(text)
    }

    /// For comparison only: runs of whitespace become one space, ends trimmed.
    static func comparable(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
