/// A table that reads as a table on a wide screen and as a stack of cards on a phone: every cell
/// carries its column's name (`data-label`), which the stylesheet shows above the value once the
/// rows stack (under 700 px), so nothing scrolls sideways and nothing loses its meaning.
struct DataTable {
    struct Column {
        var label: String
        /// Figures are right-aligned on wide screens.
        var numeric = false

        init(_ label: String, numeric: Bool = false) {
            self.label = label
            self.numeric = numeric
        }
    }

    enum Row {
        /// One cell per column.
        case cells([HTML])
        /// One cell across every column (a row's controls under it), with a class for the row.
        case wide(HTML, className: String)
    }

    var columns: [Column]
    var rows: [Row]
    var caption: String?

    init(_ columns: [Column], rows: [Row], caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.caption = caption
    }

    /// Rows of cells only.
    init(_ columns: [Column], cells: [[HTML]], caption: String? = nil) {
        self.init(columns, rows: cells.map { .cells($0) }, caption: caption)
    }

    var html: HTML {
        let head: [HTML] = columns.map { column in
            column.label.isEmpty ? "<td></td>" : "<th scope=\"col\"\(column.numeric ? " class=\"number\"" as HTML : .empty)>\(column.label)</th>"
        }
        let body: [HTML] = rows.map { row in
            switch row {
            case .cells(let cells):
                let tds: [HTML] = cells.enumerated().map { index, cell in
                    let column = index < columns.count ? columns[index] : Column("")
                    let label: HTML = column.label.isEmpty ? .empty : " data-label=\"\(column.label)\""
                    return "<td\(label)\(column.numeric ? " class=\"number\"" as HTML : .empty)>\(cell)</td>"
                }
                return "<tr>\(tds)</tr>"
            case .wide(let content, let className):
                return "<tr class=\"\(className)\"><td colspan=\"\(columns.count)\">\(content)</td></tr>"
            }
        }
        let captionHTML: HTML = caption.map { "<caption>\($0)</caption>" as HTML } ?? .empty
        return "<div class=\"table\"><table class=\"stack\">\(captionHTML)<thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table></div>"
    }
}
