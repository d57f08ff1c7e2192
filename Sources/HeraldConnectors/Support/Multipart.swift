import Foundation

/// A `multipart/form-data` body: plain fields, then files with their names and types.
public struct Multipart: Sendable {
    public struct FilePart: Sendable {
        public var field: String
        public var fileName: String
        public var mimeType: String
        public var data: Data

        public init(field: String, fileName: String, mimeType: String, data: Data) {
            self.field = field
            self.fileName = fileName
            self.mimeType = mimeType
            self.data = data
        }
    }

    public let boundary: String

    public init(boundary: String = "herald-" + UUID().uuidString) {
        self.boundary = boundary
    }

    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Quotes and line breaks cannot end a header value early.
    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "'").replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    public func body(fields: [(String, String)], files: [FilePart]) -> Data {
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.clean(name))\"\r\n\r\n".utf8))
            body.append(Data(value.utf8))
            body.append(Data("\r\n".utf8))
        }
        for file in files {
            body.append(Data(("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.clean(file.field))\"; "
                              + "filename=\"\(Self.clean(file.fileName))\"\r\n").utf8))
            body.append(Data("Content-Type: \(file.mimeType)\r\n\r\n".utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return body
    }
}
