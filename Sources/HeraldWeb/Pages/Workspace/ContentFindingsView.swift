import HeraldApp
import HeraldCore

/// What content works: the clear findings first, then every group by dimension with its
/// multiple of a usual post, interval and number of posts.
enum ContentFindingsView {
    static func render(_ context: PageContext, _ findings: ContentFindings) -> HTML {
        let header = "<section aria-labelledby=\"content-title\"><h2 id=\"content-title\">\(context.t(.contentTitle))</h2>"
            + "<p class=\"hint\">\(context.t(.contentHint))</p>"
        guard findings.posts > 0 else { return "\(header.asHTML)<p class=\"muted\">\(context.t(.contentEmpty))</p></section>" }
        let clear: [HTML] = findings.clear().map { "<li class=\"finding clear\">\(sentence(context, $0))</li>" }
        let tables: [HTML] = ContentFindings.Dimension.allCases.compactMap { dimension in
            guard let groups = findings.groups[dimension], !groups.isEmpty else { return nil }
            let rows: [HTML] = groups.map { group in
                let e = group.estimate
                return """
                <tr\(group.isClear ? " class=\"finding clear\"" : "")><th scope="row">\(name(context, group))</th>
                <td>\(times(context, e.mean))</td><td>\(BestTimeView.interval(context, e))</td><td>\(e.n)</td></tr>
                """
            }
            return """
            <h3>\(context.t(dimension.label))</h3><div class="table-scroll"><table>
            <thead><tr><th>\(context.t(.contentGroup))</th><th>\(context.t(.contentTimes))</th><th>\(context.t(.contentInterval))</th>
            <th>\(context.t(.contentPosts))</th></tr></thead><tbody>\(rows)</tbody></table></div>
            """
        }
        return """
        \(header.asHTML)
        <h3>\(context.t(.contentClear))</h3>
        \(clear.isEmpty ? "<p class=\"muted\">\(context.t(.contentNoneClear))</p>" as HTML : "<ul>\(clear)</ul>")
        \(tables)
        </section>
        """
    }

    static func times(_ context: PageContext, _ value: Double) -> String { NumberText.decimal(value, in: context.language) }

    /// A group's name in the reader's language: kinds and lengths from the catalogue, weekdays by name, `#tag`.
    static func name(_ context: PageContext, _ group: ContentFindings.Group) -> String {
        switch group.dimension {
        case .kind: ContentKind(rawValue: group.value).map { context.t($0.label) } ?? group.value
        case .length: LengthBand(rawValue: group.value).map { context.t($0.label) } ?? group.value
        case .weekday: Int(group.value).flatMap { (1...7).contains($0) ? context.t(BestTimeView.days[$0 - 1]) : nil } ?? group.value
        case .hashtag: "#" + group.value
        case .imageTag, .campaign: group.value
        }
    }

    /// "For Acme: posts with one image get 1.8× the interactions of a usual post (n = 42)."
    static func composerSentence(_ context: PageContext, channel: String, _ group: ContentFindings.Group) -> String {
        let subject = group.dimension == .kind
            ? ContentKind(rawValue: group.value).map { context.t($0.label) } ?? group.value
            : context.t(LocalizedText(.contentTagSubject, group.value))
        return context.t(LocalizedText(.contentComposerFinding, channel, subject, times(context, group.estimate.mean), String(group.estimate.n)))
    }

    static func sentence(_ context: PageContext, _ group: ContentFindings.Group) -> String {
        context.t(LocalizedText(.contentFindingLine, context.t(group.dimension.label), name(context, group), times(context, group.estimate.mean),
                                String(group.estimate.n), times(context, group.estimate.low), times(context, group.estimate.high)))
    }
}
