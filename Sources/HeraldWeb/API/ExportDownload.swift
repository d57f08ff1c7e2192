import HeraldApp
import HeraldStore
import Vapor

/// The workspace export as a JSON attachment, for the web download and the API alike, written
/// out as it is read: the header objects first, then the posts a page at a time.
enum ExportDownload {
    static let format = "herald-workspace-export/1"

    @Sendable static func download(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        let header = try await ExportService.header(access, on: req.db)
        let opening = """
            {"format":\(try json(format)),"exported_at":\(try json(header.exportedAt)),\
            "workspace":\(try json(WorkspaceDTO(access.workspace, role: access.role))),\
            "members":\(try json(header.members.map(MemberDTO.init))),\
            "channels":\(try json(header.channels.map(ChannelDTO.init))),"posts":[
            """
        let database = req.db
        let response = Response(status: .ok, body: .init(asyncStream: { writer in
            do {
                try await writer.write(.buffer(ByteBuffer(string: opening)))
                var cursor: UUID?
                var first = true
                while !Task.isCancelled {
                    // A client that left stops the export at the next page (a closed socket fails
                    // the next write, but the kernel's send buffer may take a few pages first).
                    try req.checkStillWanted(deadline: false)
                    let page = try await ExportService.posts(access, after: cursor, on: database)
                    guard let last = page.last else { break }
                    let items = try page.map { try json(PostDTO($0)) }.joined(separator: ",")
                    try await writer.write(.buffer(ByteBuffer(string: (first ? "" : ",") + items)))
                    first = false
                    cursor = try last.requireID()
                }
                try await writer.write(.buffer(ByteBuffer(string: "]}")))
                try await writer.write(.end)
            } catch {
                try? await writer.write(.error(error))
            }
        }))
        response.headers.contentType = .json
        response.headers.contentDisposition = .init(.attachment, filename: "herald-export-\(access.workspaceID).json")
        return response
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder.encode(value), as: UTF8.self)
    }
}
