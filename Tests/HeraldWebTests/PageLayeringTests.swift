import Foundation
import Testing

/// Pages read, then draw: a handler asks the application (a service or a page's query, such as
/// `PostScreen` or `InboxScreen`) for what it shows, and a view is a synchronous function of what
/// was read — it cannot wait on a database, so it cannot query one. Checked over the source of
/// every page, so a page that slips back into querying while it renders fails here.
@Suite struct PageLayeringTests {
    struct Function {
        var file: String
        var name: String
        var signature: String
        var body: String
        var place: String { "\(file): \(name)" }
    }

    static let pagesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/HeraldWeb/Pages")

    static func pageSources() throws -> [(String, String)] {
        let files = FileManager.default.enumerator(at: pagesFolder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }.sorted { $0.0 < $1.0 }
    }

    /// Every function of a file: its signature (up to the line that opens its body) and its body
    /// (up to the closing brace at the function's own indentation — the code is formatted so).
    static func functions(in text: String, file: String) -> [Function] {
        let lines = text.components(separatedBy: "\n")
        var found: [Function] = []
        for (index, line) in lines.enumerated() {
            guard let range = line.range(of: #"\bfunc\s+\w+"#, options: .regularExpression),
                  !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") else { continue }
            let name = String(line[range].split(separator: " ").last ?? "")
            let indent = line.prefix { $0 == " " }
            var signature = "", end = index
            while end < lines.count {
                signature += lines[end] + "\n"
                if lines[end].trimmingCharacters(in: .whitespaces).hasSuffix("{") || end > index + 8 { break }
                end += 1
            }
            var body = ""
            if !(lines[index].trimmingCharacters(in: .whitespaces).hasSuffix("}")) {
                var cursor = end + 1
                while cursor < lines.count, lines[cursor] != indent + "}" {
                    body += lines[cursor] + "\n"
                    cursor += 1
                }
            } else {
                body = lines[index]
            }
            found.append(Function(file: file, name: name, signature: signature, body: body))
        }
        return found
    }

    /// Views that wait: a function that returns markup and is `async` (the effects and result
    /// after its parameter list, so a closure parameter returning markup does not count).
    static func waitingViews(_ functions: [Function]) -> [String] {
        functions.filter { function in
            let signature = function.signature.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let close = signature.range(of: ")", options: .backwards) else { return false }
            let tail = signature[close.upperBound...]
            return tail.range(of: #"^\s*async\b[^>]*->\s*\[?HTML\]?\s*\{?$"#, options: .regularExpression) != nil
        }.map(\.place)
    }

    /// Handlers that draw: a function that waits on something and also writes markup itself.
    static func drawingHandlers(_ functions: [Function]) -> [String] {
        functions.filter { function in
            function.body.contains("await ") && (function.body.contains("\"\"\"") || function.body.contains("\"<"))
        }.map(\.place)
    }

    /// Queries written in a page: models asked directly, SQL by hand.
    static func queriesInPages(_ text: String, file: String) -> [String] {
        let patterns = [#"\b[A-Z]\w*\.(query\(on:|scoped\(to:)"#, #"\b[A-Z]\w*(?<!Service)\.find\("#, #"\.raw\(|SQLDatabase"#]
        return patterns.flatMap { pattern in
            text.components(separatedBy: "\n").enumerated().filter { _, line in
                line.range(of: pattern, options: .regularExpression) != nil
            }.map { "\(file):\($0.offset + 1): \($0.element.trimmingCharacters(in: .whitespaces))" }
        }
    }

    @Test func viewsDoNotWait() throws {
        let functions = try Self.pageSources().flatMap { Self.functions(in: $0.1, file: $0.0) }
        #expect(functions.count > 150, "the scanner found \(functions.count) functions in the pages")
        #expect(Self.waitingViews(functions) == [])
    }

    @Test func handlersLeaveDrawingToViews() throws {
        let functions = try Self.pageSources().flatMap { Self.functions(in: $0.1, file: $0.0) }
        #expect(Self.drawingHandlers(functions) == [])
    }

    @Test func pagesAskTheApplication() throws {
        #expect(try Self.pageSources().flatMap { Self.queriesInPages($0.1, file: $0.0) } == [])
    }

    /// The checks find what they look for (so the three tests above can fail).
    @Test func theChecksSeeAMixedPage() {
        let mixed = """
            enum MixedPage {
                @Sendable static func show(req: Request) async throws -> Response {
                    let posts = try await Post.query(on: req.db).all()
                    return .page(Layout.page(context, title: "x", body: "<ul>\\(posts.count)</ul>"))
                }

                static func render(_ req: Request,
                                   access: WorkspaceAccess) async throws -> HTML {
                    let post = try await Post.find(id, on: req.db)
                    return "<p>\\(post.text)</p>"
                }

                static func view(_ context: PageContext, _ screen: PostScreen) -> HTML {
                    let found = try await PostService.find(access, id: id, on: database)
                    return "<p></p>"
                }
            }
            """
        let functions = Self.functions(in: mixed, file: "MixedPage.swift")
        #expect(functions.map(\.name) == ["show", "render", "view"])
        #expect(Self.waitingViews(functions) == ["MixedPage.swift: render"])
        #expect(Self.drawingHandlers(functions) == ["MixedPage.swift: show", "MixedPage.swift: render", "MixedPage.swift: view"])
        #expect(Self.queriesInPages(mixed, file: "MixedPage.swift").count == 2)
    }
}
