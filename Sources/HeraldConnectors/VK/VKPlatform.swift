import AsyncHTTPClient
import Foundation
import HeraldCore
import NIOCore
import NIOHTTP1

/// Posts to a VK community's wall with a community access token. The credential holds the token,
/// the community's id (`account`) and name (`handle`) and, for a VK-compatible test server, its
/// address (`instanceURL`).
///
/// `wall.post` takes a `guid`, but VK remembers it only briefly: after a lost answer Herald reads
/// the wall (`wall.get`) for the post before it sends again. Images go up through the wall upload
/// chain (`photos.getWallUploadServer` → upload → `photos.saveWallPhoto`) and are attached as
/// `photo<owner>_<id>`; a variant's link becomes a link attachment.
public struct VKPlatform: SocialPlatform {
    public let platform: Platform = .vk
    public let connectFlow: ConnectFlow = .form
    public let canFindPublished = true
    public let docsPage = "docs/platforms/vk.md"
    let http: PlatformHTTP
    /// The installation's VK ID app, when it has one (connecting by an administrator's sign-in).
    public var idApp: VKIDApp?
    /// How far the wall is read back for a lost post, and the clock difference allowed.
    let lookupPages = 3
    let clockSkew: TimeInterval = 300

    /// What a community token must allow: posting, wall photos, and the community's settings (Long Poll).
    public static let requiredRights = ["wall", "photos", "manage"]

    public init(client: HTTPClient, timeout: TimeAmount = .seconds(20), recorder: (@Sendable (JSONValue) -> Void)? = nil,
                outbound: OutboundGuard? = nil) {
        http = PlatformHTTP(client: client, timeout: timeout, recorder: recorder, outbound: outbound)
    }

    struct Community {
        var api: VKAPI
        var id: Int
        var owner: Int { -id }
    }

    func api(_ credential: ChannelCredential) throws(PlatformError) -> VKAPI {
        let token = credential.accessToken.trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { throw .unauthorized(message: "VK: the channel has no token; reconnect it") }
        return VKAPI(http: http, base: (credential.instanceURL ?? VKAPI.defaultBase).trimmingSuffix("/"), token: token)
    }

    func community(_ stored: String) throws(PlatformError) -> Community {
        let credential = ChannelCredential.parse(stored)
        guard let raw = credential.account, let id = Int(raw), id > 0 else {
            throw .unauthorized(message: "VK: the channel has no community; reconnect it")
        }
        return Community(api: try api(credential), id: id)
    }

    // MARK: - Connecting

    /// `club123`, `public123`, `-123`, `123`, `vk.com/name` or `name`: the id (as a number) or the short name.
    public static func communityReference(_ raw: String) -> JSONValue? {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["https://", "http://", "m.vk.com/", "vk.com/", "vk.ru/"] where text.lowercased().hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
        }
        text = String(text.split(separator: "?").first ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        for prefix in ["club", "public", "event"] where text.hasPrefix(prefix) {
            if let id = Int(text.dropFirst(prefix.count)), id > 0 { return .int(id) }
        }
        if let id = Int(text.hasPrefix("-") ? String(text.dropFirst()) : text), id > 0 { return .int(id) }
        guard text.range(of: #"^[A-Za-z0-9_.]{2,64}$"#, options: .regularExpression) != nil else { return nil }
        return .string(text)
    }

    /// A wrong, revoked or too weak token is about the credential; a community VK does not know, the account.
    public static func connectField(for error: PlatformError, server: String?) -> ConnectField {
        switch error {
        case .unauthorized: .credential
        case .rejected: .account
        default: server == nil ? .credential : .server
        }
    }

    /// Checks the token and that it belongs to the community and allows what Herald needs; answers the credential to seal.
    public func connect(token: String, community: String, server: String?) async throws(PlatformError) -> ChannelCredential {
        guard let reference = Self.communityReference(community) else {
            throw .rejected(message: "VK: “\(community)” is not a community address")
        }
        var credential = ChannelCredential(accessToken: token, instanceURL: server)
        let api = try api(credential)
        let group = try await Self.group(api, reference)
        try await rights(api, community: group.name)
        credential.account = String(group.id)
        credential.handle = group.name
        return credential
    }

    public func verify(_ credential: ChannelCredential) async throws(PlatformError) -> String {
        let community = try community(credential.encoded)
        let group = try await Self.group(community.api, .int(community.id))
        if credential.deviceID != nil {
            // A person's token from VK ID: they must still manage the community.
            try await editor(community.api, community: group.id, name: group.name, user: credential.userID)
        } else {
            try await rights(community.api, community: group.name)
        }
        return group.name
    }

    /// `groups.getById`: the community's id and name.
    static func group(_ api: VKAPI, _ reference: JSONValue) async throws(PlatformError) -> (id: Int, name: String) {
        let answer = try await api.call("groups.getById", ["group_id": reference])
        // 5.199 answers {"groups":[…]}; older versions a bare list.
        let first = answer["groups"]?.arrayValue?.first ?? answer.arrayValue?.first
        guard let group = first, let id = group["id"]?.intValue else { throw .rejected(message: "VK: no such community") }
        return (id, group["name"]?.stringValue ?? group["screen_name"]?.stringValue ?? "club\(id)")
    }

    /// `groups.getTokenPermissions`: a community token with the rights Herald needs, or the ones missing named.
    func rights(_ api: VKAPI, community name: String) async throws(PlatformError) {
        let answer = try await api.call("groups.getTokenPermissions", [:])
        let granted = Set((answer["permissions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let missing = Self.requiredRights.filter { !granted.contains($0) }
        guard missing.isEmpty else {
            // A credential to replace (reconnecting with a token that has them), not content to fix.
            throw .unauthorized(message: "VK: the token of \(name) lacks the rights \(missing.joined(separator: ", ")); create a community token with wall, photos and manage")
        }
    }

    // MARK: - Publishing

    public func publish(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let community = try community(credential)
        var attachments: [JSONValue] = []
        if let uploaded = request.uploadedMedia {
            attachments = uploaded.map(JSONValue.string)
        } else {
            for attachment in request.attachments { attachments.append(.string(try await upload(attachment, to: community))) }
        }
        if let link = request.link { attachments.append(.string(link)) }
        var params: [String: JSONValue] = ["owner_id": .int(community.owner), "from_group": true, "message": .string(request.text),
                                           "guid": .string(String(request.idempotencyKey.prefix(36)))]
        if !attachments.isEmpty { params["attachments"] = .array(attachments) }
        if request.options["signed"] == "true" { params["signed"] = true }
        if request.options["close_comments"] == "true" { params["close_comments"] = true }
        let answer = try await community.api.call("wall.post", params, effect: .writes)
        guard let postID = answer["post_id"]?.intValue else { throw .outcomeUnknown(message: "VK answered wall.post without the post") }
        return Self.published(owner: community.owner, postID: postID, at: Date())
    }

    static func published(owner: Int, postID: Int, at: Date, match: String? = nil) -> PublishedPost {
        PublishedPost(remoteID: "\(owner)_\(postID)", url: URL(string: "https://vk.com/wall\(owner)_\(postID)"), publishedAt: at, match: match)
    }

    /// The wall upload chain for one image: where to upload, the upload, and saving it as a wall photo.
    func upload(_ attachment: Attachment, to community: Community) async throws(PlatformError) -> String {
        guard attachment.mimeType.hasPrefix("image/") else {
            throw .rejected(message: "VK: Herald sends images to VK walls; “\(attachment.fileName)” is not one")
        }
        let server = try await community.api.call("photos.getWallUploadServer", ["group_id": .int(community.id)])
        guard let uploadURL = server["upload_url"]?.stringValue else { throw .transient(message: "VK gave no upload address") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: attachment.path)) } catch {
            throw .rejected(message: "the file “\(attachment.fileName)” is missing from the media library")
        }
        let form = Multipart()
        let body = form.body(fields: [], files: [.init(field: "photo", fileName: attachment.fileName, mimeType: attachment.mimeType, data: data)])
        let answer: PlatformHTTP.Answer
        do {
            answer = try await http.send(.POST, uploadURL, headers: ["Content-Type": form.contentType], body: ByteBuffer(data: body))
        } catch {
            throw PlatformHTTP.platformError(error, writes: false, place: "VK upload")
        }
        struct Uploaded: Decodable { var server: Int?; var photo: String?; var hash: String?; var error: String? }
        guard let uploaded = try? JSONDecoder().decode(Uploaded.self, from: answer.data), let photo = uploaded.photo, !photo.isEmpty,
              photo != "[]", let uploadServer = uploaded.server, let hash = uploaded.hash else {
            throw .rejected(message: "VK did not take the image “\(attachment.fileName)”")
        }
        let saved = try await community.api.call("photos.saveWallPhoto", ["group_id": .int(community.id), "photo": .string(photo),
                                                                          "server": .int(uploadServer), "hash": .string(hash)])
        guard let first = saved.arrayValue?.first, let id = first["id"]?.intValue, let owner = first["owner_id"]?.intValue else {
            throw .transient(message: "VK saved the image without an id")
        }
        return "photo\(owner)_\(id)"
    }

    /// Reads the community's wall since the earlier attempt for a post from the community with
    /// this text and as many attachments, not already another publication's.
    public func findPublished(_ request: PublishRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let community = try community(credential)
        let since = (request.lookup?.sentAt ?? .distantPast).addingTimeInterval(-clockSkew)
        let wanted = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let attachmentCount = request.attachments.count + (request.link == nil ? 0 : 1)
        for page in 0..<lookupPages {
            let answer = try await community.api.call("wall.get", ["domain": .string("club\(community.id)"), "count": 100,
                                                                   "offset": .int(page * 100)])
            let items = answer["items"]?.arrayValue ?? []
            for item in items {
                guard let id = item["id"]?.intValue else { continue }
                let written = item["date"]?.intValue.map { Date(timeIntervalSince1970: TimeInterval($0)) }
                // Newest first (a pinned post aside): only a plausible date before the send ends the search.
                if let date = PlatformHTTP.plausible(written), date < since {
                    if item["is_pinned"]?.intValue == 1 { continue }  // a pinned post sits on top whatever its age
                    return nil
                }
                let remoteID = "\(community.owner)_\(id)"
                guard item["from_id"]?.intValue == community.owner, !(request.lookup?.claimedRemoteIDs.contains(remoteID) ?? false),
                      (item["text"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == wanted,
                      (item["attachments"]?.arrayValue?.count ?? 0) == attachmentCount else { continue }
                return Self.published(owner: community.owner, postID: id, at: PlatformHTTP.date(written),
                                      match: "found on the wall (same text, after the attempt)")
            }
            if items.count < 100 { return nil }
        }
        return nil
    }
}

/// Corrections: `wall.edit` with the new text and the attachments the post has (read first with
/// `wall.getById`, since an edit without them drops them).
extension VKPlatform: Editing {
    public func edit(remoteID: String, text: String, credential: String) async throws(PlatformError) {
        let community = try community(credential)
        guard let (owner, post) = Self.wallID(remoteID) else { throw .rejected(message: "“\(remoteID)” is not a VK post") }
        let found = try await community.api.call("wall.getById", ["posts": [.string(remoteID)]])
        guard let current = (found["items"]?.arrayValue ?? found.arrayValue)?.first else {
            throw .rejected(message: "the post \(remoteID) is no longer on the wall")
        }
        let attachments: [JSONValue] = (current["attachments"]?.arrayValue ?? []).compactMap { attachment in
            switch attachment["type"]?.stringValue {
            case "photo":
                guard let id = attachment["photo"]?["id"]?.intValue else { return nil }
                return .string("photo\(attachment["photo"]?["owner_id"]?.intValue ?? owner)_\(id)")
            case "link": return attachment["link"]?["url"]?.stringValue.map(JSONValue.string)
            default: return nil
            }
        }
        var params: [String: JSONValue] = ["owner_id": .int(owner), "post_id": .int(post), "message": .string(text)]
        if !attachments.isEmpty { params["attachments"] = .array(attachments) }
        _ = try await community.api.call("wall.edit", params)
    }
}

extension VKPlatform: Pinning {
    public func pin(remoteID: String, credential: String, silently: Bool) async throws(PlatformError) {
        let community = try community(credential)
        guard let (owner, post) = Self.wallID(remoteID) else { throw .rejected(message: "“\(remoteID)” is not a VK post") }
        _ = try await community.api.call("wall.pin", ["owner_id": .int(owner), "post_id": .int(post)])
    }
}

extension VKPlatform: MediaUploading {
    public func uploadMedia(_ attachments: [Attachment], credential: String) async throws(PlatformError) -> [String] {
        let community = try community(credential)
        var ids: [String] = []
        for attachment in attachments { ids.append(try await upload(attachment, to: community)) }
        return ids
    }
}

extension VKPlatform: Deleting {
    public func delete(remoteID: String, credential: String) async throws(PlatformError) {
        let community = try community(credential)
        guard let (owner, post) = Self.wallID(remoteID) else { throw .rejected(message: "“\(remoteID)” is not a VK post") }
        do {
            _ = try await community.api.call("wall.delete", ["owner_id": .int(owner), "post_id": .int(post)], effect: .writes)
        } catch {
            // Already gone: VK answers that the post is not there (deleted by hand or by an earlier attempt).
            if case .rejected = error, try await community.api.call("wall.getById", ["posts": [.string(remoteID)]])["items"]?
                .arrayValue?.isEmpty ?? false { return }
            throw error
        }
    }

    /// `-123_45` → (-123, 45).
    static func wallID(_ remoteID: String) -> (Int, Int)? {
        let parts = remoteID.split(separator: "_")
        guard parts.count >= 2, let owner = Int(parts[0]), let post = Int(parts[1]) else { return nil }
        return (owner, post)
    }
}

/// The first comment: the community's own comment under the post (`wall.createComment` with
/// `from_group`), found again by reading the post's comments after a lost answer.
extension VKPlatform: FirstCommenting {
    public func comment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost {
        let community = try community(credential)
        guard let (owner, post) = Self.wallID(request.parentRemoteID) else {
            throw .rejected(message: "“\(request.parentRemoteID)” is not a VK post")
        }
        let answer = try await community.api.call("wall.createComment", [
            "owner_id": .int(owner), "post_id": .int(post), "from_group": .int(community.id), "message": .string(request.text),
            "guid": .string(String(request.idempotencyKey.prefix(36))),
        ], effect: .writes)
        guard let id = answer["comment_id"]?.intValue else { throw .outcomeUnknown(message: "VK answered without the comment") }
        return PublishedPost(remoteID: "\(owner)_\(post)_\(id)", url: URL(string: "https://vk.com/wall\(owner)_\(post)?reply=\(id)"),
                             publishedAt: Date())
    }

    public func findComment(_ request: CommentRequest, credential: String) async throws(PlatformError) -> PublishedPost? {
        let community = try community(credential)
        guard let (owner, post) = Self.wallID(request.parentRemoteID) else { return nil }
        let answer = try await community.api.call("wall.getComments", ["owner_id": .int(owner), "post_id": .int(post), "count": 100,
                                                                       "sort": "desc"])
        let wanted = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        for item in answer["items"]?.arrayValue ?? [] {
            guard item["from_id"]?.intValue == community.owner, let id = item["id"]?.intValue,
                  (item["text"]?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines) == wanted else { continue }
            let at = PlatformHTTP.date(epochSeconds: item["date"]?.intValue)
            return PublishedPost(remoteID: "\(owner)_\(post)_\(id)", url: URL(string: "https://vk.com/wall\(owner)_\(post)?reply=\(id)"),
                                 publishedAt: at, match: "found under the post (same text)")
        }
        return nil
    }
}
