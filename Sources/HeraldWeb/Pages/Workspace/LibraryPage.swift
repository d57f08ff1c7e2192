import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// The media library: upload, search, a grid of files, and each file's details with its fit
/// per platform. Files are served only to members of the workspace.
enum LibraryPage {
    @Sendable static func list(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, error: nil)
    }

    @Sendable static func upload(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try access.require(.editPosts)
        do {
            let media = try await StreamedUpload.receive(req, access: access)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .media(media.id)).path + "?done=\(L.mediaUploaded.rawValue)")
        } catch let error as ValidationError {
            return try await respond(req, access: access, error: error, status: .unprocessableEntity)
        }
    }

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let file = try await MediaService.find(access, id: req.uuidParameter("media"), on: req.db)
        return .page(detail(try await PageContext.make(req, access: access), access: access, file: file, error: nil))
    }

    @Sendable static func update(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let id = try req.uuidParameter("media")
        do {
            _ = try await MediaService.update(access, id: id, .init(altText: req.formValue("alt_text"), tags: req.formValue("tags"),
                                                                    folder: req.formValue("folder")), on: req.db)
            return req.redirect(to: SiteURL.workspace(access.workspaceID, .media(id)).path + "?done=\(L.mediaSaved.rawValue)")
        } catch let error as ValidationError {
            let file = try await MediaService.find(access, id: id, on: req.db)
            return .page(detail(try await PageContext.make(req, access: access), access: access, file: file, error: error),
                         status: .unprocessableEntity)
        }
    }

    @Sendable static func delete(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        try await MediaService.delete(access, id: req.uuidParameter("media"), storage: req.application.runtime.mediaStorage, on: req.db)
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .library).path + "?done=\(L.mediaDeleted.rawValue)")
    }

    @Sendable static func file(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await MediaService.serve(req, access: access, id: req.uuidParameter("media"))
    }

    static func thumbnail(_ access: WorkspaceAccess, _ file: MediaFile) -> HTML {
        let src = SiteURL.workspace(access.workspaceID, .mediaFile(file.id)).path
        return file.format.isVideo
            ? "<video src=\"\(src)\" preload=\"metadata\" muted></video>"
            : "<img src=\"\(src)\" alt=\"\(file.altText)\" loading=\"lazy\">"
    }

    /// What the library was asked to show: a search, a folder, a tag, a page.
    struct Asked {
        var q: String?, folder: String?, tag: String?
        var page: PageRequest
    }

    static func respond(_ req: Request, access: WorkspaceAccess, error: ValidationError?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let asked = Asked(q: try? req.query.get(String.self, at: "q"), folder: try? req.query.get(String.self, at: "folder"),
                          tag: try? req.query.get(String.self, at: "tag"),
                          page: try PageRequest.parse(limit: nil, offset: try? req.query.get(String.self, at: "offset")))
        let found = try await MediaService.list(access, query: asked.q, folder: asked.folder, tag: asked.tag, page: asked.page, on: req.db)
        let context = try await PageContext.make(req, access: access)
        return .page(view(context, access: access, files: found.items, next: found.next, asked: asked, error: error), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, files: [MediaFile], next: Int?, asked: Asked,
                     error: ValidationError?) -> HTML {
        let (q, folder, page) = (asked.q, asked.folder, asked.page)
        let items: [HTML] = files.map { file in
            """
            <li class="card media"><a href="\(SiteURL.workspace(access.workspaceID, .media(file.id)).path)">\(thumbnail(access, file))
            <strong>\(file.fileName)</strong></a><small>\(file.format.rawValue.uppercased()) · \(file.width.map(String.init) ?? "?")×\(file.height.map(String.init) ?? "?") · \(ByteSize.text(file.bytes))\(file.folder.isEmpty ? "" : " · " + file.folder)</small></li>
            """
        }
        let upload: HTML = access.can(.editPosts) ? """
            <form method="post" enctype="multipart/form-data" class="stack">\(context.csrfField)
            \(error.map { "<p class=\"error\" role=\"alert\">\(context.t($0.message))</p>" as HTML })
            <label for="file">\(context.t(.mediaUpload))</label><input id="file" name="file" type="file" accept="image/jpeg,image/png,image/gif,image/webp,video/mp4" required>
            \(Layout.field(context, name: "alt_text", label: context.t(.mediaAltText), required: false))
            \(Layout.field(context, name: "tags", label: context.t(.mediaTags), required: false))
            \(Layout.field(context, name: "folder", label: context.t(.mediaFolder), value: folder ?? "", required: false))
            <button type="submit">\(context.t(.mediaUpload))</button></form>
            """ : .empty
        return Layout.page(context, title: context.t(.mediaTitle), body: """
            <h1>\(context.t(.mediaTitle))</h1>
            <form method="get" class="row"><label for="q" class="visually-hidden">\(context.t(.mediaSearch))</label>
            <input id="q" name="q" value="\(q ?? "")" placeholder="\(context.t(.mediaSearch))"><button type="submit" class="secondary">\(context.t(.mediaSearch))</button></form>
            \(items.isEmpty ? "<p class=\"muted\">\(context.t(.mediaEmpty))</p>" as HTML : "<ul class=\"media-grid\">\(items)</ul>")
            \(Layout.morePages(context, path: SiteURL.workspace(access.workspaceID, .library).path, page: page, next: next,
                               query: [("q", q), ("folder", folder), ("tag", asked.tag)]
                                   .compactMap { name, value in value.flatMap { $0.isEmpty ? nil : "\(name)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } }
                                   .joined(separator: "&")))
            \(upload)
            """)
    }

    static func detail(_ context: PageContext, access: WorkspaceAccess, file: MediaFile, error: ValidationError?) -> HTML {
        let fits: [HTML] = MediaService.fits(file).map { platform, problems in
            let verdict: HTML = problems.isEmpty ? "<span class=\"ready\">✓ \(context.t(.mediaFitsAll))</span>"
                // What a platform would not take is information about the file, not an error of the page: no red.
                : "<ul>\(problems.map { "<li class=\"warning\">\(context.t($0.message))</li>" as HTML })</ul>"
            return "<li><strong>\(platform.displayName)</strong> \(verdict)</li>"
        }
        let editor: HTML = access.can(.editPosts) ? """
            \(context.form(SiteURL.workspace(access.workspaceID, .media(file.id)).path, """
                \(Layout.formError(context, error, fields: ["alt_text", "tags", "folder"]))
                \(Layout.field(context, name: "alt_text", label: context.t(.mediaAltText), value: file.altText, error: error, required: false))
                \(Layout.field(context, name: "tags", label: context.t(.mediaTags), value: file.tags, error: error, required: false))
                \(Layout.field(context, name: "folder", label: context.t(.mediaFolder), value: file.folder, error: error, required: false))
                <button type="submit">\(context.t(.save))</button>
                """))
            \(context.button(SiteURL.workspace(access.workspaceID, .mediaDelete(file.id)).path, context.t(.delete), danger: true))
            """ : .empty
        let duration: HTML = file.durationMilliseconds.map {
            " · \(context.t(LocalizedText(.mediaDuration, String(format: "%.1f", Double($0) / 1000))))" as HTML
        } ?? .empty
        return Layout.page(context, title: file.fileName, body: """
            <h1>\(file.fileName)</h1>
            <div class="media-detail">\(thumbnail(access, file))</div>
            <p class="muted">\(file.format.rawValue.uppercased()) · \(file.width.map(String.init) ?? "?")×\(file.height.map(String.init) ?? "?") · \(ByteSize.text(file.bytes))\(duration)</p>
            \(editor)
            <h2>\(context.t(.mediaFits))</h2><ul class="fits">\(fits)</ul>
            """)
    }
}
