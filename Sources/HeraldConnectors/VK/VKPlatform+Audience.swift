import Foundation
import HeraldCore
import Synchronization

/// Likes, reposts, views and comments per post (`wall.getById`), reach where VK gives it to the
/// token (`stats.getPostReach`; a token without access to statistics leaves reach out), and the
/// community's members (`groups.getMembers`). VK gives no clicks or saves through the API: "not available".
extension VKPlatform: Insights, FollowerChecking {
    public var postMetrics: Set<PostMetric> { [.likes, .reposts, .replies, .views, .reach] }
    public var accountMetrics: Set<AccountMetric> { [.followers] }
    /// wall.getById reads 100 posts a call, and VK allows a community key a few calls a second: three calls a round.
    public var postsPerRound: Int { 300 }

    public func metrics(of remoteIDs: [String], credential: String) async throws(PlatformError) -> [String: [PostMetric: Int]] {
        let community = try community(credential)
        let wanted = remoteIDs.filter { Self.wallID($0) != nil }
        guard !wanted.isEmpty else { return [:] }
        var result: [String: [PostMetric: Int]] = [:]
        // wall.getById takes up to 100 posts a call.
        for start in stride(from: 0, to: wanted.count, by: 100) {
            let batch = wanted[start..<min(start + 100, wanted.count)].map(JSONValue.string)
            let answer = try await community.api.call("wall.getById", ["posts": .array(Array(batch))])
            for item in answer["items"]?.arrayValue ?? answer.arrayValue ?? [] {
                guard let owner = item["owner_id"]?.intValue, let id = item["id"]?.intValue else { continue }
                var numbers: [PostMetric: Int] = [:]
                numbers[.likes] = item["likes"]?["count"]?.intValue ?? 0
                numbers[.reposts] = item["reposts"]?["count"]?.intValue ?? 0
                numbers[.replies] = item["comments"]?["count"]?.intValue ?? 0
                numbers[.views] = item["views"]?["count"]?.intValue ?? 0
                result["\(owner)_\(id)"] = numbers.plausible
            }
        }
        // Reach, in batches of up to 30 posts, where the token may read the community's statistics.
        let posts = wanted.compactMap(Self.wallID).filter { $0.0 == community.owner }.map(\.1)
        for start in stride(from: 0, to: posts.count, by: 30) {
            let batch = posts[start..<min(start + 30, posts.count)].map { JSONValue.int($0) }
            guard let answer = try? await community.api.call("stats.getPostReach", ["owner_id": .int(community.owner),
                                                                                    "post_ids": .array(Array(batch))]) else { break }
            for entry in answer.arrayValue ?? [] {
                guard let post = entry["post_id"]?.intValue, let reach = entry["reach_total"]?.intValue,
                      PlatformCount.plausible.contains(reach) else { continue }
                result["\(community.owner)_\(post)", default: [:]][.reach] = reach
            }
        }
        return result
    }

    /// Who of the authors is a member (subscriber) of the community: `groups.isMember` with
    /// `user_ids`, five hundred a call (a community key may ask).
    public func followers(among authorIDs: [String], credential: String) async throws(PlatformError) -> Set<String> {
        let community = try community(credential)
        let wanted = Array(Set(authorIDs.compactMap { Int($0) }.filter { $0 > 0 })).sorted()
        var found: Set<String> = []
        for start in stride(from: 0, to: wanted.count, by: 500) {
            let ids = wanted[start..<min(start + 500, wanted.count)].map { JSONValue.int($0) }
            let answer = try await community.api.call("groups.isMember", ["group_id": .int(community.id), "user_ids": .array(Array(ids))])
            for entry in answer.arrayValue ?? [] where entry["member"]?.intValue == 1 {
                if let user = entry["user_id"]?.intValue { found.insert(String(user)) }
            }
        }
        return found
    }

    public func account(credential: String) async throws(PlatformError) -> [AccountMetric: Int] {
        let community = try community(credential)
        // groups.getMembers with count 0 answers the number alone.
        let answer = try await community.api.call("groups.getMembers", ["group_id": .int(community.id), "count": 0])
        return (answer["count"]?.intValue.map { [.followers: $0] } ?? [:]).plausible
    }
}

/// Comments on the community's posts and messages to the community, read with the Bots Long Poll
/// API (`groups.getLongPollServer`, then `a_check` from the stored `ts`); answering writes a
/// comment under the post or a message in the conversation. Herald has no public address to
/// receive VK's Callback API in this setup; the inbox issue adds it where Herald has one.
extension VKPlatform: Conversations {
    public var conversationKinds: Set<ConversationItem.Kind> { [.comment, .directMessage] }

    public func conversations(since cursor: String?, credential: String) async throws(PlatformError) -> ConversationBatch {
        let community = try community(credential)
        var server = try await longPollServer(community)
        var ts = cursor ?? server.ts
        var answer = try await check(server, ts: ts)
        if let failed = answer["failed"]?.intValue {
            switch failed {
            case 1:
                // History went further back than VK keeps: go on from what it says now.
                return ConversationBatch(items: [], cursor: answer["ts"].flatMap(Self.text) ?? server.ts)
            case 2, 3:
                // The key expired (2) or the history is lost (3): a new server; from our ts if it still holds.
                server = try await longPollServer(community)
                if failed == 3 { ts = server.ts }
                answer = try await check(server, ts: ts)
            default:
                throw .transient(message: "VK Long Poll answered failed \(failed)")
            }
        }
        let updates = answer["updates"]?.arrayValue ?? []
        let items = updates.compactMap { Self.item($0, owner: community.owner) }
        let deleted = updates.compactMap { Self.deletion($0, owner: community.owner) }
        let next = answer["ts"].flatMap(Self.text)
        return ConversationBatch(items: items, cursor: next == cursor ? nil : next, deleted: deleted)
    }

    struct LongPollServer { var server: String; var key: String; var ts: String }

    func longPollServer(_ community: Community) async throws(PlatformError) -> LongPollServer {
        let answer = try await community.api.call("groups.getLongPollServer", ["group_id": .int(community.id)])
        guard let server = answer["server"]?.stringValue, let key = answer["key"]?.stringValue, let ts = answer["ts"].flatMap(Self.text) else {
            throw .transient(message: "VK gave no Long Poll server (is Long Poll API on in the community's settings?)")
        }
        return LongPollServer(server: server, key: key, ts: ts)
    }

    func check(_ server: LongPollServer, ts: String) async throws(PlatformError) -> JSONValue {
        var parts = URLComponents(string: server.server)
        let given = parts?.queryItems ?? []
        parts?.queryItems = given + [.init(name: "act", value: "a_check"), .init(name: "key", value: server.key),
                                     .init(name: "ts", value: ts), .init(name: "wait", value: "0")]
        guard let url = parts?.string else { throw .transient(message: "VK gave a Long Poll server that is not an address") }
        let answer: PlatformHTTP.Answer
        do { answer = try await http.send(.GET, url) } catch { throw PlatformHTTP.platformError(error, writes: false, place: "VK Long Poll") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: answer.data) else {
            throw .transient(message: "VK Long Poll answered \(answer.status.code) with something else")
        }
        return value
    }

    /// `ts` comes as a string or a number.
    static func text(_ value: JSONValue) -> String? {
        value.stringValue ?? value.intValue.map(String.init)
    }

    /// Registers Herald's address as the community's Callback API server (`groups.addCallbackServer`
    /// with `secret`) for new comments and messages. VK then asks the address for the confirmation code.
    public func enablePush(credential: String, url: String, secret: String) async throws(PlatformError) {
        let community = try community(credential)
        let added = try await community.api.call("groups.addCallbackServer", ["group_id": .int(community.id), "url": .string(url),
                                                                              "title": "Herald", "secret_key": .string(secret)])
        guard let server = added["server_id"]?.intValue else { throw .transient(message: "VK answered addCallbackServer without the server") }
        _ = try await community.api.call("groups.setCallbackSettings", [
            "group_id": .int(community.id), "server_id": .int(server), "api_version": .string(VKAPI.version),
            "wall_reply_new": true, "wall_reply_delete": true, "message_new": true,
        ])
    }

    /// Confirmation codes recently asked of VK, by community (not secret: VK shows the code to the
    /// community's admins and any caller of the address gets it back).
    static let confirmations = ConfirmationCodes()

    final class ConfirmationCodes: Sendable {
        private let held = Mutex<[Int: (code: String, at: ContinuousClock.Instant)]>([:])

        func code(for community: Int) -> String? {
            held.withLock { held in
                guard let entry = held[community], ContinuousClock.now - entry.at < .seconds(600) else { return nil }
                return entry.code
            }
        }

        func keep(_ code: String, for community: Int) {
            held.withLock { held in
                if held.count >= 1024 { held.removeAll() }
                held[community] = (code, ContinuousClock.now)
            }
        }
    }

    /// The string VK expects back from a Callback API address when it confirms it.
    public func confirmationCode(credential: String) async throws(PlatformError) -> String {
        let community = try community(credential)
        let answer = try await community.api.call("groups.getCallbackConfirmationCode", ["group_id": .int(community.id)])
        guard let code = answer["code"]?.stringValue else { throw .transient(message: "VK answered without the confirmation code") }
        return code
    }

    /// A comment deleted on the wall (`wall_reply_delete`), as the remote id its item has.
    static func deletion(_ update: JSONValue, owner communityOwner: Int) -> String? {
        guard update["type"]?.stringValue == "wall_reply_delete", let object = update["object"],
              let id = object["id"]?.intValue, let post = object["post_id"]?.intValue else { return nil }
        return "\(object["owner_id"]?.intValue ?? communityOwner)_\(post)_\(id)"
    }

    static func item(_ update: JSONValue, owner communityOwner: Int) -> ConversationItem? {
        guard let object = update["object"] else { return nil }
        switch update["type"]?.stringValue {
        case "wall_reply_new":
            guard let id = object["id"]?.intValue, let post = object["post_id"]?.intValue, let author = object["from_id"]?.intValue,
                  author != communityOwner else { return nil }
            let owner = object["owner_id"]?.intValue ?? communityOwner
            let at = PlatformHTTP.date(epochSeconds: object["date"]?.intValue)
            let parent = object["reply_to_comment"]?.intValue.map { "\(owner)_\(post)_\($0)" }
            return ConversationItem(remoteID: "\(owner)_\(post)_\(id)", kind: .comment, authorID: String(author), authorName: "id\(author)",
                                    text: object["text"]?.stringValue ?? "", at: at, postRemoteID: "\(owner)_\(post)",
                                    parentRemoteID: parent ?? "\(owner)_\(post)", conversationID: "\(owner)_\(post)")
        case "message_new":
            let message = object["message"] ?? object
            guard let id = message["id"]?.intValue, let peer = message["peer_id"]?.intValue, let author = message["from_id"]?.intValue,
                  author != communityOwner else { return nil }
            let at = PlatformHTTP.date(epochSeconds: message["date"]?.intValue)
            return ConversationItem(remoteID: "message:\(peer):\(id)", kind: .directMessage, authorID: String(author),
                                    authorName: "id\(author)", text: message["text"]?.stringValue ?? "", at: at,
                                    conversationID: String(peer))
        default:
            return nil
        }
    }

    public func reply(_ request: ReplyRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let community = try community(credential)
        switch request.item.kind {
        case .directMessage:
            guard let peer = request.item.conversationID.flatMap(Int.init) else {
                throw .rejected(message: "VK: the message has no conversation to answer in")
            }
            // random_id makes VK drop a repeat of the same send.
            let answer = try await community.api.call("messages.send", ["peer_id": .int(peer), "random_id": .int(Self.randomID(request.idempotencyKey)),
                                                                        "message": .string(request.text)], effect: .writes)
            let id = answer.intValue ?? answer["message_id"]?.intValue ?? 0
            return PublishedPost(remoteID: "message:\(peer):\(id)", url: nil, publishedAt: Date())
        default:
            let parts = request.item.remoteID.split(separator: "_")
            guard parts.count == 3, let owner = Int(parts[0]), let post = Int(parts[1]), let comment = Int(parts[2]) else {
                throw .rejected(message: "“\(request.item.remoteID)” is not a VK comment")
            }
            let answer = try await community.api.call("wall.createComment", [
                "owner_id": .int(owner), "post_id": .int(post), "from_group": .int(community.id), "reply_to_comment": .int(comment),
                "message": .string(request.text), "guid": .string(String(request.idempotencyKey.prefix(36))),
            ], effect: .writes)
            guard let id = answer["comment_id"]?.intValue else { throw .outcomeUnknown(message: "VK answered without the comment") }
            return PublishedPost(remoteID: "\(owner)_\(post)_\(id)", url: URL(string: "https://vk.com/wall\(owner)_\(post)?reply=\(id)"),
                                 publishedAt: Date())
        }
    }

    /// A stable 31-bit number from the idempotency key (FNV-1a).
    static func randomID(_ key: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash & 0x7FFF_FFFF)
    }
}

/// VK's Callback API: the confirmation request (no secret in it) is answered with the community's
/// code; every other event carries the secret key in its body and is answered `ok`.
extension VKPlatform: Pushing {
    /// VK's secret keys are at most 50 characters.
    public var pushSecretLength: Int { 32 }

    public func receivePush(_ delivery: PushDelivery, secret: String, credential: String) async throws(PlatformError) -> PushOutcome {
        guard let event = try? JSONDecoder().decode(JSONValue.self, from: delivery.body) else { return .malformed }
        let community = try community(credential)
        guard event["group_id"]?.intValue == community.id else { return .refused }
        if event["type"]?.stringValue == "confirmation" {
            // Anyone who knows the address can ask: a secret that is there must be ours, and VK is
            // asked for the code at most once in ten minutes per community, however often it is asked here.
            if let presented = event["secret"]?.stringValue, !ConstantTime.equals(presented, secret) { return .refused }
            if let known = Self.confirmations.code(for: community.id) { return .answer(known) }
            let code = try await confirmationCode(credential: credential)
            Self.confirmations.keep(code, for: community.id)
            return .answer(code)
        }
        guard let presented = event["secret"]?.stringValue, ConstantTime.equals(presented, secret) else { return .refused }
        return .items(Self.item(event, owner: community.owner).map { [$0] } ?? [],
                      deleted: Self.deletion(event, owner: community.owner).map { [$0] } ?? [], reply: "ok")
    }
}
