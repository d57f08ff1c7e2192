import HeraldCore
import Foundation
import HeraldApp

/// The OpenAPI 3.1 description of `/api/v1`, built in code next to the routes it describes.
/// A test checks that every registered API route appears here, so the two cannot drift apart.
package enum OpenAPIDocument {
    struct Endpoint {
        var method: String
        var path: String
        var summary: String
        var tag: String
        var body: String?
        var response: String?
        var status: Int = 200
    }

    static let endpoints: [Endpoint] = [
        .init(method: "get", path: "/me", summary: "The user the token belongs to", tag: "Account", response: "User"),
        .init(method: "patch", path: "/me", summary: "Change your name or language", tag: "Account", body: "MeInput", response: "User"),
        .init(method: "post", path: "/me/password", summary: "Change your password (signs out other sessions)",
              tag: "Account", body: "PasswordInput", status: 204),
        .init(method: "get", path: "/tokens", summary: "Your API tokens (secrets are never shown again)", tag: "Account",
              response: "TokenList"),
        .init(method: "post", path: "/tokens", summary: "Create an API token; the answer holds the secret once",
              tag: "Account", body: "TokenInput", response: "Token", status: 201),
        .init(method: "delete", path: "/tokens/{token}", summary: "Revoke an API token", tag: "Account", status: 204),
        .init(method: "get", path: "/workspaces", summary: "Workspaces you are a member of", tag: "Workspaces",
              response: "WorkspaceList"),
        .init(method: "post", path: "/workspaces", summary: "Create a workspace (organisation owners)", tag: "Workspaces",
              body: "WorkspaceInput", response: "Workspace", status: 201),
        .init(method: "get", path: "/workspaces/{workspace}", summary: "One workspace", tag: "Workspaces",
              response: "Workspace"),
        .init(method: "patch", path: "/workspaces/{workspace}", summary: "Change name, time zone or language",
              tag: "Workspaces", body: "WorkspaceInput", response: "Workspace"),
        .init(method: "get", path: "/workspaces/{workspace}/members", summary: "Members and their roles", tag: "Members",
              response: "MemberList"),
        .init(method: "post", path: "/workspaces/{workspace}/members",
              summary: "Add a member (creates the account when the e-mail is new)", tag: "Members",
              body: "MemberInput", response: "Member", status: 201),
        .init(method: "patch", path: "/workspaces/{workspace}/members/{user}", summary: "Change a member's role",
              tag: "Members", body: "RoleInput", response: "Member"),
        .init(method: "delete", path: "/workspaces/{workspace}/members/{user}", summary: "Remove a member",
              tag: "Members", status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/channels", summary: "Connected channels", tag: "Channels",
              response: "ChannelList"),
        .init(method: "post", path: "/workspaces/{workspace}/channels",
              summary: "Connect a channel; the credential is stored encrypted", tag: "Channels",
              body: "ChannelInput", response: "Channel", status: 201),
        .init(method: "post", path: "/workspaces/{workspace}/channels/oauth",
              summary: "Begin connecting (or with channel_id reconnecting) by signing in on the platform (Mastodon, or VK by VK ID; OAuth with PKCE): open authorize_url in a browser signed in to Herald within ten minutes",
              tag: "Channels", body: "OAuthStartInput", response: "OAuthStart", status: 201),
        .init(method: "get", path: "/workspaces/{workspace}/channels/{channel}", summary: "One channel", tag: "Channels",
              response: "Channel"),
        .init(method: "delete", path: "/workspaces/{workspace}/channels/{channel}", summary: "Remove a channel",
              tag: "Channels", status: 204),
        .init(method: "patch", path: "/workspaces/{workspace}/channels/{channel}",
              summary: "Pause or resume a channel; set its rate budget (budget_count 0 goes back to the platform's default)",
              tag: "Channels", body: "ChannelChangesInput", response: "Channel"),
        .init(method: "post", path: "/workspaces/{workspace}/channels/{channel}/reconnect",
              summary: "A new credential: the channel is active again and posts that failed for want of it are retried",
              tag: "Channels", body: "ChannelInput", response: "Channel"),
        .init(method: "post", path: "/workspaces/{workspace}/channels/{channel}/check",
              summary: "Ask the platform who the account is now and what Herald can do with it (capabilities; metrics it does not give are not_available, never zero)",
              tag: "Channels", response: "ChannelCheck"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/publications/{publication}/retry",
              summary: "Queue a failed publication again", tag: "Publishing", response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/publications/{publication}/resolve",
              summary: "After an unknown outcome, say what the channel shows: published (with its link) or missing (sent again)",
              tag: "Publishing", body: "ResolveInput", response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/publications/{publication}/remove",
              summary: "Delete a published post from its platform (with its thread and first comment where those are posts); the publication keeps its record and shows the removal",
              tag: "Publishing", response: "PostDetail", status: 202),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/publications/{publication}/edit",
              summary: "Correct a published post's text on its platform (Mastodon, Telegram, VK), checked like the post; each correction is a step of the publication",
              tag: "Publishing", body: "EditInput", response: "PostDetail", status: 202),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/duplicate",
              summary: "A new draft with the same content and channels (how a published post is posted again)",
              tag: "Posts", response: "PostDetail", status: 201),
        .init(method: "get", path: "/workspaces/{workspace}/inbox",
              summary: "Comments, replies, mentions, quotes and direct messages, newest first (?status=open|waiting|done|snoozed|all, ?channel=, ?assigned=me|none|<member id>, ?priority=low|normal|high|urgent, ?label=, ?department=<id>, ?q=<words>: full-text, English and Russian endings ignored). Snoozed items are left out until they wake, except with status=snoozed or q",
              tag: "Inbox", response: "InboxItemList"),
        .init(method: "post", path: "/workspaces/{workspace}/inbox/bulk",
              summary: "The same changes to many items at once (at most 500), all or none",
              tag: "Inbox", body: "InboxBulkInput", response: "InboxItemList"),
        .init(method: "get", path: "/workspaces/{workspace}/inbox/{item}/history",
              summary: "What the same person said before on the same platform, in any of the workspace's channels, newest first",
              tag: "Inbox", response: "InboxItemList"),
        .init(method: "get", path: "/workspaces/{workspace}/departments", summary: "The workspace's departments and their members",
              tag: "Inbox", response: "DepartmentList"),
        .init(method: "post", path: "/workspaces/{workspace}/departments", summary: "A new department (those who manage settings)",
              tag: "Inbox", body: "DepartmentInput", response: "Department", status: 201),
        .init(method: "put", path: "/workspaces/{workspace}/departments/{department}/members", summary: "Replace a department's members",
              tag: "Inbox", body: "DepartmentInput", response: "Department"),
        .init(method: "delete", path: "/workspaces/{workspace}/departments/{department}",
              summary: "Remove a department; its items keep everything else", tag: "Inbox", status: 204),
        .init(method: "post", path: "/workspaces/{workspace}/inbox/{item}/reply",
              summary: "Answer an item through its channel (the platform's text limit checked; never sent twice while one is under way)",
              tag: "Inbox", body: "InboxReplyInput", response: "InboxReply", status: 201),
        .init(method: "patch", path: "/workspaces/{workspace}/inbox/{item}",
              summary: "Work an item: status, assignee, priority, labels (all, or one added or removed), snooze, department",
              tag: "Inbox", body: "InboxChangesInput", response: "InboxItem"),
        .init(method: "get", path: "/workspaces/{workspace}/notifications",
              summary: "What needs attention: failed or unknown publications, held channels, sweep and credential notices",
              tag: "Publishing", response: "Attention"),
        .init(method: "post", path: "/workspaces/{workspace}/notices/{notice}/dismiss", summary: "Dismiss a notice",
              tag: "Publishing", status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/webhook", summary: "The webhook URL (the secret is never shown again)",
              tag: "Publishing", response: "Webhook"),
        .init(method: "put", path: "/workspaces/{workspace}/webhook",
              summary: "Set the webhook for publication.published and publication.failed; a new secret is returned once",
              tag: "Publishing", body: "WebhookInput", response: "Webhook"),
        .init(method: "delete", path: "/workspaces/{workspace}/webhook", summary: "Remove the webhook", tag: "Publishing",
              status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/posts", summary: "Posts, newest first", tag: "Posts",
              response: "PostList"),
        .init(method: "post", path: "/workspaces/{workspace}/posts",
              summary: "Create a draft for some channels, with per-channel variants; the answer checks each", tag: "Posts",
              body: "PostInput", response: "PostDetail", status: 201),
        .init(method: "post", path: "/workspaces/{workspace}/posts/check",
              summary: "Check a draft against each channel's rules, the brand voice and the ad label, without saving",
              tag: "Posts", body: "PostInput", response: "CheckList"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/submit", summary: "Send a draft for approval",
              tag: "Approval", body: "CommentInput", response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/approve", summary: "Approve a post in review",
              tag: "Approval", body: "CommentInput", response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/request-changes",
              summary: "Send a post in review back to draft with a comment", tag: "Approval", body: "CommentInput",
              response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/comments", summary: "Comment on a post",
              tag: "Approval", body: "CommentInput", response: "PostDetail"),
        .init(method: "get", path: "/workspaces/{workspace}/posts/{post}/events", summary: "The post's audit log",
              tag: "Approval", response: "EventList"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/approval-link",
              summary: "A signed link (7 days) for an outside client to approve or reject without an account",
              tag: "Approval", response: "ApprovalLink"),
        .init(method: "delete", path: "/workspaces/{workspace}/posts/{post}/approval-link",
              summary: "Revoke every client approval link of the post (editing it ends them too)", tag: "Approval", status: 204),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/schedule",
              summary: "Schedule at a wall-clock time in a zone (the workspace's by default); refused while a check blocks",
              tag: "Scheduling", body: "ScheduleInput", response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/queue",
              summary: "Schedule into the next free posting slot of the post's channels", tag: "Scheduling",
              response: "PostDetail"),
        .init(method: "post", path: "/workspaces/{workspace}/posts/{post}/unschedule", summary: "Take off the schedule",
              tag: "Scheduling", response: "PostDetail"),
        .init(method: "put", path: "/workspaces/{workspace}/channels/{channel}/slots",
              summary: "Replace a channel's weekly posting slots", tag: "Scheduling", body: "SlotsInput", response: "Channel"),
        .init(method: "get", path: "/workspaces/{workspace}/posts/{post}", summary: "One post with its targets and checks",
              tag: "Posts", response: "PostDetail"),
        .init(method: "patch", path: "/workspaces/{workspace}/posts/{post}",
              summary: "Edit a draft; `channels`/`variants` replace the targets when given", tag: "Posts",
              body: "PostInput", response: "PostDetail"),
        .init(method: "delete", path: "/workspaces/{workspace}/posts/{post}", summary: "Delete a post", tag: "Posts",
              status: 204),
        .init(method: "post", path: "/workspaces/{workspace}/media",
              summary: "Upload an image or MP4 (multipart: file, alt_text, tags, folder); the type is read from the bytes",
              tag: "Media", body: "Upload", response: "Media", status: 201),
        .init(method: "get", path: "/workspaces/{workspace}/media", summary: "Library files; ?q= searches, ?folder= and ?tag= narrow",
              tag: "Media", response: "MediaList"),
        .init(method: "get", path: "/workspaces/{workspace}/media/{media}", summary: "A file's details and fit per platform",
              tag: "Media", response: "Media"),
        .init(method: "patch", path: "/workspaces/{workspace}/media/{media}", summary: "Change alt text, tags or folder",
              tag: "Media", body: "MediaDetails", response: "Media"),
        .init(method: "delete", path: "/workspaces/{workspace}/media/{media}", summary: "Delete a file", tag: "Media", status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/media/{media}/file", summary: "The file's bytes (members only)",
              tag: "Media"),
        .init(method: "post", path: "/workspaces/{workspace}/imports",
              summary: "Import posts from CSV (body: text/csv). ?dry_run=true only checks; ?only_valid=true imports valid rows",
              tag: "Import", body: "CSV", response: "ImportReport"),
        .init(method: "get", path: "/workspaces/{workspace}/campaigns", summary: "Campaigns, by name", tag: "Campaigns",
              response: "CampaignList"),
        .init(method: "post", path: "/workspaces/{workspace}/campaigns", summary: "Create a campaign", tag: "Campaigns",
              body: "CampaignInput", response: "Campaign", status: 201),
        .init(method: "get", path: "/workspaces/{workspace}/campaigns/{campaign}", summary: "A campaign with its posts",
              tag: "Campaigns", response: "Campaign"),
        .init(method: "patch", path: "/workspaces/{workspace}/campaigns/{campaign}", summary: "Change a campaign",
              tag: "Campaigns", body: "CampaignInput", response: "Campaign"),
        .init(method: "delete", path: "/workspaces/{workspace}/campaigns/{campaign}",
              summary: "Delete a campaign (its posts stay, without a campaign)", tag: "Campaigns", status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/hashtag-groups", summary: "Saved hashtag sets", tag: "Brand voice",
              response: "HashtagGroupList"),
        .init(method: "post", path: "/workspaces/{workspace}/hashtag-groups", summary: "Save a hashtag set", tag: "Brand voice",
              body: "HashtagGroupInput", response: "HashtagGroup", status: 201),
        .init(method: "patch", path: "/workspaces/{workspace}/hashtag-groups/{group}", summary: "Change a hashtag set",
              tag: "Brand voice", body: "HashtagGroupInput", response: "HashtagGroup"),
        .init(method: "delete", path: "/workspaces/{workspace}/hashtag-groups/{group}", summary: "Delete a hashtag set",
              tag: "Brand voice", status: 204),
        .init(method: "get", path: "/workspaces/{workspace}/voice", summary: "The brand voice and ad label template",
              tag: "Brand voice", response: "Voice"),
        .init(method: "put", path: "/workspaces/{workspace}/voice", summary: "Replace the brand voice (owners, admins)",
              tag: "Brand voice", body: "Voice", response: "Voice"),
        .init(method: "get", path: "/workspaces/{workspace}/export",
              summary: "Everything in the workspace as JSON (no credentials)", tag: "Export", response: "Export"),
    ]

    static func string(_ description: String, format: String? = nil, enumValues: [String]? = nil) -> [String: Any] {
        var schema: [String: Any] = ["type": "string", "description": description]
        if let format { schema["format"] = format }
        if let enumValues { schema["enum"] = enumValues }
        return schema
    }

    static func object(_ properties: [String: [String: Any]], required: [String] = []) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    static func list(_ item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ref(item)],
                "next_offset": ["type": "integer", "description": "Where the next page starts (?offset=); absent on the last page"]],
               required: ["items"])
    }

    static let roles = ["owner", "admin", "editor", "approver", "viewer"]
    static let statuses = PostStatus.allCases.map(\.rawValue)

    static var schemas: [String: Any] {
        let id = string("Identifier", format: "uuid")
        let date = string("UTC instant", format: "date-time")
        let inboxChanges: [String: [String: Any]] = [
            "status": string("Where it stands", enumValues: ["open", "waiting", "done"]),
            "assigned_to": string("A member's id, or none"),
            "priority": string("How soon it needs an answer", enumValues: ["low", "normal", "high", "urgent"]),
            "add_label": string("One label to add (letters, digits, -)"), "remove_label": string("One label to remove"),
            "snoozed_until": string("Out of the open views until then: an ISO 8601 instant, or YYYY-MM-DDTHH:MM in the workspace's zone; empty wakes it"),
            "department": string("A department's id, or none"),
        ]
        // A later step of a publication (its first comment, a thread part).
        let step = object([
            "state": string("State", enumValues: PublicationState.Kind.allCases.map(\.rawValue)),
            "text": string("As sent"), "remote_id": string("The platform's id"),
            "url": string("Where it is"), "published_at": date,
            "problem": string("Why not", enumValues: PublicationProblem.allCases.map(\.rawValue)),
            "platform_message": string("The platform's own words")])
        return [
            "Error": object(["error": object([
                "code": string("Stable machine-readable reason, e.g. invalid_time_zone"),
                "message": string("What went wrong and what to do, in the caller's language"),
                "field": ["type": ["string", "null"], "description": "The request field at fault"],
                "request_id": string("Quote this when reporting a problem"),
            ], required: ["code", "message", "request_id"])], required: ["error"]),
            "User": object(["id": id, "email": string("E-mail"), "name": string("Name"),
                            "language": ["type": ["string", "null"], "enum": ["en", "ru", NSNull()]],
                            "organization_role": string("Standing in the organisation", enumValues: ["owner", "member"])],
                           required: ["id", "email", "name", "organization_role"]),
            "MeInput": object(["name": string("New name"), "language": string("en, ru, or empty to follow the browser")]),
            "PasswordInput": object(["current_password": string("Current password"),
                                     "new_password": string("At least 10 characters, at most 72 bytes"),
                                     "keep_tokens": ["type": "boolean",
                                                     "description": "Keep your API tokens (by default a new password revokes them)"]],
                                    required: ["current_password", "new_password"]),
            "Token": object(["id": id, "name": string("Label"), "prefix": string("First characters, to tell tokens apart"),
                             "created_at": date, "last_used_at": date,
                             "token": string("The secret; only in the answer to creation")],
                            required: ["id", "name", "prefix"]),
            "TokenList": list("Token"),
            "TokenInput": object(["name": string("Label, at most 80 characters")], required: ["name"]),
            "Workspace": object(["id": id, "name": string("Name"), "time_zone": string("IANA zone, e.g. Europe/Moscow"),
                                 "language": string("Default language", enumValues: ["en", "ru"]),
                                 "role": string("Your role here", enumValues: roles), "created_at": date,
                                 "approval_required": ["type": "boolean"],
                                 "russian_ad_labels": ["type": "boolean", "description": "Ads are labelled under Russian law here"]],
                                required: ["id", "name", "time_zone", "language", "role"]),
            "WorkspaceList": list("Workspace"),
            "WorkspaceInput": object(["name": string("Name, at most 120 characters"),
                                      "time_zone": string("IANA zone, e.g. Europe/Berlin"),
                                      "language": string("Default language", enumValues: ["en", "ru"]),
                                      "approval_required": ["type": "boolean", "description": "Posts need approval before scheduling"],
                                      "russian_ad_labels": ["type": "boolean", "description": "Label ads under Russian law (advertiser, erid); default: on in Russian workspaces"]]),
            "Member": object(["user_id": id, "email": string("E-mail"), "name": string("Name"),
                              "role": string("Role", enumValues: roles), "joined_at": date],
                             required: ["user_id", "email", "name", "role"]),
            "MemberList": list("Member"),
            "MemberInput": object(["email": string("E-mail"), "name": string("Name (new accounts)"),
                                   "password": string("Initial password (new accounts)"),
                                   "role": string("Role", enumValues: roles)], required: ["email", "role"]),
            "RoleInput": object(["role": string("Role", enumValues: roles)], required: ["role"]),
            "Channel": object(["id": id, "platform": string("Platform"), "name": string("Name"),
                               "posting_slots": ["type": "array", "items": ["type": "string"]],
                               "state": string("State", enumValues: ["active", "needs_reconnect", "paused"]),
                               "state_reason": string("Why it is not active"), "rate_paused_until": date,
                               "budget": object(["count": ["type": ["integer", "null"]], "hours": ["type": ["number", "null"]],
                                                  "custom": ["type": "boolean"], "unlimited": ["type": "boolean"]]),
                               "credential_expires_at": date,
                               "created_at": date], required: ["id", "platform", "name", "state", "budget"]),
            "EditInput": object(["text": string("The corrected text")], required: ["text"]),
            "InboxReplyInput": object(["text": string("The answer")], required: ["text"]),
            "InboxChangesInput": object(inboxChanges.merging(["labels": ["type": "array", "items": string("A label")]]) { a, _ in a }),
            "InboxBulkInput": object(inboxChanges.merging(["items": ["type": "array", "items": string("An item's id", format: "uuid")],
                                                           "labels": ["type": "array", "items": string("A label")]]) { a, _ in a },
                                     required: ["items"]),
            "DepartmentInput": object(["name": string("Support, Sales, PR…"),
                                       "members": ["type": "array", "items": string("A member's user id", format: "uuid")]]),
            "Department": object(["id": id, "name": string("Its name"), "members": ["type": "array", "items": string("User id", format: "uuid")]],
                                 required: ["id", "name", "members"]),
            "DepartmentList": list("Department"),
            "InboxReply": object(["id": id, "text": string("As sent"),
                                  "state": string("publishing, published, failed or unknown", enumValues: ["publishing", "published", "failed", "unknown"]),
                                  "remote_id": string("The platform's id"), "reason": string("The platform's words, when it refused"),
                                  "created_at": date], required: ["id", "text", "state"]),
            "InboxItem": object(["id": id, "channel_id": id,
                                 "kind": string("What it is", enumValues: ["comment", "reply", "mention", "quote", "direct_message"]),
                                 "status": string("Where it stands", enumValues: ["open", "waiting", "done"]),
                                 "author_id": string("The author as the platform names them"), "author_name": string("As people see them"),
                                 "text": string("What they wrote"), "at": date, "remote_id": string("The platform's id"),
                                 "post_id": ["type": ["string", "null"], "format": "uuid"],
                                 "assigned_to": ["type": ["string", "null"], "format": "uuid"],
                                 "priority": string("How soon it needs an answer", enumValues: ["low", "normal", "high", "urgent"]),
                                 "labels": ["type": "array", "items": string("A label")],
                                 "snoozed_until": ["type": ["string", "null"], "format": "date-time"],
                                 "department_id": ["type": ["string", "null"], "format": "uuid"],
                                 "replies": ["type": "array", "items": ref("InboxReply")]],
                                required: ["id", "channel_id", "kind", "status", "text", "at"]),
            "InboxItemList": list("InboxItem"),
            "OAuthStartInput": object(["platform": string("mastodon, or vk where the installation has a VK ID app (HERALD_VK_CLIENT_ID)"),
                                       "instance_url": string("Mastodon: the server, e.g. https://mastodon.social"),
                                       "community": string("VK: the community to post to (vk.com/name, club123)"),
                                       "service_url": string("VK: a VK-compatible API server (tests only)"),
                                       "name": string("The new channel's name"),
                                       "channel_id": string("A channel to reconnect instead", format: "uuid")],
                                      required: ["platform"]),
            "OAuthStart": object(["authorize_url": string("Where the person approves access on the platform"),
                                  "expires_at": string("Until when the approval is accepted", format: "date-time")],
                                 required: ["authorize_url", "expires_at"]),
            "ResolveInput": object(["seen": string("What the channel shows", enumValues: ["published", "missing"]),
                                    "url": string("The post's address, when published")], required: ["seen"]),
            "ChannelChangesInput": object(["state": string("active or paused", enumValues: ["active", "paused"]),
                                           "budget_count": ["type": "integer", "minimum": -1, "maximum": 1_000_000,
                                                            "description": "0: the platform's default; -1: no budget"],
                                           "budget_hours": ["type": "integer", "minimum": 1, "maximum": 720]]),
            "Attention": object([
                "publications": ["type": "array", "items": object([
                    "post_id": id, "publication_id": id, "channel_id": id, "channel_name": string("Channel"),
                    "state": string("failed or unknown", enumValues: ["failed", "unknown"]),
                    "problem": string("Why", enumValues: PublicationProblem.allCases.map(\.rawValue)),
                    "message": string("What happened and what to do, in the caller's language"),
                    "platform_message": string("The platform's own words"), "updated_at": date])],
                "channels": ["type": "array", "items": ref("Channel")],
                "notices": ["type": "array", "items": object([
                    "id": id, "kind": string("Kind", enumValues: ["missed_post", "credential_expiring", "credential_expired"]),
                    "message": string("In words"), "post_id": id, "channel_id": id, "created_at": date])],
            ]),
            "Webhook": object(["url": string("Where events are POSTed"),
                               "secret": string("HMAC-SHA256 key; only in the answer that made it")]),
            "WebhookInput": object(["url": string("http(s) URL"), "rotate_secret": ["type": "boolean"]], required: ["url"]),
            "ChannelList": list("Channel"),
            "ChannelCheck": object(["account": string("Who the credential belongs to, as the platform names it"),
                                    "platform": string("Platform id"),
                                    "capabilities": ["type": "object", "additionalProperties": ["type": "boolean"],
                                                     "description": "publishing, first_comment, deleting, conversations, insights"],
                                    "post_metrics": ["type": "array", "items": ["type": "string"]],
                                    "not_available": ["type": "array", "items": ["type": "string"],
                                                      "description": "Post metrics this platform does not give"],
                                    "conversation_kinds": ["type": "array", "items": ["type": "string"]],
                                    "totals": ["type": "object", "additionalProperties": ["type": "integer"]],
                                    "docs": string("The platform's page in docs/platforms")],
                                   required: ["account", "platform", "capabilities"]),
            "ChannelInput": object(["platform": string("Platform id, e.g. mastodon"), "name": string("Name"),
                                    "access_token": string("Credential (for Telegram the bot token); stored encrypted, never returned"),
                                    "instance_url": string("The server, for Mastodon (https://mastodon.social)"),
                                    "refresh_token": string("For expiring tokens, when the platform can refresh them"),
                                    "expires_at": string("When the token expires (ISO 8601 date or date-time)"),
                                    "handle": string("Bluesky: the account's handle (name.bsky.social) or DID"),
                                    "app_password": string("Bluesky: an app password; stored encrypted, never returned"),
                                    "service_url": string("Bluesky: the PDS, when it is not the one the handle resolves to; Telegram: a local Bot API server"),
                                    "chat": string("Telegram: the channel or group the bot posts to (@name, t.me/name or its numeric id)"),
                                    "community": string("VK: the community (vk.com/name, club123 or its id); access_token is its community token")],
                                   required: ["platform", "name"]),
            "Post": object(["id": id, "text": string("Text"), "status": string("Status", enumValues: statuses),
                            "campaign_id": ["type": ["string", "null"], "format": "uuid"], "scheduled_at": date,
                            "author_id": ["type": ["string", "null"], "format": "uuid"],
                            "created_at": date, "updated_at": date], required: ["id", "text", "status"]),
            "PostList": list("Post"),
            "PostInput": object([
                "text": string("The text every channel gets unless its variant says otherwise"),
                "channels": ["type": "array", "items": ["type": "string", "format": "uuid"],
                             "description": "Channels of this workspace the post goes to"],
                "variants": ["type": "array", "items": object([
                    "channel_id": string("One of `channels`", format: "uuid"),
                    "text": string("This channel's own text"), "first_comment": string("Posted as the first comment"),
                    "link": string("Link for the channel's preview"),
                    "media": ["type": "array", "items": ["type": "string", "format": "uuid"],
                              "description": "This channel's own library files; absent: the post's"],
                    "options": ["type": "object", "additionalProperties": ["type": ["string", "boolean"]],
                                "description": "Platform options, e.g. Mastodon visibility, Telegram disable_link_preview"],
                    "thread": ["type": "array", "items": ["type": "string"],
                               "description": "Posts that follow as a thread, each a reply to the one before (Mastodon, Bluesky)"],
                ], required: ["channel_id"])],
                "media": ["type": "array", "items": ["type": "string", "format": "uuid"], "description": "Library files, in order"],
                "ad": object(["advertiser": string("Advertiser's name"), "token": string("Ad registry token (erid)")]),
                "is_ad": ["type": "boolean", "description": "false turns an advertisement back into an ordinary post"],
                "campaign_id": ["type": ["string", "null"], "format": "uuid", "description": "null: no campaign"],
            ], required: ["text"]),
            "Check": object([
                "channel_id": id, "channel_name": string("Channel"), "platform": string("Platform"),
                "publishable": ["type": "boolean", "description": "No finding blocks publishing"],
                "final_text": string("Exactly what will be sent, ad label included"),
                "length": ["type": "integer", "description": "Length as the platform counts it"],
                "limit": ["type": "integer"],
                "findings": ["type": "array", "items": object([
                    "source": string("What found it", enumValues: ["platform", "voice", "ad"]),
                    "code": string("Stable reason"), "field": string("Field at fault"),
                    "severity": string("Warning or block", enumValues: ["warning", "block"]),
                    "message": string("What to do, in the caller's language"),
                ])],
            ], required: ["platform", "publishable", "final_text", "length", "limit", "findings"]),
            "CheckList": list("Check"),
            "HashtagGroupInput": object(["name": string("Name"), "tags": string("Hashtags, space or comma separated")]),
            "HashtagGroup": object(["id": id, "name": string("Name"), "tags": string("#a #b")], required: ["id", "name", "tags"]),
            "HashtagGroupList": list("HashtagGroup"),
            "MediaDetails": object(["alt_text": string("Alt text"), "tags": string("Space or comma separated"), "folder": string("Folder")]),
            "Media": object([
                "id": id, "file_name": string("As uploaded"), "format": string("Detected", enumValues: ["jpeg", "png", "gif", "webp", "mp4"]),
                "bytes": ["type": "integer"], "width": ["type": ["integer", "null"]], "height": ["type": ["integer", "null"]],
                "duration_seconds": ["type": ["number", "null"]], "alt_text": string("Alt text"),
                "tags": ["type": "array", "items": ["type": "string"]], "folder": string("Folder"), "sha256": string("Checksum"),
                "url": string("Where to fetch the bytes"), "created_at": date,
                "fits": ["type": "array", "items": object(["platform": string("Platform"), "fits": ["type": "boolean"],
                                                           "problems": ["type": "array", "items": ["type": "string"]]])],
            ], required: ["id", "file_name", "format", "bytes", "url", "fits"]),
            "MediaList": list("Media"),
            "ImportReport": object([
                "rows": ["type": "integer"], "valid": ["type": "integer"], "imported": ["type": "integer"],
                "problems": ["type": "array", "items": object(["line": ["type": "integer"], "column": string("Column"),
                                                               "message": string("What is wrong")])],
            ], required: ["rows", "valid", "imported", "problems"]),
            "CommentInput": object(["comment": string("Comment; required to request changes")]),
            "Event": object(["action": string("created, edited, submit, approve, request_changes, comment, scheduled, unscheduled"),
                             "actor_name": string("Who"), "actor_id": ["type": ["string", "null"], "format": "uuid"],
                             "from_status": string("Before"), "to_status": string("After"), "comment": string("Comment"),
                             "created_at": date], required: ["action", "actor_name", "created_at"]),
            "EventList": list("Event"),
            "ApprovalLink": object(["url": string("Send this to the client"), "expires_at": date], required: ["url", "expires_at"]),
            "ScheduleInput": object(["date": string("YYYY-MM-DD", format: "date"), "time": string("HH:MM, 24-hour"),
                                     "time_zone": string("IANA zone; default: the workspace's")], required: ["date", "time"]),
            "SlotsInput": object(["slots": ["type": "array", "items": ["type": "string"],
                                            "description": "e.g. [\"Mon 09:00\", \"Wed 18:30\"]"]], required: ["slots"]),
            "CampaignInput": object([
                "name": string("Name"), "theme": string("Theme"), "colour": string("#RRGGBB"),
                "starts_on": string("First day", format: "date"), "ends_on": string("Last day", format: "date"),
                "goal": string("Goal"), "default_hashtags": string("Hashtags, space separated"),
                "utm_source": string("utm_source; {platform} becomes the channel's platform"),
                "utm_medium": string("utm_medium"), "utm_campaign": string("utm_campaign"),
            ]),
            "Campaign": [
                "type": "object",
                "properties": [
                    "id": id, "name": string("Name"), "theme": string("Theme"), "colour": string("#RRGGBB"),
                    "starts_on": string("First day", format: "date"), "ends_on": string("Last day", format: "date"),
                    "goal": string("Goal"), "default_hashtags": string("Hashtags"), "utm_source": string("utm_source"),
                    "utm_medium": string("utm_medium"), "utm_campaign": string("utm_campaign"),
                    "posts": ["type": "array", "items": ref("Post")],
                ] as [String: Any],
                "required": ["id", "name", "colour"],
            ] as [String: Any],
            "CampaignList": list("Campaign"),
            "Voice": object([
                "tone_notes": string("Free text for writers"),
                "banned_terms": ["type": "array", "items": object([
                    "term": string("Word or phrase; a trailing * matches any ending"),
                    "replacement": string("What to write instead"),
                    "severity": string("warning or block", enumValues: ["warning", "block"]),
                ], required: ["term"])],
                "required_hashtags": ["type": "array", "items": ["type": "string"]],
                "required_hashtags_severity": string("Severity", enumValues: ["warning", "block"]),
                "signature": string("Posts must end with this"),
                "signature_severity": string("Severity", enumValues: ["warning", "block"]),
                "max_hashtags": object(["maximum": ["type": "integer"], "severity": string("Severity", enumValues: ["warning", "block"])]),
                "max_emoji": object(["maximum": ["type": "integer"], "severity": string("Severity", enumValues: ["warning", "block"])]),
                "all_caps": string("Severity for words in capitals; absent: off", enumValues: ["warning", "block"]),
                "repeated_punctuation": string("Severity for !! and ??; absent: off", enumValues: ["warning", "block"]),
                "language": string("Language posts are written in", enumValues: ["en", "ru"]),
                "language_severity": string("Severity", enumValues: ["warning", "block"]),
                "ad_label_template": string("With {advertiser} and {token}"),
            ]),
            "PostDetail": object([
                "id": id, "text": string("Text"), "status": string("Status", enumValues: statuses),
                "author_id": ["type": ["string", "null"], "format": "uuid"],
                "scheduled_at": date, "scheduled_local": string("As planned, YYYY-MM-DD HH:MM"),
                "scheduled_zone": string("IANA zone of the plan"), "schedule_note": string("How a DST-ambiguous time was read"),
                "campaign_id": ["type": ["string", "null"], "format": "uuid"],
                "ad": object(["advertiser": string("Advertiser"), "token": string("erid")]),
                "media": ["type": "array", "items": id, "description": "Library files for every channel"],
                "targets": ["type": "array", "items": object([
                    "channel_id": id, "text": string("Variant text"), "first_comment": string("First comment"),
                    "link": string("Link"), "check": ref("Check"), "thread": ["type": "array", "items": ["type": "string"]],
                    "media": ["type": "array", "items": id, "description": "This channel's own files"],
                    "options": ["type": "object", "additionalProperties": ["type": "string"],
                                "description": "Platform options, validated for the channel's platform"],
                    "publication": object(["id": id,
                                           "state": string("State", enumValues: PublicationState.Kind.allCases.map(\.rawValue)),
                                           "attempt": ["type": "integer"], "remote_id": string("The platform's id"),
                                           "url": string("Where it is"), "published_at": date,
                                           "problem": string("Why it failed, why the outcome is unknown, or what is retried",
                                                             enumValues: PublicationProblem.allCases.map(\.rawValue)),
                                           "message": string("The state in a sentence with what to do, in the caller's language"),
                                           "platform_message": string("The platform's own words"),
                                           "resolution": string("How an unknown outcome was resolved"),
                                           "engagement": object(["likes": ["type": "integer"], "shares": ["type": "integer"],
                                                                 "comments": ["type": "integer"], "clicks": ["type": "integer"],
                                                                 "messages": ["type": "integer"], "follows": ["type": "integer"]]),
                                           "held_until": date, "held_reason": string("Why it waits past its time"),
                                           "first_comment": step,
                                           "thread": ["type": "array", "items": step, "description": "The thread's later posts, in order"],
                                           "pin": step, "removal": step,
                                           "edits": ["type": "array", "items": step, "description": "Corrections of the text on the platform, in order"],
                                           "metrics": ["type": "object", "additionalProperties": ["type": "integer"],
                                                       "description": "The latest numbers the platform gave (likes, reposts, replies, quotes, views, reach…); absent: not given"]]),
                ], required: ["channel_id", "check"])],
                "created_at": date, "updated_at": date,
            ], required: ["id", "text", "status", "targets"]),
            "Export": [
                "type": "object",
                "properties": [
                    "format": string("herald-workspace-export/1"), "exported_at": date, "workspace": ref("Workspace"),
                    "members": ["type": "array", "items": ref("Member")],
                    "channels": ["type": "array", "items": ref("Channel")],
                    "posts": ["type": "array", "items": ref("Post")],
                ] as [String: Any],
            ] as [String: Any],
        ]
    }

    static func errorResponse(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ref("Error")]]]
    }

    /// The document as JSON-compatible values.
    static func build(serverURL: String) -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for endpoint in endpoints {
            var responses: [String: Any] = [
                "401": errorResponse("Missing or invalid token"),
                "422": errorResponse("Invalid input; `field` names the culprit"),
                "default": errorResponse(
                    "Any other refusal: 400 unreadable body, 409 conflict (e.g. a post that went out), 413 too large, 415 wrong type, 429 slow down"),
            ]
            if endpoint.response == "ImportReport" {
                responses["422"] = ["description": "Nothing imported: the problems by line and column, or a file that cannot be read",
                                    "content": ["application/json": ["schema": ["oneOf": [ref("ImportReport"), ref("Error")]]]]]
            }
            if endpoint.path.contains("{") {
                responses["404"] = errorResponse("No such item in a workspace you belong to")
                responses["403"] = errorResponse("Your role does not allow this")
            }
            if let response = endpoint.response {
                responses[String(endpoint.status)] = ["description": "OK",
                                                      "content": ["application/json": ["schema": ref(response)]]]
            } else {
                responses[String(endpoint.status)] = ["description": "Done"]
            }
            var operation: [String: Any] = [
                "summary": endpoint.summary, "tags": [endpoint.tag],
                "operationId": endpoint.method + endpoint.path.replacingOccurrences(of: "/", with: "_")
                    .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""),
                "responses": responses,
            ]
            let parameters = endpoint.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { segment in
                ["name": String(segment.dropFirst().dropLast()), "in": "path", "required": true,
                 "schema": ["type": "string", "format": "uuid"]] as [String: Any]
            }
            var all = parameters
            if endpoint.method == "get", ["PostList", "MediaList"].contains(endpoint.response ?? "") {
                all += [["name": "limit", "in": "query", "required": false,
                         "schema": ["type": "integer", "minimum": 1, "maximum": 200, "default": 50]] as [String: Any],
                        ["name": "offset", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 0]]]
            }
            if !all.isEmpty { operation["parameters"] = all }
            if endpoint.body == "Upload" {
                operation["requestBody"] = ["required": true, "content": ["multipart/form-data": ["schema": object([
                    "file": ["type": "string", "format": "binary"], "alt_text": string("Alt text"),
                    "tags": string("Space or comma separated"), "folder": string("Folder"),
                ], required: ["file"])]]]
            } else if endpoint.body == "CSV" {
                operation["requestBody"] = ["required": true,
                                            "content": ["text/csv": ["schema": ["type": "string"]]]]
                operation["parameters"] = (operation["parameters"] as? [[String: Any]] ?? []) + ["dry_run", "only_valid"].map {
                    ["name": $0, "in": "query", "required": false, "schema": ["type": "boolean"]] as [String: Any]
                }
            } else if let body = endpoint.body {
                operation["requestBody"] = ["required": true,
                                            "content": ["application/json": ["schema": ref(body)]]]
            }
            paths[endpoint.path, default: [:]][endpoint.method] = operation
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "Herald API", "version": "1.0.0",
                     "description": "Everything the Herald web UI does. Authenticate with a personal token: `Authorization: Bearer hld_…`."],
            "servers": [["url": serverURL + "/api/v1"]],
            "security": [["bearer": [String]()]],
            "paths": paths,
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": schemas,
            ],
        ]
    }

    package static func json(serverURL: String) throws -> Data {
        try JSONSerialization.data(withJSONObject: build(serverURL: serverURL), options: [.sortedKeys, .prettyPrinted])
    }
}
