import Crypto
import Foundation
import HeraldCore
import HeraldStore

/// Takes an upload's bytes as they arrive and writes them to the library's incoming folder,
/// counting and hashing on the way, so a file of any size never sits in memory. Past `maxBytes`
/// it refuses (and the caller discards). One request feeds it, one chunk after another; the
/// writes themselves may run on a thread pool, hence `@unchecked Sendable`.
package final class UploadSink: @unchecked Sendable {
    package let path: String
    package let fileName: String
    private let maxBytes: Int
    private let handle: FileHandle
    private var hasher = SHA256()
    private var count = 0
    private var closed = false

    package init(storage: MediaStorage, fileName: String, maxBytes: Int) throws {
        path = try storage.incomingPath()
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]),
              let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
        self.handle = handle
        self.fileName = fileName
        self.maxBytes = maxBytes
    }

    package var bytes: Int { count }

    /// Appends a chunk (blocking file I/O: run it off the event loops).
    package func write(_ chunk: some DataProtocol) throws {
        count += chunk.count
        guard count <= maxBytes else {
            throw ValidationError(code: "file_too_large", field: "file",
                                  message: .init(.mediaTooLarge, ByteSize.text(count) + "+", ByteSize.text(maxBytes)))
        }
        for region in chunk.regions { hasher.update(data: region) }
        try handle.write(contentsOf: chunk)
    }

    /// Closes the file; what was written is now a staged upload for `MediaService.upload`.
    package func finish() throws -> MediaService.StagedFile {
        try close()
        return MediaService.StagedFile(path: path, fileName: fileName, bytes: count,
                                       sha256: Hex.encode(hasher.finalize()))
    }

    /// Closes and removes the file: the upload was refused, cut short or abandoned.
    package func discard() {
        try? close()
        try? FileManager.default.removeItem(atPath: path)
    }

    private func close() throws {
        guard !closed else { return }
        closed = true
        try handle.close()
    }
}
