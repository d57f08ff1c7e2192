import HeraldCore

/// Request bodies for Mastodon's API (checked against its OpenAPI spec by the contract checker).
enum MastodonRequests {
    static func status(_ request: PublishRequest) -> JSONValue {
        var body: [String: JSONValue] = ["status": .string(request.text)]
        if let visibility = request.options["visibility"] { body["visibility"] = .string(visibility) }
        if request.options["sensitive"] == "true" { body["sensitive"] = true }
        if let spoiler = request.options["spoiler_text"] { body["spoiler_text"] = .string(spoiler) }
        return .object(body)
    }
}
