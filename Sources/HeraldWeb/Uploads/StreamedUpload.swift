import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// A `multipart/form-data` upload read as it arrives, for routes registered with
/// `body: .stream`: the file part goes straight to the library's incoming folder through an
/// `UploadSink` (counted, hashed, refused past the limit), the other parts are small fields kept
/// in memory. However large the file and however many arrive at once, each request holds at
/// most a chunk of it. When the web form's CSRF token is still to be checked (no header), it must
/// come as a field before the file: nothing is written for a forged form.
struct StreamedUpload {
    var fields: [String: String] = [:]
    var file: MediaService.StagedFile?

    static let maxFields = 32
    static let maxFieldBytes = 65_536
    /// Writes are gathered to this size before they go to disk, on the thread pool.
    static let writeChunk = 1 << 20

    /// Reads the body. `fileField` names the file's part; `maxBytes` bounds the file.
    /// Throws a `ValidationError` naming what is wrong; the staged file (if any) belongs to the
    /// caller, who passes it to `MediaService.upload` (which keeps or removes it).
    static func read(_ req: Request, fileField: String = "file", maxBytes: Int, storage: MediaStorage) async throws -> StreamedUpload {
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            throw ValidationError(code: "required", field: fileField, message: .init(.uploadNotForm, fileField))
        }
        let parser = MultipartParser(boundary: boundary)
        let events = PartEvents()
        parser.onHeader = { events.list.append(.header($0, $1)) }
        parser.onBody = { events.list.append(.body($0)) }
        parser.onPartComplete = { events.list.append(.complete) }

        var reader = Reader(req: req, fileField: fileField, maxBytes: maxBytes, storage: storage)
        do {
            for try await chunk in req.body {
                try parser.execute(chunk)
                let pending = events.list
                events.list.removeAll(keepingCapacity: true)
                for event in pending { try await reader.handle(event) }
            }
            try await reader.flush()
            guard reader.fileComplete else {
                if reader.sink == nil {
                    throw ValidationError(code: "required", field: fileField, message: .init(.errorRequired))
                }
                throw ValidationError(code: "upload_incomplete", field: fileField, message: .init(.uploadIncomplete))
            }
            try reader.requireCSRF()
            return StreamedUpload(fields: reader.fields, file: try reader.sink?.finish())
        } catch {
            reader.sink?.discard()
            if error is ValidationError || error is AppError { throw error }
            // The multipart parser's own errors (a damaged form) and a body that broke off.
            req.logger.notice("Upload refused", metadata: ["error": .string(String(reflecting: error))])
            throw ValidationError(code: "upload_incomplete", field: fileField, message: .init(.uploadIncomplete))
        }
    }

    /// Reads a library upload (`file`, and `alt_text`, `tags`, `folder`) and keeps it.
    static func receive(_ req: Request, access: WorkspaceAccess) async throws -> MediaFile {
        let storage = req.application.runtime.mediaStorage, maxBytes = req.application.herald.maxUploadBytes
        let upload = try await read(req, maxBytes: maxBytes, storage: storage)
        guard let file = upload.file, file.bytes > 0 else {
            if let file = upload.file { storage.remove(file.path) }
            throw ValidationError(code: "required", field: "file", message: .init(.errorRequired))
        }
        return try await MediaService.upload(
            access, staged: file,
            details: .init(altText: upload.fields["alt_text"], tags: upload.fields["tags"], folder: upload.fields["folder"]),
            maxBytes: maxBytes, storage: storage, on: req.db)
    }

    /// What the synchronous parser reported for one chunk, handled after it returns.
    private final class PartEvents: @unchecked Sendable {
        enum Event { case header(String, String), body(ByteBuffer), complete }
        var list: [Event] = []
    }

    private struct Reader {
        let req: Request
        let fileField: String
        let maxBytes: Int
        let storage: MediaStorage
        var fields: [String: String] = [:]
        var sink: UploadSink?
        var fileComplete = false
        var headers = HTTPHeaders()
        var part: Part?
        var csrfSatisfied = false

        enum Part { case field(String, ByteBuffer), file(ByteBuffer) }

        init(req: Request, fileField: String, maxBytes: Int, storage: MediaStorage) {
            self.req = req
            self.fileField = fileField
            self.maxBytes = maxBytes
            self.storage = storage
        }

        mutating func handle(_ event: PartEvents.Event) async throws {
            switch event {
            case .header(let name, let value):
                headers.add(name: name, value: value)
            case .body(var bytes):
                if part == nil { try begin() }
                switch part {
                case .field(let name, var buffer)?:
                    guard buffer.readableBytes + bytes.readableBytes <= StreamedUpload.maxFieldBytes else { throw tooManyFields() }
                    buffer.writeBuffer(&bytes)
                    part = .field(name, buffer)
                case .file(var buffer)?:
                    buffer.writeBuffer(&bytes)
                    part = .file(buffer)
                    if buffer.readableBytes >= StreamedUpload.writeChunk { try await flush() }
                case nil:
                    break
                }
            case .complete:
                if part == nil { try begin() }
                switch part {
                case .field(let name, let buffer)?:
                    fields[name] = String(decoding: buffer.readableBytesView, as: UTF8.self)
                    if name == CSRFMiddleware.fieldName { csrfSatisfied = CSRFMiddleware.matches(req, sent: fields[name]) }
                case .file?:
                    try await flush()
                    fileComplete = true
                case nil:
                    break
                }
                part = nil
                headers = HTTPHeaders()
            }
        }

        /// A part's headers are complete once its first bytes (or its end) arrive.
        private mutating func begin() throws {
            let disposition = headers.contentDisposition
            let name = disposition?.name ?? ""
            if name == fileField, disposition?.filename != nil || headers.contentType != nil {
                try requireCSRF()
                guard sink == nil else { throw tooManyFields() }
                sink = try UploadSink(storage: storage, fileName: disposition?.filename ?? "upload", maxBytes: maxBytes)
                part = .file(ByteBuffer())
            } else {
                guard fields.count < StreamedUpload.maxFields else { throw tooManyFields() }
                part = .field(name, ByteBuffer())
            }
        }

        /// Writes what the file part has gathered, on the thread pool.
        mutating func flush() async throws {
            guard case .file(let buffer)? = part, buffer.readableBytes > 0, let sink else { return }
            part = .file(ByteBuffer())
            try await req.application.threadPool.runIfActive { try sink.write(buffer.readableBytesView) }
        }

        func requireCSRF() throws {
            if req.csrfPendingInBody, !csrfSatisfied { throw AppError.csrf }
        }

        private func tooManyFields() -> ValidationError {
            ValidationError(code: "too_many_fields", field: fileField,
                            message: .init(.uploadTooManyFields, String(StreamedUpload.maxFields),
                                           ByteSize.text(StreamedUpload.maxFieldBytes)))
        }
    }
}
