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
    static func media(_ attachment: Attachment, data: Data, boundary: String = "herald-" + UUID().uuidString) -> (String, Data) {
        func clean(_ text: String) -> String {
            text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        }
        var body = Data()
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(clean(attachment.fileName))\"\r\n".utf8))
        body.append(Data("Content-Type: \(attachment.mimeType)\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n".utf8))
        if let alt = attachment.altText, !alt.isEmpty {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n".utf8))
            body.append(Data(alt.utf8))
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", body)
    }
}
