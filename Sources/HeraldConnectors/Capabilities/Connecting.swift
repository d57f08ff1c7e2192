import Foundation
import HeraldCore

/// One field of a platform's connect form and of the API's channel body (besides the channel's name).
public struct ConnectFormField: Sendable, Equatable {
    public enum Kind: String, Sendable { case text, secret, url }

    /// The form and JSON name (`access_token`, `chat`, `community`…).
    public var name: String
    public var label: L
    public var kind: Kind
    public var required: Bool
    /// An example shown under the field.
    public var example: String
    /// What the field is: the credential, the account, or the server — a refusal lands on the one it is about.
    public var role: ConnectField

    public init(_ name: String, label: L, kind: Kind, required: Bool = true, example: String, role: ConnectField) {
        self.name = name
        self.label = label
        self.kind = kind
        self.required = required
        self.example = example
        self.role = role
    }
}

/// A platform whose channels are connected with a form of its own (a handle and app password, a
/// bot token and chat, a community and its token): it lists its fields, says what to do on its
/// side first, and checks what was typed with the platform — answering the credential to seal, or
/// a `ValidationError` on the field the problem is about. Pages, the API and the app read all of
/// it from here, so a platform's connect flow lives in its folder.
public protocol FormConnecting: SocialPlatform {
    var connectFields: [ConnectFormField] { get }
    /// What to do on the platform's side before connecting.
    var connectSteps: L { get }
    /// How signing in on the platform is offered beside the form, where the installation allows it.
    var signInWords: ConnectSignInWords? { get }
    func connect(_ values: ConnectValues) async throws -> ChannelCredential
}

/// The words around a "sign in on the platform" button on a connect form.
public struct ConnectSignInWords: Sendable, Equatable {
    public var hint: L
    public var button: L
    /// Before the secret fields, offered as the other way.
    public var orSecret: L

    public init(hint: L, button: L, orSecret: L) {
        self.hint = hint
        self.button = button
        self.orSecret = orSecret
    }
}

/// What was typed into a connect form, with the checks every platform's form needs.
public struct ConnectValues: Sendable {
    public var values: [String: String]
    /// Where servers people name may be (private and local addresses refused).
    let outbound: OutboundGuard

    public init(_ values: [String: String], outbound: OutboundGuard) {
        self.values = values
        self.outbound = outbound
    }

    /// A required field, trimmed.
    public func required(_ field: String) throws -> String {
        let value = (values[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ValidationError(code: "required", field: field, message: .init(.errorRequired)) }
        return value
    }

    /// A required secret, trimmed, at most `limit` bytes.
    public func secret(_ field: String, limit: Int) throws -> String {
        let value = try required(field)
        guard value.utf8.count <= limit else {
            throw ValidationError(code: "too_long", field: field, message: .init(.errorTooLong, String(limit), String(value.utf8.count - limit)))
        }
        return value
    }

    /// An optional server address: http(s) with a host, no trailing slash, not private or local; nil when empty.
    public func server(_ field: String) async throws -> String? {
        guard let server = try Self.serverURL(values[field], field: field) else { return nil }
        do { try await outbound.check(server) } catch {
            throw ValidationError(code: "private_address", field: field,
                                  message: .init(error.unresolved ? .errorUnresolvedHost : .errorPrivateAddress, error.host))
        }
        return server
    }

    /// A server address as typed: http(s) with a host, no trailing slash; nil when empty.
    public static func serverURL(_ input: String?, field: String) throws -> String? {
        guard let raw = input?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard let url = URL(string: raw), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw ValidationError(code: "invalid_url", field: field, message: .init(.errorInvalidURL, raw))
        }
        return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
    }

    /// A platform's refusal (or silence) as people read it, on `field`.
    public static func refusal(_ error: PlatformError, platform: Platform, field: String?, refused: L, unreachable: L) -> ValidationError {
        let said = error.message.map { " “\(String($0.prefix(300)))”" } ?? ""
        return ValidationError(code: error.isRefusal ? "credential_refused" : "platform_unreachable", field: field,
                               message: error.isRefusal ? .init(refused, platform.displayName, said) : .init(unreachable, platform.displayName, said))
    }
}

extension FormConnecting {
    public var signInWords: ConnectSignInWords? { nil }

    /// The field of this form that plays `role`.
    public func field(_ role: ConnectField) -> String? { connectFields.first { $0.role == role }?.name }

    /// A refusal on the field it is about (`role`), in the words of `refused`.
    public func refusal(_ error: PlatformError, about role: ConnectField, refused: L) -> ValidationError {
        ConnectValues.refusal(error, platform: platform, field: field(role), refused: refused, unreachable: .channelUnreachable)
    }
}
