import Foundation

/// A thread typed in one box (the composer, an import column): parts separated by a line that
/// holds only `---`; empty parts are left out.
public enum ThreadText {
    public static let separator = "---"

    public static func split(_ typed: String) -> [String] {
        var parts: [String] = [], current: [Substring] = []
        for line in typed.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == separator {
                parts.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        parts.append(current.joined(separator: "\n"))
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    public static func join(_ parts: [String]) -> String { parts.joined(separator: "\n\(separator)\n") }
}
