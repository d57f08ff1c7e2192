import Foundation

/// Checks shared by forms and API bodies, so both say the same thing about the same mistake.
public enum Fields {
    /// A required single-line name: trimmed, not empty, at most `maxLength` characters.
    /// No text Herald keeps or sends may hold a NUL character.
    public static func refuseNUL(_ text: String, field: String) throws(ValidationError) {
        if text.unicodeScalars.contains("\0") {
            throw ValidationError(code: "nul_character", field: field, message: .init(.errorNulCharacter))
        }
    }

    public static func name(_ raw: String?, field: String, maxLength: Int = 120) throws(ValidationError) -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        try refuseNUL(value, field: field)
        guard !value.isEmpty else {
            throw ValidationError(code: "required", field: field, message: .init(.errorRequired))
        }
        guard value.count <= maxLength else {
            throw ValidationError(code: "too_long", field: field,
                                  message: .init(.errorTooLong, String(maxLength), String(value.count - maxLength)))
        }
        guard !value.contains(where: { $0.isNewline }) else {
            throw ValidationError(code: "invalid", field: field, message: .init(.errorSingleLine))
        }
        return value
    }

    /// A new password: at least 10 characters, at most 200 (bcrypt reads 72 bytes; we refuse
    /// absurd input rather than truncate silently beyond that, see `PasswordPolicy`).
    public static func newPassword(_ raw: String?, field: String) throws(ValidationError) -> String {
        let value = raw ?? ""
        guard value.count >= PasswordPolicy.minimumLength else {
            throw ValidationError(code: "password_too_short", field: field,
                                  message: .init(.errorPasswordTooShort, String(PasswordPolicy.minimumLength)))
        }
        guard value.utf8.count <= PasswordPolicy.maximumBytes else {
            throw ValidationError(code: "password_too_long", field: field,
                                  message: .init(.errorPasswordTooLong, String(PasswordPolicy.maximumBytes)))
        }
        return value
    }

    public static func role(_ raw: String?, field: String) throws(ValidationError) -> Role {
        guard let raw, let role = Role(rawValue: raw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ValidationError(code: "invalid_role", field: field,
                                  message: .init(.errorInvalidRole, raw ?? "",
                                                 Role.allCases.map(\.rawValue).joined(separator: ", ")))
        }
        return role
    }

    public static func language(_ raw: String?, field: String) throws(ValidationError) -> Language {
        guard let raw, let language = Language(rawValue: raw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw ValidationError(code: "invalid_language", field: field,
                                  message: .init(.errorInvalidLanguage, raw ?? ""))
        }
        return language
    }
}

public enum PasswordPolicy {
    public static let minimumLength = 10
    /// bcrypt only reads the first 72 bytes; longer passwords would be silently truncated.
    public static let maximumBytes = 72
}
