import Foundation

/// A catalogue key plus its arguments, rendered in whichever language the reader has chosen.
/// Errors and pages carry this rather than a finished string so that one message can be shown
/// in English to one user and in Russian to another.
public struct LocalizedText: Equatable, Sendable, CustomStringConvertible {
    public var key: L
    public var arguments: [String]

    public init(_ key: L, _ arguments: String...) {
        self.key = key
        self.arguments = arguments
    }

    public init(_ key: L, arguments: [String]) {
        self.key = key
        self.arguments = arguments
    }

    /// Fills `{0}`, `{1}`, … in the catalogue text.
    public func rendered(in language: Language) -> String {
        var text = key.text(in: language)
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return text
    }

    public var description: String { rendered(in: .en) }
}

extension L {
    public func callAsFunction(_ language: Language) -> String { text(in: language) }

    public func text(in language: Language) -> String {
        let pair = texts
        return language == .ru ? pair.ru : pair.en
    }
}
