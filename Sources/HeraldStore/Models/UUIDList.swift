import Foundation

/// JSON arrays of UUIDs in a text column.
public enum UUIDList {
    public static func decode(_ json: String?) -> [UUID] {
        guard let json, let data = json.data(using: .utf8), let ids = try? JSONDecoder().decode([UUID].self, from: data) else { return [] }
        return ids
    }

    public static func encode(_ ids: [UUID]) -> String? {
        ids.isEmpty ? nil : (try? JSONEncoder().encode(ids)).map { String(decoding: $0, as: UTF8.self) }
    }
}
