import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// A post's first comment on Mastodon: a reply from the same account. After an unknown outcome
/// the status's context is read (`GET /api/v1/statuses/:id/context`) and our replies matched
/// on text before anything is sent again.
extension MastodonPlatform: FirstCommenting {
    public func comment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let account = try account(credential)
        let body = MastodonRequests.reply(request)
        let bytes: Data
        do { bytes = try body.encoded() } catch { throw .rejected(message: "could not encode the reply") }
        var headers = account.headers
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Idempotency-Key", value: request.idempotencyKey)
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, account.url("/api/v1/statuses"), headers: headers, body: ByteBuffer(data: bytes),
                                         record: ["platform": "mastodon", "method": "POST", "path": "/api/v1/statuses", "json": body])
        } catch {
            throw PlatformHTTP.platformError(error, writes: true, place: account.instance)
        }
        return try MastodonResponses.published(answer)
    }

    public func findComment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let account = try account(credential)
        let me = try MastodonResponses.account(try await exchange(
            .GET, account.url("/api/v1/accounts/verify_credentials"), headers: account.headers,
            record: ["platform": "mastodon", "method": "GET", "path": "/api/v1/accounts/verify_credentials"]))
        let path = "/api/v1/statuses/\(request.parentRemoteID)/context"
        let context = try MastodonResponses.context(try await exchange(
            .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
        let wanted = MastodonText.comparable(request.text)
        let claimed = request.lookup?.claimedRemoteIDs ?? []
        guard let reply = context.descendants.first(where: { status in
            status.account?.id == me.id && status.in_reply_to_id == request.parentRemoteID && !claimed.contains(status.id)
                && MastodonText.comparable(MastodonText.plain(fromHTML: status.content)) == wanted
        }) else { return nil }
        return PublishedPost(remoteID: reply.id, url: reply.url.flatMap(URL.init(string:)), publishedAt: PlatformHTTP.date(reply.createdAt),
                             match: "found reply \(reply.id) to \(request.parentRemoteID) by its text")
    }
}

/// Deleting one of the account's statuses (`DELETE /api/v1/statuses/:id`); one already gone counts as deleted.
extension MastodonPlatform: Deleting {
    public func delete(remoteID: String, credential: String) async throws(PlatformError) {
        let account = try account(credential)
        guard MastodonResponses.isID(remoteID) else {
            throw .rejected(message: "“\(remoteID)” is not a Mastodon status")
        }
        let path = "/api/v1/statuses/\(remoteID)"
        let answer = try await exchange(.DELETE, account.url(path), headers: account.headers,
                                        record: ["platform": "mastodon", "method": "DELETE", "path": .string(path)])
        if answer.status.code == 404 { return }
        try MastodonResponses.check(answer)
    }
}

/// Corrections: `PUT /api/v1/statuses/:id` with the new text and the attachments it has (read
/// first, so none is dropped). A content warning or visibility is left as it was.
extension MastodonPlatform: Editing {
    public func edit(remoteID: String, text: String, credential: String) async throws(PlatformError) {
        let account = try account(credential)
        guard MastodonResponses.isID(remoteID) else {
            throw .rejected(message: "“\(remoteID)” is not a Mastodon status")
        }
        let path = "/api/v1/statuses/\(remoteID)"
        guard let current = try MastodonResponses.status(try await exchange(
            .GET, account.url(path), headers: account.headers, record: ["platform": "mastodon", "method": "GET", "path": .string(path)]))
        else { throw .rejected(message: "the status \(remoteID) is no longer on the server") }
        var body: [String: JSONValue] = ["status": .string(text)]
        let media = (current.media_attachments ?? []).map { JSONValue.string($0.id) }
        if !media.isEmpty { body["media_ids"] = .array(media) }
        let bytes: Data
        do { bytes = try JSONValue.object(body).encoded() } catch { throw .rejected(message: "could not encode the correction") }
        var headers = account.headers
        headers.add(name: "Content-Type", value: "application/json")
        let answer = try await exchange(.PUT, account.url(path), headers: headers, body: ByteBuffer(data: bytes),
                                        record: ["platform": "mastodon", "method": "PUT", "path": .string(path), "json": .object(body)])
        try MastodonResponses.check(answer)
    }
}
