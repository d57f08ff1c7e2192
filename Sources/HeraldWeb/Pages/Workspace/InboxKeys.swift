import Vapor

/// Keyboard shortcuts on the inbox page, added by a small script (the page works without it):
/// j / k move to the next / previous item, r writes an answer, e marks it done (or reopens it),
/// a goes to its assignee. Keys typed into a field are left alone.
enum InboxKeys {
    static let source = """
    (function () {
      "use strict";
      var items = Array.prototype.slice.call(document.querySelectorAll("ul.inbox > li.card"));
      if (!items.length) { return; }
      var current = -1;
      function show(index) {
        if (index < 0 || index >= items.length) { return; }
        if (current >= 0) { items[current].classList.remove("current"); }
        current = index;
        var item = items[current];
        item.classList.add("current");
        item.setAttribute("tabindex", "-1");
        item.focus();
      }
      document.addEventListener("keydown", function (event) {
        var target = event.target;
        if (event.altKey || event.ctrlKey || event.metaKey) { return; }
        if (target && /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) { return; }
        var item = items[current];
        switch (event.key) {
        case "j": show(current + 1); break;
        case "k": show(Math.max(0, current - 1)); break;
        case "r": if (item) { var box = item.querySelector("textarea[name=text]"); if (box) { box.focus(); } } break;
        case "a": if (item) { var who = item.querySelector("select[name=assigned_to]"); if (who) { who.focus(); } } break;
        case "e": if (item) { var done = item.querySelector("form input[name=status]"); if (done) { done.form.submit(); } } break;
        default: return;
        }
        event.preventDefault();
      });
    })();
    """

    @Sendable static func serve(req: Request) async throws -> Response { StaticAsset.javascript(source) }
}
