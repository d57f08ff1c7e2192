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

    /// Probes, writes the file under a temporary name, saves the row, then renames: a failure
    /// at any step leaves neither a row without a file nor a stray file.
    package static func upload(_ access: WorkspaceAccess, fileName rawName: String, data: Data, details: Details,
                       maxBytes: Int, storage: MediaStorage, on database: any Database) async throws -> MediaFile {
        try access.require(.editPosts)
        guard data.count <= maxBytes else {
            throw ValidationError(code: "file_too_large", field: "file",
                                  message: .init(.mediaTooLarge, ByteSize.text(data.count), ByteSize.text(maxBytes)))
        }
        // The whole file: an MP4's index (moov) may sit at its end.
        let baseName = String((rawName as NSString).lastPathComponent.prefix(200))
        let name = baseName.isEmpty ? "upload" : baseName
        let info = try MediaProbe.probe(Array(data), fileName: name)
        let id = UUID()
        let file = MediaFile(id: id, workspaceID: access.workspaceID, fileName: name, info: info,
                             bytes: data.count, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined(),
                             uploadedBy: access.userID)
        try apply(details, to: file)
        let finalPath = storage.path(workspaceID: access.workspaceID, id: id, ext: info.format.rawValue)
        let partial = try storage.stage(data, finalPath: finalPath)
        do {
            try await file.create(on: database)
        } catch {
            storage.remove(partial)
            throw error
        }
        do {
            try storage.commit(partial, to: finalPath)
        } catch {
            try? await file.delete(on: database)
            storage.remove(partial)
            throw error
        }
        return file
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
            if !tag.isEmpty, !file.tags.split(separator: " ").contains(Substring(tag)) { return false }
            return query.isEmpty || [file.fileName, file.altText, file.tags].contains { $0.localizedCaseInsensitiveContains(query) }
        }
        let slice = matching.dropFirst(page.offset).prefix(page.limit)
        return (Array(slice), matching.count > page.offset + page.limit ? page.offset + page.limit : nil)
    }

    /// Library files by name or id (what an import names).
    package static func named(_ access: WorkspaceAccess, _ names: Set<String>, on database: any Database) async throws -> [MediaFile] {
        try access.require(.viewPosts)
        guard !names.isEmpty else { return [] }
        let ids = names.compactMap { UUID(uuidString: $0) }
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
