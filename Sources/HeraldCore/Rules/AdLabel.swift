import Foundation

/// Russian advertising law requires an ad to say it is an ad, name the advertiser and carry the
/// token (ERID) the ad registry issued. Herald refuses to publish an ad without them and places
/// the label where each platform shows it first.
public struct AdLabel: Sendable, Equatable, Codable {
    public static let defaultTemplate = "Реклама. {advertiser}. erid: {token}"

    public var advertiser: String
    public var token: String

    public init(advertiser: String, token: String) {
        self.advertiser = advertiser
        self.token = token
    }

    /// Validates the fields of an ad; returns the label or throws the first missing piece.
    public static func parse(advertiser: String?, token: String?) throws(ValidationError) -> AdLabel {
        let name = (advertiser ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else {
            throw ValidationError(code: "ad_advertiser_required", field: "ad_advertiser", message: .init(.adAdvertiserRequired))
        }
        let erid = (token ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !erid.isEmpty else {
            throw ValidationError(code: "ad_token_required", field: "ad_token", message: .init(.adTokenRequired))
        }
        guard erid.count <= 64, erid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ValidationError(code: "ad_token_invalid", field: "ad_token", message: .init(.adTokenInvalid, erid))
        }
        return AdLabel(advertiser: name, token: erid)
    }

    /// The label text from the workspace's template (`{advertiser}`, `{token}`).
    public func text(template: String = AdLabel.defaultTemplate) -> String {
        let source = template.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? Self.defaultTemplate : template
        return source.replacingOccurrences(of: "{advertiser}", with: advertiser).replacingOccurrences(of: "{token}", with: token)
    }

    public enum Placement: Sendable { case start, end }

    /// Short-text platforms (X, Bluesky, Threads) put it first so no "show more" hides it; the
    /// others end the post with it as its own paragraph.
    public static func placement(for platform: Platform) -> Placement {
        switch platform {
        case .x, .bluesky, .threads: .start
        default: .end
        }
    }

    /// The post text with the label placed for `platform`. Counted against the platform's limit.
    public func applied(to text: String, platform: Platform, template: String = AdLabel.defaultTemplate) -> String {
        let label = self.text(template: template)
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty else { return label }
        switch Self.placement(for: platform) {
        case .start: return label + "\n\n" + body
        case .end: return body + "\n\n" + label
        }
    }
}
