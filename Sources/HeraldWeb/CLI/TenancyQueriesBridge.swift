import Fluent
import HeraldStore
import Vapor

enum TenancyQueriesBridge {
    static func isSetUp(_ app: Application) async throws -> Bool {
        try await TenancyQueries.isSetUp(on: app.db)
    }
}
