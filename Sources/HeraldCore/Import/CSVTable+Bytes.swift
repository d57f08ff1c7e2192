extension CSVTable {
    /// Parses an uploaded file. The bytes must be UTF-8 without NUL characters: the first
    /// offending byte is reported with its line, instead of being replaced by U+FFFD and
    /// imported as text nobody wrote.
    public static func parse(bytes: some Collection<UInt8>) throws(ValidationError) -> CSVTable {
        try parse(decodeUTF8(bytes))
    }

    static func decodeUTF8(_ bytes: some Collection<UInt8>) throws(ValidationError) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var line = 1
        var scalars = String.UnicodeScalarView()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\0" {
                    throw ValidationError(code: "csv_nul_byte", field: "line \(line)", message: .init(.csvNulByte, String(line)))
                }
                if scalar == "\n" { line += 1 }
                scalars.append(scalar)
            case .error:
                throw ValidationError(code: "csv_invalid_utf8", field: "line \(line)", message: .init(.csvInvalidUTF8, String(line)))
            case .emptyInput:
                return String(scalars)
            }
        }
    }
}
