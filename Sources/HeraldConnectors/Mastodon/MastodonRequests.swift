import Foundation
import HeraldCore

/// Request bodies for Mastodon's API (checked against its OpenAPI spec by the contract checker).
enum MastodonRequests {
    static func status(_ request: PublishRequest, mediaIDs: [String] = []) -> JSONValue {
        var body: [String: JSONValue] = ["status": .string(request.text)]
        if !mediaIDs.isEmpty { body["media_ids"] = .array(mediaIDs.map { .string($0) }) }
        if let visibility = request.options["visibility"] { body["visibility"] = .string(visibility) }
        if request.options["sensitive"] == "true" { body["sensitive"] = true }
        if let spoiler = request.options["spoiler_text"] { body["spoiler_text"] = .string(spoiler) }
        return .object(body)
    }

    /// A reply to our own status (a post's first comment), with the post's visibility.
    static func reply(_ request: CommentRequest) -> JSONValue {
        var body: [String: JSONValue] = ["status": .string(request.text), "in_reply_to_id": .string(request.parentRemoteID)]
        if let visibility = request.options["visibility"] { body["visibility"] = .string(visibility) }
        return .object(body)
    }

    /// `POST /api/v2/media` as multipart/form-data: the file (with its MIME type) and its alt text.
    static func media(_ attachment: Attachment, data: Data, boundary: String = "herald-" + UUID().text) -> (String, Data) {
        let form = Multipart(boundary: boundary)
        let description = attachment.altText.flatMap { $0.isEmpty ? nil : [("description", $0)] } ?? []
        return (form.contentType, form.body(fields: description, files: [
            .init(field: "file", fileName: attachment.fileName, mimeType: attachment.mimeType, data: data)]))
    }
}
