import FluentKit
import Foundation
import HeraldApp
import HeraldCore
import HeraldJobs
import HeraldStore
import HeraldWeb
import Vapor

extension Fixtures {
    /// Makes a post due half a minute ago and runs what `herald serve` would: the scheduler's
    /// tick, one round of the publisher and one of the step publisher (first comments).
    public static func publishNow(_ app: Application, post id: UUID, steps: Bool = true) async throws {
        guard let post = try await Post.find(id, on: app.db) else { throw Abort(.notFound, reason: "no post \(id)") }
        post.statusName = PostStatus.scheduled.rawValue
        post.scheduledAt = Date().addingTimeInterval(-30)
        try await post.save(on: app.db)
        let worker = app.runtime.makeWorker(database: app.runtime.database)
        try await Scheduler.tick(on: app.db)
        try await worker.publisher.runOnce(on: app.db)
        if steps { try await worker.steps?.runOnce(on: app.db) }
    }
}
