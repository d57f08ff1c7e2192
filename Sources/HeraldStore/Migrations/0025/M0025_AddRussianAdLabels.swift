import FluentKit

/// Whether a workspace labels ads under Russian law (advertiser and erid on each ad post); nil:
/// as its language says (on for Russian workspaces).
struct M0025_AddRussianAdLabels: AtomicMigration {
    var name: String { "0025_add_russian_ad_labels" }

    func apply(on database: any Database) async throws {
        try await database.addColumns(Workspace.schema, [("russian_ad_labels", .bool)])
    }

    func undo(on database: any Database) async throws {
        try await database.dropColumns(Workspace.schema, ["russian_ad_labels"])
    }
}
