import Crypto
import FluentKit
import Foundation
import HeraldCore
import HeraldStore

/// The media library: upload (type from the bytes), describe, find, serve, delete.
package enum MediaService {
    package struct Details: Sendable {
        package var altText: String?
        package var tags: String?
        package var folder: String?

        package init(altText: String? = nil, tags: String? = nil, folder: String? = nil) {
            self.altText = altText
            self.tags = tags
            self.folder = folder
        }
    }

    /// An upload already on disk (streamed there as it arrived): where, how big, its SHA-256.
    package struct StagedFile: Sendable {
        package var path: String
        package var fileName: String
        package var bytes: Int
        package var sha256: String

        package init(path: String, fileName: String, bytes: Int, sha256: String) {
            self.path = path
            self.fileName = fileName
            self.bytes = bytes
            self.sha256 = sha256
        }
    }

    /// An upload held in memory (the demo, tests): staged to disk, then as any other.
    package static func upload(_ access: WorkspaceAccess, fileName: String, data: Data, details: Details,
                               maxBytes: Int, storage: MediaStorage, on database: any Database) async throws -> MediaFile {
        try access.require(.editPosts)
        try checkSize(data.count, maxBytes: maxBytes)
        let sink = try UploadSink(storage: storage, fileName: fileName, maxBytes: maxBytes)
        let staged: StagedFile
        do {
            try sink.write(data)
            staged = try sink.finish()
        } catch {
            sink.discard()
            throw error
        }
        return try await upload(access, staged: staged, details: details, maxBytes: maxBytes, storage: storage, on: database)
    }

    /// Keeps a staged upload: probes it on disk (its type from the bytes), saves the row, then
    /// renames the file to its final name. The staged file is gone afterwards either way, and a
    /// failure at any step leaves neither a row without a file nor a stray file.
    package static func upload(_ access: WorkspaceAccess, staged: StagedFile, details: Details,
                               maxBytes: Int, storage: MediaStorage, on database: any Database) async throws -> MediaFile {
        var kept = false
        defer { if !kept { storage.remove(staged.path) } }
        try access.require(.editPosts)
        try checkSize(staged.bytes, maxBytes: maxBytes)
        let baseName = String((staged.fileName as NSString).lastPathComponent.prefix(200))
        let name = baseName.isEmpty ? "upload" : baseName
        // The whole file is probed (an MP4's index, moov, may sit at its end), mapped rather than read.
        let info = try MediaProbe.probe(fileAt: staged.path, fileName: name)
        let id = UUID()
        let file = MediaFile(id: id, workspaceID: access.workspaceID, fileName: name, info: info,
                             bytes: staged.bytes, sha256: staged.sha256, uploadedBy: access.userID)
        try apply(details, to: file)
        try await file.create(on: database)
        let finalPath = storage.path(workspaceID: access.workspaceID, id: id, ext: info.format.rawValue)
        do {
            try storage.commit(staged.path, to: finalPath)
            kept = true
        } catch {
            try? await file.delete(on: database)
            throw error
        }
        return file
    }

    static func checkSize(_ bytes: Int, maxBytes: Int) throws {
        guard bytes <= maxBytes else {
            throw ValidationError(code: "file_too_large", field: "file",
                                  message: .init(.mediaTooLarge, ByteSize.text(bytes), ByteSize.text(maxBytes)))
        }
    }

    package static func apply(_ details: Details, to file: MediaFile) throws {
        func clean(_ value: String?, _ field: String, _ max: Int) throws -> String? {
            guard let value else { return nil }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count <= max else {
                throw ValidationError(code: "too_long", field: field, message: .init(.errorTooLong, String(max), String(trimmed.count - max)))
            }
            return trimmed
        }
        if let alt = try clean(details.altText, "alt_text", 5000) { file.altText = alt }
        if let tags = try clean(details.tags, "tags", 500) {
            file.tags = tags.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map { $0.lowercased() }.joined(separator: " ")
        }
        if let folder = try clean(details.folder, "folder", 120) { file.folder = folder }
    }

    /// How many of the newest files a search looks through (names and alt texts are matched
    /// case-insensitively in any script, which SQL LIKE does not do on both databases).
    package static let searchWindow = 5000

    /// Search by name, alt text or tag; narrow by folder or tag; one page, newest first.
    package static func list(_ access: WorkspaceAccess, query: String?, folder: String?, tag: String?,
                             page: PageRequest = PageRequest(limit: PageRequest.maxLimit), on database: any Database) async throws
        -> (items: [MediaFile], next: Int?)
    {
        try access.require(.viewPosts)
        var builder = MediaFile.scoped(to: access.workspaceID, on: database).sort(\.$createdAt, .descending).sort(\.$id)
        if let folder, !folder.isEmpty { builder = builder.filter(\.$folder == folder) }
        let tag = tag?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let query = query?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !tag.isEmpty || !query.isEmpty else { return try await page.fetch(builder) }
        let matching = try await builder.limit(searchWindow).all().filter { file in
            if !tag.isEmpty, !file.tagList.contains(tag) { return false }
            return query.isEmpty || [file.fileName, file.altText, file.tags].contains { $0.localizedCaseInsensitiveContains(query) }
        }
        let slice = matching.dropFirst(page.offset).prefix(page.limit)
        return (Array(slice), matching.count > page.offset + page.limit ? page.offset + page.limit : nil)
    }

    /// Library files by name or id (what an import names).
    package static func named(_ access: WorkspaceAccess, _ names: Set<String>, on database: any Database) async throws -> [MediaFile] {
        try access.require(.viewPosts)
        guard !names.isEmpty else { return [] }
        let ids = names.compactMap { UUID(text: $0) }
        return try await MediaFile.scoped(to: access.workspaceID, on: database).group(.or) { group in
            group.filter(\.$fileName ~~ Array(names))
            if !ids.isEmpty { group.filter(\.$id ~~ ids) }
        }.all()
    }

    package static func find(_ access: WorkspaceAccess, id: UUID, on database: any Database) async throws -> MediaFile {
        try access.require(.viewPosts)
        guard let file = try await MediaFile.find(id, in: access.workspaceID, on: database) else { throw AppError.notFound }
        return file
    }

    package static func update(_ access: WorkspaceAccess, id: UUID, _ details: Details, on database: any Database) async throws -> MediaFile {
        try access.require(.editPosts)
        let file = try await find(access, id: id, on: database)
        try apply(details, to: file)
        try await file.save(on: database)
        return file
    }

    package static func delete(_ access: WorkspaceAccess, id: UUID, storage: MediaStorage, on database: any Database) async throws {
        try access.require(.editPosts)
        let file = try await find(access, id: id, on: database)
        try await database.writeTransaction { tx in
            if let post = try await MediaUse.neededBy(mediaID: id, workspaceID: access.workspaceID, on: tx) {
                throw AppError.conflict(ValidationError(code: "media_in_use", field: nil,
                                                        message: .init(.mediaInUse, file.fileName, post)))
            }
            try await file.delete(on: tx)
        }
        storage.remove(storage.path(workspaceID: access.workspaceID, id: id, ext: file.format.rawValue))
    }


    /// Per platform: nothing (fits) or what the platform would refuse.
    package static func fits(_ file: MediaFile) -> [(Platform, [RuleViolation])] {
        Platform.allCases.filter { $0 != .sandbox }.map { platform in
            (platform, PlatformRules.defaults(for: platform).check(text: "x", media: [file.asMediaItem])
                .filter { $0.field.hasPrefix("media") })
        }
    }
}
