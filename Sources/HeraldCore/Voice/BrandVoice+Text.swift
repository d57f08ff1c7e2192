/// The banned-terms list as people edit it in a text box, one term a line:
///
///     дёшево -> выгодно        a warning that suggests a replacement
///     !конкурент*              a block (leading "!"); "*" matches any ending
extension BrandVoice {
    public static let maxBannedTerms = 500

    public static func parseBannedTerms(_ text: String, field: String = "banned_terms") throws(ValidationError) -> [BannedTerm] {
        var terms: [BannedTerm] = []
        for (number, rawLine) in text.split(whereSeparator: \.isNewline).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var severity = Severity.warning
            if line.hasPrefix("!") {
                severity = .block
                line = String(line.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            let parts = line.components(separatedBy: "->")
            let term = parts[0].trimmingCharacters(in: .whitespaces)
            let replacement = parts.count > 1 ? parts[1...].joined(separator: "->").trimmingCharacters(in: .whitespaces) : nil
            guard !term.isEmpty, term.count <= 100, term != "*" else {
                throw ValidationError(code: "invalid_banned_term", field: field,
                                      message: .init(.voiceBadTermLine, String(number + 1)))
            }
            terms.append(BannedTerm(term, replacement: replacement?.isEmpty == false ? replacement : nil, severity: severity))
        }
        guard terms.count <= maxBannedTerms else {
            throw ValidationError(code: "too_many", field: field,
                                  message: .init(.errorTooLong, String(maxBannedTerms), String(terms.count - maxBannedTerms)))
        }
        return terms
    }

    public static func formatBannedTerms(_ terms: [BannedTerm]) -> String {
        terms.map { term in
            (term.severity == .block ? "!" : "") + term.term + (term.replacement.map { " -> " + $0 } ?? "")
        }.joined(separator: "\n")
    }

    /// An ad label template must carry both the advertiser and the token.
    public static func validAdTemplate(_ raw: String?, field: String = "ad_label_template") throws(ValidationError) -> String? {
        guard let template = raw?.trimmingCharacters(in: .whitespacesAndNewlines), !template.isEmpty else { return nil }
        guard template.contains("{advertiser}"), template.contains("{token}"), template.count <= 300 else {
            throw ValidationError(code: "invalid_template", field: field, message: .init(.voiceBadAdTemplate))
        }
        return template
    }
}
