import HeraldCore
import Testing

@Suite("CSV")
struct CSVTableTests {
    @Test("quotes, doubled quotes, line breaks in fields, CRLF, BOM, semicolons")
    func parse() throws {
        let text = "\u{FEFF}date,text\r\n2027-06-01,\"Привет, \"\"мир\"\"\nвторая строка\"\r\n2027-06-02,plain\r\n"
        let table = try CSVTable.parse(text)
        #expect(table.header == ["date", "text"])
        #expect(table.rows.map(\.fields) == [["2027-06-01", "Привет, \"мир\"\nвторая строка"], ["2027-06-02", "plain"]])
        #expect(table.rows.map(\.line) == [2, 4])
        let semicolons = try CSVTable.parse("Date;Text\n2027-06-01;a, b")
        #expect(semicolons.header == ["date", "text"] && semicolons.rows[0].fields == ["2027-06-01", "a, b"])
    }

    @Test("broken files are refused with the line")
    func errors() {
        do { _ = try CSVTable.parse("a,b\n1,\"open") } catch { #expect(error.code == "csv_unclosed_quote") }
        do { _ = try CSVTable.parse("a,b\n1,2,3") } catch {
            #expect(error.message.rendered(in: .en) == "Line 2 has 3 fields; the header has 2.")
        }
        #expect(throws: ValidationError.self) { try CSVTable.parse("") }
    }
}
