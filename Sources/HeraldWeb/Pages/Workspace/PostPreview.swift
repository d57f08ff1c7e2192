import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// How a channel will show the post: account name, avatar placeholder, the final text with
/// links, hashtags and mentions highlighted as the platform highlights them.
enum PostPreview {
    /// `images` are URLs of the attached files; the first is shown as the platform crops it
    /// (see the stylesheet: 16:9 on X and Mastodon timelines, square on Instagram's grid, 4:3 on LinkedIn).
    static func card(channelName: String, platform: Platform, text: String, firstComment: String? = nil, link: String? = nil,
                     clickableLinks: Bool, images: [String] = []) -> HTML {
        let initial = channelName.first.map { String($0).uppercased() } ?? "?"
        let picture: HTML = images.first.map {
            "<div class=\"preview-media\"><img src=\"\($0)\" alt=\"\"></div>\(images.count > 1 ? "<small>+\(images.count - 1)</small>" as HTML : .empty)" as HTML
        } ?? .empty
        let body: HTML = platform == .instagram
            ? "\(picture)<p class=\"preview-text\">\(highlighted(text, clickableLinks: clickableLinks))</p>"
            : "<p class=\"preview-text\">\(highlighted(text, clickableLinks: clickableLinks))</p>\(picture)"
        // The link attachment and the first comment, as they will follow the post.
        let attached: HTML = link.map { "<p class=\"preview-link\">🔗 \(highlighted($0, clickableLinks: true))</p>" as HTML } ?? .empty
        let comment: HTML = firstComment.map {
            "<p class=\"preview-comment\"><strong>\(channelName)</strong> \(highlighted($0, clickableLinks: clickableLinks))</p>" as HTML
        } ?? .empty
        return """
        <article class="preview preview-\(platform.rawValue)"><header><span class="avatar" aria-hidden="true">\(initial)</span>
        <strong>\(channelName)</strong> <small>\(platform.displayName)</small></header>
        \(body)\(attached)\(comment)</article>
        """
    }

    /// The text, escaped, with links (when the platform makes them clickable), hashtags and
    /// @mentions wrapped; line breaks kept.
    static func highlighted(_ text: String, clickableLinks: Bool) -> HTML {
        var marks: [(Range<String.Index>, String)] = []
        for range in URLDetector.urls(in: text, allowBareDomains: true) { marks.append((range, "link")) }
        for occurrence in Hashtags.occurrences(in: text) where !marks.contains(where: { $0.0.overlaps(occurrence.range) }) {
            marks.append((occurrence.range, "tag"))
        }
        if let regex = try? NSRegularExpression(pattern: #"(?<![\w@])@[\w.-]*\w"#) {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range, in: text), !marks.contains(where: { $0.0.overlaps(range) }) else { continue }
                marks.append((range, "mention"))
            }
        }
        var html = ""
        var index = text.startIndex
        for (range, kind) in marks.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            html += escapeLines(String(text[index..<range.lowerBound]))
            let shown = HTML.escape(String(text[range]))
            if kind == "link" && clickableLinks {
                let href = text[range].lowercased().hasPrefix("http") ? String(text[range]) : "https://" + text[range]
                html += "<a href=\"\(HTML.escape(href))\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">\(shown)</a>"
            } else {
                html += "<span class=\"\(kind)\">\(shown)</span>"
            }
            index = range.upperBound
        }
        html += escapeLines(String(text[index...]))
        return HTML(unsafe: html)
    }

    private static func escapeLines(_ text: String) -> String {
        HTML.escape(text).replacingOccurrences(of: "\n", with: "<br>")
    }

    /// The previews a post's screen read, drawn. `imageURL` makes the address of a file (the members'
    /// library route, or the client link's).
    static func cards(_ previews: [PostScreen.Preview], imageURL: (MediaFile) -> String) -> [HTML] {
        previews.map { preview in
            let outgoing = preview.outgoing
            return card(channelName: preview.channelName, platform: outgoing.platform, text: outgoing.text,
                        firstComment: outgoing.firstComment, link: outgoing.link,
                        clickableLinks: PlatformRules.defaults(for: outgoing.platform).clickableLinks,
                        images: preview.files.filter { !$0.format.isVideo }.map(imageURL))
        }
    }

    static func cards(_ previews: [PostScreen.Preview], access: WorkspaceAccess) -> [HTML] {
        cards(previews) { SiteURL.workspace(access.workspaceID, .mediaFile($0.id)).path }
    }
}
