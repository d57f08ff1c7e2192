import Fluent
import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// `/api/v1`: JSON in and out, personal-token auth, the same services (and so the same
/// permissions) as the web pages.
enum APIController {
    static func register(_ routes: any RoutesBuilder, maxUploadBytes: Int) {
        let api = routes.grouped("api", "v1").grouped(TokenAuthMiddleware())
        api.get("me", use: me)
        api.patch("me", use: updateMe)
        api.post("me", "password", use: changePassword)
        api.get("tokens", use: listTokens)
        api.post("tokens", use: createToken)
        api.delete("tokens", ":token", use: revokeToken)

        api.get("workspaces", use: listWorkspaces)
        api.post("workspaces", use: createWorkspace)
        let workspace = api.grouped("workspaces", ":workspace")
        workspace.get(use: showWorkspace)
        workspace.patch(use: updateWorkspace)
        workspace.get("members", use: listMembers)
        workspace.post("members", use: addMember)
        workspace.patch("members", ":user", use: changeMemberRole)
        workspace.delete("members", ":user", use: removeMember)
        workspace.get("channels", use: listChannels)
        workspace.post("channels", use: createChannel)
        workspace.get("channels", ":channel", use: showChannel)
        workspace.delete("channels", ":channel", use: deleteChannel)
        workspace.patch("channels", ":channel", use: updateChannel)
        workspace.post("channels", ":channel", "reconnect", use: reconnectChannel)
        workspace.post("posts", ":post", "publications", ":publication", "retry", use: retryPublication)
        workspace.post("posts", ":post", "publications", ":publication", "resolve", use: resolvePublication)
        workspace.post("posts", ":post", "duplicate", use: duplicatePost)
        workspace.get("notifications", use: notifications)
        workspace.post("notices", ":notice", "dismiss", use: dismissNotice)
        workspace.get("webhook", use: showWebhook)
        workspace.put("webhook", use: setWebhook)
        workspace.delete("webhook", use: removeWebhook)
        workspace.get("posts", use: listPosts)
        workspace.post("posts", use: createPost)
        workspace.post("posts", "check", use: checkPost)
        workspace.get("posts", ":post", use: showPost)
        workspace.patch("posts", ":post", use: updatePost)
        workspace.delete("posts", ":post", use: deletePost)
        workspace.post("posts", ":post", "submit", use: submitPost)
        workspace.post("posts", ":post", "approve", use: approvePost)
        workspace.post("posts", ":post", "request-changes", use: requestChanges)
        workspace.post("posts", ":post", "comments", use: commentOnPost)
        workspace.get("posts", ":post", "events", use: postEvents)
        workspace.post("posts", ":post", "approval-link", use: approvalLink)
        workspace.post("posts", ":post", "schedule", use: schedulePost)
        workspace.post("posts", ":post", "queue", use: queuePost)
        workspace.post("posts", ":post", "unschedule", use: unschedulePost)
        workspace.put("channels", ":channel", "slots", use: updateSlots)
        workspace.get("export", use: export)
        workspace.post("imports", use: importPosts)
        workspace.on(.POST, "media", body: .collect(maxSize: ByteCount(value: maxUploadBytes)), use: uploadMedia)
        workspace.get("media", use: listMedia)
        workspace.get("media", ":media", use: showMedia)
        workspace.patch("media", ":media", use: updateMedia)
        workspace.delete("media", ":media", use: deleteMedia)
        workspace.get("media", ":media", "file", use: mediaFile)
        workspace.get("campaigns", use: listCampaigns)
        workspace.post("campaigns", use: createCampaign)
        workspace.get("campaigns", ":campaign", use: showCampaign)
        workspace.patch("campaigns", ":campaign", use: updateCampaign)
        workspace.delete("campaigns", ":campaign", use: deleteCampaign)
        workspace.get("hashtag-groups", use: listHashtagGroups)
        workspace.post("hashtag-groups", use: createHashtagGroup)
        workspace.patch("hashtag-groups", ":group", use: updateHashtagGroup)
        workspace.delete("hashtag-groups", ":group", use: deleteHashtagGroup)
        workspace.get("voice", use: showVoice)
        workspace.put("voice", use: updateVoice)
    }

    // MARK: Me and tokens

    @Sendable static func me(req: Request) async throws -> UserDTO { try UserDTO(req.requireUser()) }

    // Swift 6.3.1 crashes (signal 11, "While splitting coroutine") optimising this handler in
    // release builds; it is not hot, so it is left unoptimised. Remove with a fixed toolchain.
    @_optimize(none)
    @Sendable static func updateMe(req: Request) async throws -> UserDTO {
        let input = try req.decodeJSON(MeInput.self)
        let user = try req.requireUser()
        try await AccountService.setPreferences(user: user, language: input.language, name: input.name, on: req.db)
        return try UserDTO(user)
    }

    @Sendable static func changePassword(req: Request) async throws -> HTTPStatus {
        let input = try req.decodeJSON(PasswordInput.self)
        try await AccountService.changePassword(user: req.requireUser(), current: input.currentPassword,
                                                new: input.newPassword, keepSession: nil,
                                                hasher: req.application.runtime.passwords, on: req.db)
        return .noContent
    }

    @Sendable static func listTokens(req: Request) async throws -> ListDTO<TokenDTO> {
        ListDTO(items: try await TokenService.list(user: req.requireUser(), on: req.db).map { try TokenDTO($0) })
    }

    @Sendable static func createToken(req: Request) async throws -> Response {
        let input = try req.decodeJSON(TokenInput.self)
        let (token, secret) = try await TokenService.create(user: req.requireUser(), name: input.name, on: req.db)
        return try await TokenDTO(token, secret: secret).encodeResponse(status: .created, for: req)
    }

    @Sendable static func revokeToken(req: Request) async throws -> HTTPStatus {
        try await TokenService.revoke(user: req.requireUser(), id: req.uuidParameter("token"), on: req.db)
        return .noContent
    }

    // MARK: Workspaces

    @Sendable static func listWorkspaces(req: Request) async throws -> ListDTO<WorkspaceDTO> {
        let user = try req.requireUser()
        let rows = try await TenancyQueries.workspaces(of: user.requireID(), on: req.db)
        return ListDTO(items: try rows.map { try WorkspaceDTO($0.0, role: $0.1) })
    }

    @Sendable static func createWorkspace(req: Request) async throws -> Response {
        let input = try req.decodeJSON(WorkspaceInput.self)
        let workspace = try await WorkspaceService.create(
            by: req.requireUser(), .init(name: input.name, timeZone: input.timeZone, language: input.language), on: req.db)
        return try await WorkspaceDTO(workspace, role: .owner).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showWorkspace(req: Request) async throws -> WorkspaceDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try WorkspaceDTO(access.workspace, role: access.role)
    }

    @Sendable static func updateWorkspace(req: Request) async throws -> WorkspaceDTO {
        let input = try req.decodeJSON(WorkspaceInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let workspace = try await WorkspaceService.update(
            access, .init(name: input.name, timeZone: input.timeZone, language: input.language,
                                  approvalRequired: input.approvalRequired), on: req.db)
        return try WorkspaceDTO(workspace, role: access.role)
    }

    // MARK: Members

    @Sendable static func listMembers(req: Request) async throws -> ListDTO<MemberDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewMembers)
        return ListDTO(items: try await TenancyQueries.members(of: access.workspaceID, on: req.db).map(MemberDTO.init))
    }

    @Sendable static func addMember(req: Request) async throws -> Response {
        let input = try req.decodeJSON(MemberInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let membership = try await MemberService.add(
            access, .init(email: input.email, name: input.name, password: input.password, role: input.role),
            hasher: req.application.runtime.passwords, on: req.db)
        return try await MemberDTO(membership).encodeResponse(status: .created, for: req)
    }

    @Sendable static func changeMemberRole(req: Request) async throws -> MemberDTO {
        let input = try req.decodeJSON(RoleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try MemberDTO(try await MemberService.changeRole(access, userID: req.uuidParameter("user"),
                                                                role: input.role, on: req.db))
    }

    @Sendable static func removeMember(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await MemberService.remove(access, userID: req.uuidParameter("user"), on: req.db)
        return .noContent
    }

    // MARK: Channels

    @Sendable static func listChannels(req: Request) async throws -> ListDTO<ChannelDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await ChannelService.list(access, on: req.db).map(ChannelDTO.init))
    }

    @Sendable static func createChannel(req: Request) async throws -> Response {
        let input = try req.decodeJSON(ChannelInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let channel = try await ChannelService.create(access, input.newChannel, box: req.application.secretBox,
                                                          connectors: req.application.connectors, on: req.db)
        return try await ChannelDTO(channel).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showChannel(req: Request) async throws -> ChannelDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.find(access, id: req.uuidParameter("channel"), on: req.db))
    }

    @Sendable static func updateChannel(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(ChannelChangesInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.update(
            access, id: req.uuidParameter("channel"),
            .init(state: input.state, budgetCount: input.budgetCount, budgetHours: input.budgetHours), on: req.db))
    }

    @Sendable static func reconnectChannel(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(ChannelInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let (channel, _) = try await ChannelService.reconnect(access, id: req.uuidParameter("channel"), input.newChannel,
                                                              box: req.application.secretBox, connectors: req.application.connectors,
                                                              on: req.db)
        return try ChannelDTO(channel)
    }

    @Sendable static func retryPublication(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        _ = try await PublishingService.retry(access, postID: postID, publicationID: req.uuidParameter("publication"), on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db)
    }

    /// `{"seen":"published","url":"https://…"}` or `{"seen":"missing"}` after an unknown outcome.
    @Sendable static func resolvePublication(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let postID = try req.uuidParameter("post")
        let input = try req.decodeJSON(ResolveInput.self)
        let sighting: PublishingService.Sighting
        switch input.seen {
        case "published": sighting = .published(url: input.url)
        case "missing": sighting = .missing
        default:
            throw ValidationError(code: "invalid_choice", field: "seen", message: .init(.errorInvalidChoice, input.seen ?? "", "published, missing"))
        }
        _ = try await PublishingService.resolve(access, postID: postID, publicationID: req.uuidParameter("publication"), sighting, on: req.db)
        return try await PostDetailDTO.make(try await PostService.find(access, id: postID, on: req.db), access: access,
                                            language: req.language, on: req.db)
    }

    @Sendable static func duplicatePost(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let copy = try await PostService.duplicate(access, id: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(copy, access: access, language: req.language, on: req.db)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func notifications(req: Request) async throws -> AttentionDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let attention = try await PublishingService.attention(access, on: req.db)
        return AttentionDTO(
            publications: attention.publications.map { publication in
                AttentionDTO.Problem(publication, language: req.language)
            },
            channels: try attention.channels.map(ChannelDTO.init),
            notices: try attention.notices.map { notice in
                NoticeDTO(id: try notice.requireID(), kind: notice.kindName,
                          message: PublishingService.message(notice).rendered(in: req.language), postId: notice.$post.id,
                          channelId: notice.$channel.id, createdAt: notice.createdAt)
            })
    }

    @Sendable static func dismissNotice(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.dismiss(access, noticeID: req.uuidParameter("notice"), on: req.db)
        return .noContent
    }

    @Sendable static func showWebhook(req: Request) async throws -> WebhookDTO {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageSettings)
        return WebhookDTO(url: access.workspace.webhookURL, secret: nil)
    }

    @Sendable static func setWebhook(req: Request) async throws -> WebhookDTO {
        let input = try req.decodeJSON(WebhookInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let secret = try await PublishingService.setWebhook(access, url: input.url, rotate: input.rotateSecret ?? false,
                                                            box: req.application.secretBox, on: req.db)
        return WebhookDTO(url: access.workspace.webhookURL, secret: secret)
    }

    @Sendable static func removeWebhook(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PublishingService.removeWebhook(access, on: req.db)
        return .noContent
    }

    @Sendable static func deleteChannel(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await ChannelService.delete(access, id: req.uuidParameter("channel"), on: req.db)
        return .noContent
    }

    // MARK: Posts

    @Sendable static func listPosts(req: Request) async throws -> ListDTO<PostDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await PostService.list(access, on: req.db).map(PostDTO.init))
    }

    @Sendable static func createPost(req: Request) async throws -> Response {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.create(access, input.draft, on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
            .encodeResponse(status: .created, for: req)
    }

    @Sendable static func showPost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    @Sendable static func updatePost(req: Request) async throws -> PostDetailDTO {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.update(access, id: req.uuidParameter("post"), input.draft, on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    /// Checks a draft against each channel's rules, the voice and the ad label without saving it.
    @Sendable static func checkPost(req: Request) async throws -> ListDTO<CheckDTO> {
        let input = try req.decodeJSON(PostInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.viewPosts)
        return ListDTO(items: try await ComposerChecks.run(access, input.draft, on: req.db).map {
            CheckDTO(channel: $0.channel, check: $0.check, language: req.language)
        })
    }

    @Sendable static func deletePost(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await PostService.delete(access, id: req.uuidParameter("post"), on: req.db)
        return .noContent
    }

    // MARK: Approval

    @Sendable static func submitPost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .submit) }
    @Sendable static func approvePost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .approve) }
    @Sendable static func requestChanges(req: Request) async throws -> PostDetailDTO { try await workflow(req, .requestChanges) }
    @Sendable static func commentOnPost(req: Request) async throws -> PostDetailDTO { try await workflow(req, .comment) }

    static func workflow(_ req: Request, _ action: PostWorkflow.Action) async throws -> PostDetailDTO {
        let comment = req.body.data?.readableBytes ?? 0 > 0 ? try req.decodeJSON(CommentInput.self).comment : nil
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        _ = try await WorkflowService.act(post, workspace: access.workspace, action: action, comment: comment,
                                          actor: WorkflowService.actor(access), on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    @Sendable static func postEvents(req: Request) async throws -> ListDTO<EventDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        return ListDTO(items: try await WorkflowService.events(of: post.requireID(), access: access, on: req.db).map(EventDTO.init))
    }

    @Sendable static func approvalLink(req: Request) async throws -> ApprovalLinkDTO {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        let post = try await PostService.find(access, id: req.uuidParameter("post"), on: req.db)
        let link = SiteURL.newApprovalLink(postID: try post.requireID(), box: req.application.secretBox,
                                           baseURL: req.application.herald.baseURL)
        return ApprovalLinkDTO(url: link.url, expiresAt: link.expires)
    }

    // MARK: Scheduling

    @Sendable static func schedulePost(req: Request) async throws -> PostDetailDTO {
        let input = try req.decodeJSON(ScheduleInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let outcome = try await ScheduleService.schedule(access, postID: req.uuidParameter("post"), date: input.date,
                                                         time: input.time, zone: input.timeZone, on: req.db)
        return try await PostDetailDTO.make(outcome.post, access: access, language: req.language, note: outcome.note, on: req.db)
    }

    @Sendable static func queuePost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let outcome = try await ScheduleService.addToQueue(access, postID: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(outcome.post, access: access, language: req.language, note: outcome.note, on: req.db)
    }

    @Sendable static func unschedulePost(req: Request) async throws -> PostDetailDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let post = try await ScheduleService.unschedule(access, postID: req.uuidParameter("post"), on: req.db)
        return try await PostDetailDTO.make(post, access: access, language: req.language, on: req.db)
    }

    @Sendable static func updateSlots(req: Request) async throws -> ChannelDTO {
        let input = try req.decodeJSON(SlotsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try ChannelDTO(try await ChannelService.setSlots(access, id: req.uuidParameter("channel"),
                                                                text: (input.slots ?? []).joined(separator: ","), on: req.db))
    }

    // MARK: Media

    struct UploadForm: Content {
        var file: File?
        var altText: String?
        var tags: String?
        var folder: String?

        enum CodingKeys: String, CodingKey {
            case file, tags, folder
            case altText = "alt_text"
        }
    }

    /// `multipart/form-data` with `file` and optionally `alt_text`, `tags`, `folder`.
    @Sendable static func uploadMedia(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        guard req.headers.contentType?.type == "multipart",
              let form = try? req.content.decode(UploadForm.self), let file = form.file else {
            throw ValidationError(code: "required", field: "file", message: .init(.errorRequired))
        }
        let media = try await MediaService.upload(
            access, fileName: file.filename, data: Data(file.data.readableBytesView),
            details: .init(altText: form.altText, tags: form.tags, folder: form.folder),
            maxBytes: req.application.herald.maxUploadBytes, storage: req.application.runtime.mediaStorage, on: req.db)
        return try await MediaDTO(media, workspaceID: access.workspaceID, language: req.language).encodeResponse(status: .created, for: req)
    }

    @Sendable static func listMedia(req: Request) async throws -> ListDTO<MediaDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        let items = try await MediaService.list(access, query: try? req.query.get(String.self, at: "q"),
                                                folder: try? req.query.get(String.self, at: "folder"),
                                                tag: try? req.query.get(String.self, at: "tag"), on: req.db)
        return ListDTO(items: try items.map { try MediaDTO($0, workspaceID: access.workspaceID, language: req.language) })
    }

    @Sendable static func showMedia(req: Request) async throws -> MediaDTO {
        let access = try await WorkspaceAccess.resolve(req)
        return try MediaDTO(try await MediaService.find(access, id: req.uuidParameter("media"), on: req.db),
                            workspaceID: access.workspaceID, language: req.language)
    }

    @Sendable static func updateMedia(req: Request) async throws -> MediaDTO {
        let input = try req.decodeJSON(MediaDetailsInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try MediaDTO(try await MediaService.update(access, id: req.uuidParameter("media"), input.details, on: req.db),
                            workspaceID: access.workspaceID, language: req.language)
    }

    @Sendable static func deleteMedia(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await MediaService.delete(access, id: req.uuidParameter("media"), storage: req.application.runtime.mediaStorage, on: req.db)
        return .noContent
    }

    @Sendable static func mediaFile(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await MediaService.serve(req, access: access, id: req.uuidParameter("media"))
    }

    // MARK: Import

    /// The body is the CSV itself (`Content-Type: text/csv`). `?dry_run=true` only checks;
    /// `?only_valid=true` imports the valid rows even when others have problems.
    @Sendable static func importPosts(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        guard let buffer = req.body.data else {
            throw AppError.badRequest(.init(code: "empty", field: nil, message: .init(.csvEmpty)))
        }
        let flag = { (name: String) in (try? req.query.get(Bool.self, at: name)) ?? false }
        let report = try await ImportService.run(access, csv: buffer.readableBytesView,
                                                 onlyValid: flag("only_valid"), dryRun: flag("dry_run"), on: req.db)
        let refused = !report.problems.isEmpty && report.imported == 0 && !flag("dry_run")
        return try await ImportReportDTO(report, language: req.language)
            .encodeResponse(status: refused ? .unprocessableEntity : .ok, for: req)
    }

    // MARK: Campaigns

    @Sendable static func listCampaigns(req: Request) async throws -> ListDTO<CampaignDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await CampaignService.list(access, on: req.db).map { try CampaignDTO($0) })
    }

    @Sendable static func createCampaign(req: Request) async throws -> Response {
        let input = try req.decodeJSON(CampaignService.Fields.self)
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.create(access, input, on: req.db)
        return try await CampaignDTO(campaign, posts: []).encodeResponse(status: .created, for: req)
    }

    @Sendable static func showCampaign(req: Request) async throws -> CampaignDTO {
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.find(access, id: req.uuidParameter("campaign"), on: req.db)
        return try CampaignDTO(campaign, posts: try await CampaignService.posts(of: campaign, access: access, on: req.db))
    }

    @Sendable static func updateCampaign(req: Request) async throws -> CampaignDTO {
        let input = try req.decodeJSON(CampaignService.Fields.self)
        let access = try await WorkspaceAccess.resolve(req)
        let campaign = try await CampaignService.update(access, id: req.uuidParameter("campaign"), input, on: req.db)
        return try CampaignDTO(campaign, posts: try await CampaignService.posts(of: campaign, access: access, on: req.db))
    }

    @Sendable static func deleteCampaign(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await CampaignService.delete(access, id: req.uuidParameter("campaign"), on: req.db)
        return .noContent
    }

    // MARK: Hashtag groups

    @Sendable static func listHashtagGroups(req: Request) async throws -> ListDTO<HashtagGroupDTO> {
        let access = try await WorkspaceAccess.resolve(req)
        return ListDTO(items: try await HashtagGroupService.list(access, on: req.db).map(HashtagGroupDTO.init))
    }

    @Sendable static func createHashtagGroup(req: Request) async throws -> Response {
        let input = try req.decodeJSON(HashtagGroupInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        let group = try await HashtagGroupService.create(access, name: input.name, tags: input.tags, on: req.db)
        return try await HashtagGroupDTO(group).encodeResponse(status: .created, for: req)
    }

    @Sendable static func updateHashtagGroup(req: Request) async throws -> HashtagGroupDTO {
        let input = try req.decodeJSON(HashtagGroupInput.self)
        let access = try await WorkspaceAccess.resolve(req)
        return try HashtagGroupDTO(try await HashtagGroupService.update(access, id: req.uuidParameter("group"), name: input.name,
                                                                        tags: input.tags, on: req.db))
    }

    @Sendable static func deleteHashtagGroup(req: Request) async throws -> HTTPStatus {
        let access = try await WorkspaceAccess.resolve(req)
        try await HashtagGroupService.delete(access, id: req.uuidParameter("group"), on: req.db)
        return .noContent
    }

    // MARK: Brand voice

    @Sendable static func showVoice(req: Request) async throws -> VoiceBody {
        let access = try await WorkspaceAccess.resolve(req)
        return VoiceBody(access.workspace.brandVoice, adLabelTemplate: access.workspace.adLabelTemplate)
    }

    @Sendable static func updateVoice(req: Request) async throws -> VoiceBody {
        let input = try req.decodeJSON(VoiceBody.self)
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.manageSettings)
        try await VoiceService.update(access, voice: try input.voice(), adTemplate: input.adLabelTemplate, on: req.db)
        return VoiceBody(access.workspace.brandVoice, adLabelTemplate: access.workspace.adLabelTemplate)
    }

    // MARK: Export

    @Sendable static func export(req: Request) async throws -> Response {
        try await ExportDownload.download(req: req)
    }
}
