import HeraldApp
import Vapor

/// The composer's live checks: posts the form to the check URL as the user types and swaps in
/// the server-rendered panel, so the browser and the server judge with the same code. Without
/// JavaScript, the "Check" button does the same with a page load.
enum ComposerScript {
    @Sendable static func serve(req: Request) async throws -> Response { StaticAsset.javascript(source) }

    static let source = """
    (function () {
      "use strict";
      var form = document.querySelector("form[data-check-url]");
      var panel = document.getElementById("checks");
      if (!form || !panel || !window.fetch) { return; }
      var timer = null, controller = null;
      function run() {
        if (controller) { controller.abort(); }
        controller = new AbortController();
        var token = form.querySelector("input[name=_csrf]");
        fetch(form.getAttribute("data-check-url"), {
          method: "POST",
          body: new URLSearchParams(new FormData(form)),
          headers: { "X-CSRF-Token": token ? token.value : "" },
          credentials: "same-origin",
          signal: controller.signal
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          if (html !== null) { panel.innerHTML = html; }
        }).catch(function (error) {
          if (error.name !== "AbortError") { panel.setAttribute("data-stale", "true"); }
        });
      }
      function schedule(delay) { clearTimeout(timer); timer = setTimeout(run, delay); }
      var text = document.getElementById("text");
      Array.prototype.forEach.call(form.querySelectorAll("button[data-insert]"), function (button) {
        button.addEventListener("click", function () {
          var insert = button.getAttribute("data-insert");
          text.value = text.value.replace(/\\s*$/, "") + (text.value.trim() ? "\\n\\n" : "") + insert;
          text.focus();
          schedule(30);
        });
      });
      form.addEventListener("input", function () { schedule(250); });
      form.addEventListener("change", function () { schedule(30); });
    })();
    """
}
