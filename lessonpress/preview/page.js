// The preview page: after each rebuild (a server-sent event), fetch this page again, swap its top bar (lessons,
// documents, file links, problems) and, where the document changed, reload the frame at the same scroll position.
"use strict";
(function () {
  function wire() {
    const select = document.getElementById("lesson");
    if (select) select.addEventListener("change", function () { if (select.value) location.href = select.value; });
  }
  async function refresh() {
    const response = await fetch(location.pathname, { cache: "no-store" });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    document.getElementById("bar").replaceWith(fresh.getElementById("bar"));
    wire();
    const now = document.getElementById("doc");
    const next = fresh.getElementById("doc");
    if (next && !now) { document.body.append(next); }
    else if (now && next && now.getAttribute("src") !== next.getAttribute("src")) {
      const y = now.contentWindow ? now.contentWindow.scrollY : 0;
      now.addEventListener("load", function () { now.contentWindow.scrollTo(0, y); }, { once: true });
      now.setAttribute("src", next.getAttribute("src"));
    }
  }
  wire();
  // the version the page was served at; the first event tells whether a rebuild happened since
  let seen = document.getElementById("bar").dataset.version;
  new EventSource("/events").onmessage = function (event) {
    if (event.data !== seen) refresh();
    seen = event.data;
  };
})();
