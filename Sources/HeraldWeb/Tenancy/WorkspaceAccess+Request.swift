import HeraldApp
import Vapor

extension WorkspaceAccess {
    /// The access of the signed-in user (or token) to the workspace named in the route.
    static func resolve(_ request: Request, parameter: String = "workspace") async throws -> WorkspaceAccess {
        let user = try request.requireUser()
        let workspaceID = try request.uuidParameter(parameter)
        let access = try await resolve(userID: user.requireID(), user: user, workspaceID: workspaceID, on: request.db)
        // The first step of every workspace page and API route is done; a read whose client left stops here.
        try request.checkStillWanted()
        return access
    }
}

extension Request {
    /// A UUID route parameter; a malformed id is a 404 (the thing cannot exist), not a crash.
    func uuidParameter(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(text: raw) else { throw AppError.notFound }
        return id
    }
}
