import Foundation
import HeraldCore
import SQLiteNIO

/// SQLite keeps a UUID as its 36-character text (as SQLiteKit has always written it, through
/// `Codable`). Read and written directly, ids skip the coders and Foundation's `sscanf` and
/// `snprintf` (see `UUID.text`): every row Herald reads from SQLite carries one or more.
extension UUID: @retroactive SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard case .text(let text) = sqliteData else { return nil }
        self.init(text: text)
    }

    public var sqliteData: SQLiteData? { .text(text) }
}
