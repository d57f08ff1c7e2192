import HeraldApp
import HeraldCore
import HeraldStore
import Vapor

/// Settings → Service levels: business hours per weekday, days off, and per priority the business
/// hours to the first answer and to settling.
enum ServiceLevelsPage {
    static let days: [L] = [.day1, .day2, .day3, .day4, .day5, .day6, .day7]
    static let priorities: [InboxItem.Priority] = [.urgent, .high, .normal, .low]

    @Sendable static func show(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        return try await respond(req, access: access, values: nil, error: nil)
    }

    static func respond(_ req: Request, access: WorkspaceAccess, values: [String: String]?, error: ValidationError?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        .page(view(try await PageContext.make(req, access: access), access: access, values: values, error: error), status: status)
    }

    static func view(_ context: PageContext, access: WorkspaceAccess, values: [String: String]?, error: ValidationError?) -> HTML {
        let workspace = access.workspace
        let hours = workspace.businessHours, targets = workspace.serviceTargets
        func value(_ key: String, _ fallback: String) -> String { values?[key] ?? fallback }
        let manage = access.can(.manageSettings)
        let dayRows: [HTML] = (1...7).map { weekday in
            let window = hours.days[weekday]
            let open = value("day_\(weekday)_open", window.map { ServiceLevelService.text($0.open) } ?? "")
            let close = value("day_\(weekday)_close", window.map { ServiceLevelService.text($0.close) } ?? "")
            let invalid = error?.field?.hasPrefix("day_\(weekday)") == true
            return """
            <tr><th scope="row">\(context.t(days[weekday - 1]))</th>
            <td><input type="time" name="day_\(weekday)_open" value="\(open)" aria-label="\(context.t(LocalizedText(.serviceOpensOn, context.t(days[weekday - 1]))))"\(invalid ? " aria-invalid=\"true\"" as HTML : .empty)></td>
            <td><input type="text" name="day_\(weekday)_close" value="\(close)" size="5" pattern="[0-2][0-9]:[0-5][0-9]" aria-label="\(context.t(LocalizedText(.serviceClosesOn, context.t(days[weekday - 1]))))"\(invalid ? " aria-invalid=\"true\"" as HTML : .empty)></td></tr>
            """
        }
        let targetRows: [HTML] = priorities.map { priority in
            let target = targets.targets[priority.rawValue] ?? ServiceTargets.standard.targets[priority.rawValue]!
            func hours(_ seconds: TimeInterval) -> String {
                let h = seconds / 3600
                return h == h.rounded() ? String(Int(h)) : String(format: "%.1f", h)
            }
            return """
            <tr><th scope="row">\(context.t(InboxPage.priorityLabel(priority)))</th>
            <td><input type="number" step="0.1" min="0.1" name="\(priority.rawValue)_first_response" value="\(value("\(priority.rawValue)_first_response", hours(target.firstResponse)))" aria-label="\(context.t(InboxPage.priorityLabel(priority))): \(context.t(.serviceFirstResponse))"></td>
            <td><input type="number" step="0.1" min="0.1" name="\(priority.rawValue)_resolution" value="\(value("\(priority.rawValue)_resolution", hours(target.resolution)))" aria-label="\(context.t(InboxPage.priorityLabel(priority))): \(context.t(.serviceResolution))"></td></tr>
            """
        }
        let holidays = value("holidays", hours.holidays.sorted().joined(separator: "\n"))
        let fields: HTML = """
            <h3>\(context.t(.serviceHours))</h3>
            <p class="hint">\(context.t(.serviceHoursHint))</p>
            <table><tbody>\(dayRows)</tbody></table>
            <label for="holidays">\(context.t(.serviceHolidays))</label>
            <textarea id="holidays" name="holidays" rows="4" aria-describedby="holidays-hint">\(holidays)</textarea>
            <small id="holidays-hint" class="hint">\(context.t(.serviceHolidaysHint))</small>
            <h3>\(context.t(.serviceTargets))</h3>
            <table><thead><tr><th>\(context.t(.servicePriority))</th><th>\(context.t(.serviceFirstResponse))</th><th>\(context.t(.serviceResolution))</th></tr></thead>
            <tbody>\(targetRows)</tbody></table>
            """
        return Layout.page(context, title: context.t(.serviceTitle), body: """
            <h1>\(context.t(.navSettings))</h1>
            \(SettingsNav.render(context, access: access))
            <h2>\(context.t(.serviceTitle))</h2>
            <p class="hint">\(context.t(LocalizedText(.serviceHint, workspace.timeZone)))</p>
            \(Layout.formError(context, error, fields: []))
            \(manage ? context.form(SiteURL.workspace(access.workspaceID, .serviceLevels).path, "\(fields)<button type=\"submit\">\(context.t(.save))</button>") : fields)
            """)
    }

    /// The form as the service takes it.
    static func input(_ values: [String: String]) -> ServiceLevelService.Input {
        var days: [Int: (String, String)] = [:]
        for weekday in 1...7 { days[weekday] = (values["day_\(weekday)_open"] ?? "", values["day_\(weekday)_close"] ?? "") }
        var targets: [String: (Double, Double)] = [:]
        for priority in priorities {
            let first = Double(values["\(priority.rawValue)_first_response"] ?? "") ?? -1
            let resolution = Double(values["\(priority.rawValue)_resolution"] ?? "") ?? -1
            targets[priority.rawValue] = (first, resolution)
        }
        let holidays = (values["holidays"] ?? "").split(whereSeparator: { $0.isNewline || $0 == "," }).map(String.init)
        return ServiceLevelService.Input(days: days, holidays: holidays, targets: targets)
    }

    @Sendable static func save(req: Request) async throws -> Response {
        let access = try await WorkspaceAccess.resolve(req)
        var keys = ["holidays"]
        for weekday in 1...7 { keys += ["day_\(weekday)_open", "day_\(weekday)_close"] }
        for priority in priorities { keys += ["\(priority.rawValue)_first_response", "\(priority.rawValue)_resolution"] }
        let values = Dictionary(uniqueKeysWithValues: keys.compactMap { key in req.formValue(key).map { (key, $0) } })
        do {
            _ = try await ServiceLevelService.save(access, input(values), on: req.db)
        } catch let error as ValidationError {
            return try await respond(req, access: access, values: values, error: error, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteURL.workspace(access.workspaceID, .serviceLevels).path + "?done=\(L.serviceSaved.rawValue)")
    }
}
