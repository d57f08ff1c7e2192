import HeraldApp
import Vapor

/// Drag a scheduled post to another day: the script posts the new date (time kept) to the
/// post's schedule form handler and reloads; a refusal is shown with the server's reason.
enum CalendarScript {
    @Sendable static func serve(req: Request) async throws -> Response { StaticAsset.javascript(source) }

    static let source = """
    (function () {
      "use strict";
      var grid = document.querySelector("ol.calendar[data-move-url]");
      var token = document.querySelector("input[name=_csrf]");
      if (!grid || !window.fetch) { return; }
      var dragged = null;
      grid.addEventListener("dragstart", function (event) {
        var entry = event.target.closest ? event.target.closest("[data-post]") : null;
        if (!entry) { return; }
        dragged = entry;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", entry.getAttribute("data-post"));
      });
      grid.addEventListener("dragover", function (event) {
        if (dragged && event.target.closest("[data-date]")) { event.preventDefault(); }
      });
      grid.addEventListener("drop", function (event) {
        var day = event.target.closest("[data-date]");
        if (!dragged || !day) { return; }
        event.preventDefault();
        var body = new URLSearchParams();
        body.set("date", day.getAttribute("data-date"));
        body.set("time", dragged.getAttribute("data-time"));
        var url = grid.getAttribute("data-move-url").replace(":post", dragged.getAttribute("data-post")) + "/schedule";
        fetch(url, { method: "POST", body: body, credentials: "same-origin",
                     headers: { "X-CSRF-Token": token ? token.value : "" } })
          .then(function (response) {
            if (response.ok) { window.location.reload(); return null; }
            return response.text();
          })
          .then(function (html) {
            if (html === null) { return; }
            var page = new DOMParser().parseFromString(html, "text/html");
            var reason = page.querySelector(".error, .field-error");
            window.alert(grid.getAttribute("data-move-failed") + " " + (reason ? reason.textContent : ""));
          });
        dragged = null;
      });
    })();
    """
}
