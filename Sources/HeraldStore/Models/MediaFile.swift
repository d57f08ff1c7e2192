import FluentKit
import Foundation
import HeraldCore

/// A file in a workspace's media library. The bytes live on disk under the data directory
/// (`media/<workspace>/<id>.<ext>`); this row says what they are.
public final class MediaFile: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "media_files"
    public static var workspaceIDKey: KeyPath<MediaFile, FieldProperty<MediaFile, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "file_name") public var fileName: String
    @Field(key: "format") public var formatName: String
    @Field(key: "bytes") public var bytes: Int
    @OptionalField(key: "width") public var width: Int?
    @OptionalField(key: "height") public var height: Int?
    @OptionalField(key: "duration_ms") public var durationMilliseconds: Int?
    @Field(key: "alt_text") public var altText: String
    @Field(key: "tags") public var tags: String
    @Field(key: "folder") public var folder: String
    @Field(key: "sha256") public var sha256: String
    @OptionalParent(key: "uploaded_by") public var uploadedBy: User?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID, workspaceID: UUID, fileName: String, info: MediaInfo, bytes: Int, sha256: String, uploadedBy: UUID?) {
        self.id = id
        self.$workspace.id = workspaceID
        self.fileName = fileName
        self.formatName = info.format.rawValue
        self.bytes = bytes
        self.width = info.width
        self.height = info.height
        self.durationMilliseconds = info.durationSeconds.map { Int(($0 * 1000).rounded()) }
        self.altText = ""
        self.tags = ""
        self.folder = ""
        self.sha256 = sha256
        self.$uploadedBy.id = uploadedBy
    }

    public var format: MediaFormat { MediaFormat(rawValue: formatName) ?? .jpeg }

    /// The file as the platform rules see it.
    /// The tags one by one (stored lower-cased, separated by spaces).
    public var tagList: [String] { tags.split(separator: " ").map(String.init) }

    public var asMediaItem: MediaItem {
        MediaItem(name: fileName, format: format, bytes: bytes, width: width, height: height,
                  altText: altText.isEmpty ? nil : altText)
    }
}
