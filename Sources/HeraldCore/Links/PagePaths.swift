import Foundation

/// The pages that messages sent outside the web (e-mails, Telegram notices, password links) link
/// to, as paths to put after the installation's public address. The web's `SiteURL` builds the
/// same paths for its own links; a test holds the two together, so a moved page cannot leave the
/// messages pointing at nothing.
public enum PagePaths {
    public static func post(_ workspace: UUID, _ post: UUID) -> String { "\(base(workspace))/posts/\(id(post))" }
    public static func today(_ workspace: UUID) -> String { "\(base(workspace))/today" }
    public static func notifications(_ workspace: UUID) -> String { "\(base(workspace))/notifications" }
    public static func channels(_ workspace: UUID) -> String { "\(base(workspace))/settings/channels" }
    /// The report for clients of a period (days as `YYYY-MM-DD`).
    public static func report(_ workspace: UUID, from first: String, to last: String) -> String {
        "\(base(workspace))/reports/view?from=\(first)&to=\(last)"
    }
    /// An item in the inbox, shown whatever its status (the page's anchor for it).
    public static func inboxItem(_ workspace: UUID, _ item: UUID) -> String { "\(base(workspace))/inbox?status=all#item-\(item.text)" }
    public static let account = "/account"
    public static func passwordLink(_ token: String) -> String { "/password/\(token)" }

    static func base(_ workspace: UUID) -> String { "/w/\(id(workspace))" }
    static func id(_ uuid: UUID) -> String { uuid.text.lowercased() }
}
