import Foundation
import HeraldCore
import Vapor

/// A time zone field: typed with suggestions from every IANA zone (a `<datalist>`, no script
/// needed); on the forms that create something new and empty, a small script fills in the
/// browser's own zone, which the person can change.
enum TimeZoneField {
    static let identifiers = TimeZone.knownTimeZoneIdentifiers.sorted()

    static func render(_ context: PageContext, value: String, error: ValidationError?, detect: Bool = false) -> HTML {
        let options: [HTML] = identifiers.map { "<option value=\"\($0)\"></option>" }
        let problem = error?.problem(with: "time_zone")
        let describedBy: HTML = problem != nil ? " aria-describedby=\"time_zone-error\" aria-invalid=\"true\"" : " aria-describedby=\"time_zone-hint\""
        let message: HTML = problem.map { "<small id=\"time_zone-error\" class=\"error-text\">\(context.t($0.message))</small>" as HTML }
            ?? "<small id=\"time_zone-hint\" class=\"hint\">Europe/Moscow, Europe/Berlin, America/New_York…</small>"
        return """
        <label for="time_zone">\(context.t(.timeZone))</label>
        <input id="time_zone" name="time_zone" list="time-zones" value="\(value)" required autocomplete="off"\(detect ? " data-detect-zone" as HTML : .empty)\(describedBy)>
        \(message)
        <datalist id="time-zones">\(options)</datalist>
        \(detect ? "<script src=\"\(SiteURL.zoneScript.path)\" defer></script>" as HTML : .empty)
        """
    }

    @Sendable static func serve(req: Request) async throws -> Response { StaticAsset.javascript(source) }

    static let source = """
    (function () {
      "use strict";
      var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (!zone) { return; }
      document.querySelectorAll("input[data-detect-zone]").forEach(function (input) {
        if (!input.value) { input.value = zone; }
      });
    })();
    """
}
