/// A CSV document (RFC 4180): fields separated by commas (or semicolons, as spreadsheets in
/// Russian locales write them), quoted with double quotes, quotes doubled inside quotes, line
/// breaks inside quoted fields kept. A UTF-8 byte-order mark is ignored.
public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    /// Each row with the 1-based line number it starts on, for error messages.
    public var rows: [(line: Int, fields: [String])]

    public static func == (lhs: CSVTable, rhs: CSVTable) -> Bool {
        lhs.header == rhs.header && lhs.rows.map(\.fields) == rhs.rows.map(\.fields) && lhs.rows.map(\.line) == rhs.rows.map(\.line)
    }

    public static func parse(_ raw: String) throws(ValidationError) -> CSVTable {
        var text = Substring(raw)
        if text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
        let separator: Character = firstLine.filter({ $0 == ";" }).count > firstLine.filter({ $0 == "," }).count ? ";" : ","

        var records: [(Int, [String])] = []
        var field = "", fields: [String] = []
        var inQuotes = false, line = 1, recordLine = 1, fieldStarted = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if inQuotes {
                if character == "\"" {
                    let next = text.index(after: index)
                    if next < text.endIndex && text[next] == "\"" {
                        field.append("\"")
                        index = next
                    } else {
                        inQuotes = false
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character == "\r\n" ? "\n" : character)
                }
            } else if character == "\"" && !fieldStarted {
                inQuotes = true
                fieldStarted = true
            } else if character == separator {
                fields.append(field)
                field = ""
                fieldStarted = false
            } else if character == "\n" || character == "\r\n" {
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                field = ""
                fields = []
                fieldStarted = false
                line += 1
                recordLine = line
            } else {
                field.append(character)
                fieldStarted = true
            }
            index = text.index(after: index)
        }
        if inQuotes {
            throw ValidationError(code: "csv_unclosed_quote", field: "line \(recordLine)", message: .init(.csvUnclosedQuote, String(recordLine)))
        }
        if fieldStarted || !fields.isEmpty || !field.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let first = records.first else {
            throw ValidationError(code: "csv_empty", field: nil, message: .init(.csvEmpty))
        }
        let header = first.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let rows = records.dropFirst().map { (line: $0.0, fields: $0.1) }
        for row in rows where row.fields.count != header.count {
            throw ValidationError(code: "csv_field_count", field: "line \(row.line)",
                                  message: .init(.csvFieldCount, String(row.line), String(row.fields.count), String(header.count)))
        }
        return CSVTable(header: header, rows: rows)
    }
}

extension CSVTable {
    /// A cell to write: quoted, quotes doubled; a leading =, +, - or @ kept from being read as a
    /// formula by a spreadsheet.
    public static func cell(_ text: String) -> String {
        let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
