/// Who may move a post between draft, in review and approved, and to where. Scheduling and
/// publishing build on this; with approval required, only approved posts can be scheduled.
public enum PostWorkflow {
    public enum Action: String, Sendable, CaseIterable, Codable {
        case submit
        case approve
        case requestChanges = "request_changes"
        case comment
    }

    /// Who acts: a member with a role, or an outside client through a signed approval link.
    public enum Actor: Sendable, Equatable {
        case member(Role)
        case clientLink
    }

    /// The status after `action`, or the error that says why not.
    public static func next(from status: PostStatus, action: Action, by actor: Actor) throws(ValidationError) -> PostStatus {
        func allowed(_ permission: Permission) -> Bool {
            switch actor {
            case .member(let role): role.allows(permission)
            case .clientLink: permission == .approvePosts
            }
        }
        switch action {
        case .comment:
            guard allowed(.viewPosts) || allowed(.approvePosts) else { throw refusal(action, status) }
            return status
        case .submit:
            guard allowed(.editPosts) else { throw refusal(action, status) }
            guard status == .draft else { throw refusal(action, status) }
            return .inReview
        case .approve, .requestChanges:
            guard allowed(.approvePosts) else { throw refusal(action, status) }
            guard status == .inReview else { throw refusal(action, status) }
            return action == .approve ? .approved : .draft
        }
    }

    /// After the content of a post changes: an approval no longer covers it (a scheduled post
    /// then leaves the schedule too; the caller clears its time).
    public static func afterEdit(_ status: PostStatus, approvalRequired: Bool) -> PostStatus {
        approvalRequired && [.approved, .inReview, .scheduled].contains(status) ? .draft : status
    }

    static func refusal(_ action: Action, _ status: PostStatus) -> ValidationError {
        ValidationError(code: "transition_not_allowed", field: "status",
                        message: .init(.workflowNotAllowed, action.rawValue, status.rawValue))
    }
}
