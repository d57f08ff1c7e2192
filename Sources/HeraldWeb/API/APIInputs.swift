import Foundation

// Request bodies of the REST API. Every field is optional here; the services say which are
// required, so web forms and the API report a missing field the same way.

struct WorkspaceInput: JSONInput {
    var name: String?
    var timeZone: String?
    var language: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case timeZone = "time_zone"
        case language
    }
}

struct MemberInput: JSONInput {
    var email: String?
    var name: String?
    var password: String?
    var role: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case email, name, password, role }
}

struct RoleInput: JSONInput {
    var role: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case role }
}

struct ChannelInput: JSONInput {
    var platform: String?
    var name: String?
    var accessToken: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, name
        case accessToken = "access_token"
    }
}

struct PostInput: JSONInput {
    var text: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case text }
}

struct TokenInput: JSONInput {
    var name: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name }
}

struct MeInput: JSONInput {
    var name: String?
    var language: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case name, language }
}

struct PasswordInput: JSONInput {
    var currentPassword: String?
    var newPassword: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case currentPassword = "current_password"
        case newPassword = "new_password"
    }
}
