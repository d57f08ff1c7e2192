import FluentKit
import Foundation

/// One thing the audience said to a channel: a comment, a reply, a mention, a quote or a direct
/// message — stored once (unique by channel and the platform's id), with its post when it is
/// about one of ours, and where it stands in the team's work.
public final class InboxItem: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "inbox_items"
    public static var workspaceIDKey: KeyPath<InboxItem, FieldProperty<InboxItem, UUID>> { \.$workspace.$id }

    /// Open: needs an answer; waiting: answered, the customer's turn; done.
    public enum Status: String, Sendable, CaseIterable, Codable {
        case open, waiting, done
    }

    /// How soon it needs an answer.
    public enum Priority: String, Sendable, CaseIterable, Codable, Comparable {
        case low, normal, high, urgent

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 1 }
        public static func < (a: Priority, b: Priority) -> Bool { a.rank < b.rank }
    }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "channel_id") public var channel: SocialChannel
    @Field(key: "remote_id") public var remoteID: String
    @Field(key: "kind") public var kindName: String
    @Field(key: "author_id") public var authorID: String
    @Field(key: "author_name") public var authorName: String
    @Field(key: "text") public var text: String
    @Field(key: "at") public var at: Date
    @OptionalField(key: "post_remote_id") public var postRemoteID: String?
    @OptionalField(key: "parent_remote_id") public var parentRemoteID: String?
    @OptionalField(key: "conversation_id") public var conversationID: String?
    /// Our post it belongs to, when Herald published it.
    @OptionalField(key: "post_id") public var postID: UUID?
    @Field(key: "status") public var statusName: String
    /// The member who answers it (nil: nobody yet).
    @OptionalField(key: "assigned_to") public var assignedTo: UUID?
    @OptionalField(key: "priority") public var priorityName: String?
    /// Labels as `,a,b,` (lower case), so one label is found with `LIKE '%,a,%'`.
    @OptionalField(key: "labels") public var labelsText: String?
    /// Out of the open views until then.
    @OptionalField(key: "snoozed_until") public var snoozedUntil: Date?
    /// The department that answers it.
    @OptionalField(key: "department_id") public var departmentID: UUID?
    /// negative, neutral or positive, read from the text when it arrived (a hint, see `Sentiment`).
    @OptionalField(key: "sentiment") public var sentiment: String?
    @OptionalField(key: "urgent") public var urgent: Bool?
    /// Whether the author followed the account when the item arrived (nil: not asked — no rule needed it, or the platform cannot tell).
    @OptionalField(key: "author_follows") public var authorFollows: Bool?
    /// When Herald found it deleted on the platform (it then leaves the open views).
    @OptionalField(key: "deleted_at") public var deletedAt: Date?
    /// When the first answer went out, and when it was marked done (service levels).
    @OptionalField(key: "first_response_at") public var firstResponseAt: Date?
    @OptionalField(key: "resolved_at") public var resolvedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var status: Status { Status(rawValue: statusName) ?? .open }

    /// Done now (its settling time ends here), unless it was done already.
    public func close(at now: Date) {
        guard status != .done else { return }
        statusName = Status.done.rawValue
        resolvedAt = now
    }
    public var priority: Priority { priorityName.flatMap(Priority.init(rawValue:)) ?? .normal }

    public var labels: [String] {
        get { (labelsText ?? "").split(separator: ",").map(String.init) }
        set { labelsText = newValue.isEmpty ? "" : "," + newValue.joined(separator: ",") + "," }
    }
}

/// A team inside a workspace that answers some of the inbox (support, sales, PR), with its members.
public final class Department: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "departments"
    public static var workspaceIDKey: KeyPath<Department, FieldProperty<Department, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Field(key: "name") public var name: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Children(for: \.$department) public var members: [DepartmentMember]

    public init() {}

    public init(id: UUID = UUID(), workspaceID: UUID, name: String) {
        self.id = id
        self.$workspace.id = workspaceID
        self.name = name
    }
}

public final class DepartmentMember: Model, @unchecked Sendable {
    public static let schema = "department_members"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "department_id") public var department: Department
    @Parent(key: "user_id") public var user: User

    public init() {}

    public init(departmentID: UUID, userID: UUID) {
        self.$department.id = departmentID
        self.$user.id = userID
    }
}

/// An answer sent from Herald to an inbox item: recorded "publishing" before it leaves, then
/// published, failed (with the platform's words) or unknown (no answer came).
public final class InboxReply: Model, WorkspaceScoped, @unchecked Sendable {
    public static let schema = "inbox_replies"
    public static var workspaceIDKey: KeyPath<InboxReply, FieldProperty<InboxReply, UUID>> { \.$workspace.$id }

    @ID(key: .id) public var id: UUID?
    @Parent(key: "workspace_id") public var workspace: Workspace
    @Parent(key: "item_id") public var item: InboxItem
    @OptionalParent(key: "user_id") public var user: User?
    @Field(key: "text") public var text: String
    @Field(key: "state") public var state: String
    @OptionalField(key: "remote_id") public var remoteID: String?
    @OptionalField(key: "reason") public var reason: String?
    @Field(key: "idempotency_key") public var idempotencyKey: String
    /// Who approved it (answers by editors where the workspace asks for approval).
    @OptionalField(key: "approved_by") public var approvedBy: UUID?
    /// The saved reply it was written from, if any.
    @OptionalField(key: "saved_reply_id") public var savedReplyID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// Stored instead of the platform's words when Herald itself could not act: the channel's
/// credential does not open (pages say so from the catalogue).
public let inboxCredentialUnreadable = "herald:credential_unreadable"

/// Where a channel's inbox sync stands: the platform's cursor, when it last ran, and its last error.
public final class InboxCursor: Model, @unchecked Sendable {
    public static let schema = "inbox_cursors"

    @ID(custom: "channel_id", generatedBy: .user) public var id: UUID?
    @OptionalField(key: "cursor") public var cursor: String?
    @OptionalField(key: "synced_at") public var syncedAt: Date?
    @OptionalField(key: "error") public var error: String?
    @OptionalField(key: "error_at") public var errorAt: Date?

    public init() {}

    public init(channelID: UUID) { self.id = channelID }
}
