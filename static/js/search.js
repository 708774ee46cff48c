/* The search page's two enhancements; without JavaScript the page works as it is.
 *
 * 1. On a wide screen the form stays open after a search (on a phone it is folded into a
 *    one-line summary of the query, so the results come first).
 * 2. "Find near me": searches around the browser's position (/services/?lat=…&lon=…).
 *
 * The button stays hidden without JavaScript or geolocation; the search works by town without
 * it. The other fields of the form are kept, the town, ORP and region are dropped (the
 * position replaces them). Messages come from data- attributes of this script's tag, so they
 * are translated with the page.
 */
(function () {
  "use strict";

  var folded = document.querySelector("details[data-search-again]");
  if (folded && window.matchMedia("(min-width: 60rem)").matches) folded.open = true;
})();

(function () {
  "use strict";

  var script = document.currentScript;
  var box = document.querySelector("[data-near-me]");
  if (!box || !script || !("geolocation" in navigator)) return;
  var form = box.closest("form");
  var button = box.querySelector("button");
  var status = box.querySelector(".near-me-status");
  box.hidden = false;

  button.addEventListener("click", function () {
    status.textContent = script.dataset.finding;
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var params = new URLSearchParams(new FormData(form));
        ["town", "orp", "region", "lat", "lon", "page"].forEach(function (name) {
          params.delete(name);
        });
        Array.from(params.keys()).forEach(function (name) {
          if (params.get(name) === "") params.delete(name);
        });
        params.set("lat", position.coords.latitude.toFixed(4));
        params.set("lon", position.coords.longitude.toFixed(4));
        window.location.assign(form.action + "?" + params.toString());
      },
      function () {
        status.textContent = script.dataset.unavailable;
        button.disabled = false;
      },
      { maximumAge: 600000, timeout: 15000 }
    );
  });
})();
