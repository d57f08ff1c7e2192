import Foundation
import HeraldApp

/// Where a person may be sent back to (`next` after signing in, after switching language): a
/// path on this origin and nothing else. Every such target goes through `validated`; anything
/// that is not plainly a local path falls back to the home page.
///
/// Refused: no leading `/`; `//` or `/\` at the start (another host to a browser); a backslash
/// anywhere (browsers read it as `/`); ASCII control characters, DEL and spaces (browsers drop
/// tabs and line breaks, so `/\t/host` becomes `//host`, and CR LF would split the header);
/// C1 controls and Unicode separators; more than 2,000 bytes. Letters beyond ASCII are kept,
/// percent-encoded, so the result is always plain ASCII and safe in a `Location` header.
enum ReturnPath {
    static let home = "/"
    static let maxBytes = 2_000

    static func validated(_ raw: String?) -> String {
        guard let raw, raw.utf8.count <= maxBytes, raw.hasPrefix("/") else { return home }
        let second = raw.unicodeScalars.dropFirst().first
        guard second != "/", second != "\\" else { return home }
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x21...0x7E where scalar != "\\": continue
            case 0xA1...: if scalar.properties.generalCategory.isSeparatorOrControl { return home }
            default: return home
            }
        }
        return raw.addingPercentEncoding(withAllowedCharacters: printableASCII) ?? home
    }

    private static let printableASCII = CharacterSet(charactersIn: Unicode.Scalar(0x21)!...Unicode.Scalar(0x7E)!)
}

private extension Unicode.GeneralCategory {
    var isSeparatorOrControl: Bool {
        switch self {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .surrogate, .privateUse, .unassigned: true
        default: false
        }
    }
}
