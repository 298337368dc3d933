/* DigestWiki: sorting and filtering of index tables.
 *
 * A table inside an element with `data-dw-table` gets a filter box, a year menu (when it has
 * a "Year" column) and sortable column headers. Material's instant navigation swaps the page
 * content without reloading scripts, so setup runs on every `document$` emission.
 */
(function () {
  "use strict";

  // The site's language: the build puts the strings in <script id="dw-strings"> (i18n.py).
  var STRINGS = { filter: "Filter by title, author or id", year: "Year", all_years: "All years",
                  unknown_year: "Unknown year", sort: "Sort" };
  // ``defaults``: the keys wanted, with their English words (STRINGS when not given).
  function strings(defaults) {
    defaults = defaults || STRINGS;
    var el = document.getElementById("dw-strings");
    if (!el) return defaults;
    try {
      var own = JSON.parse(el.textContent);
      var out = {};
      Object.keys(defaults).forEach(function (k) { out[k] = own[k] || defaults[k]; });
      return out;
    } catch (e) {
      return defaults;
    }
  }
  window.dwStrings = strings;  // the papers filter below reads its words the same way
  var UNKNOWN = "?";  // the year menu's value for papers whose year is not known

  function text(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  // Same rule as reader.sort_title in Python: lower case, a leading article ignored.
  function sortTitle(t) {
    return t.replace(/\s+/g, " ").trim().toLowerCase().replace(/^(?:a|an|the)\s+/, "");
  }

  function value(row, col, numeric) {
    var t = text(row.cells[col]);
    if (!numeric) {
      if (col === 0) return row.getAttribute("data-dw-sort") || sortTitle(t);
      return t.toLowerCase();
    }
    var n = parseFloat(t);
    return isNaN(n) ? -Infinity : n;
  }

  // Everything a row can be found by: its text, and the paper's authors, ids and nicknames.
  function haystack(row) {
    return [text(row.cells[0]), row.getAttribute("data-dw-authors"),
            row.getAttribute("data-dw-ids"), row.getAttribute("data-dw-names")]
      .filter(Boolean).join(" \n ").toLowerCase();
  }

  function setup(mount) {
    if (mount.getAttribute("data-dw-ready")) return;
    var table = mount.querySelector("table");
    if (!table || !table.tBodies.length) return;
    mount.setAttribute("data-dw-ready", "1");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var heads = Array.prototype.slice.call(table.tHead ? table.tHead.rows[0].cells : []);
    var names = heads.map(function (th) { return text(th).toLowerCase(); });
    var numeric = heads.map(function (_, i) {
      return rows.every(function (r) { var t = text(r.cells[i]); return t === "" || !isNaN(parseFloat(t)); })
        && rows.some(function (r) { return text(r.cells[i]) !== ""; });
    });
    var S = strings();
    var yearCol = names.indexOf("year");
    if (yearCol < 0) yearCol = names.indexOf(S.year.toLowerCase());
    var hay = rows.map(haystack);
    function yearOf(r) {
      var y = r.getAttribute("data-dw-year");
      return y !== null ? y : (yearCol >= 0 ? text(r.cells[yearCol]) : "");
    }

    var tools = document.createElement("div");
    tools.className = "dw-table-tools";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "dw-filter";
    search.placeholder = mount.getAttribute("data-dw-placeholder") || S.filter;
    search.setAttribute("aria-label", search.placeholder);
    tools.appendChild(search);
    var year = null;
    if (yearCol >= 0) {
      year = document.createElement("select");
      year.className = "dw-year";
      year.setAttribute("aria-label", S.year);
      var years = {};
      var unknown = false;
      rows.forEach(function (r) { var y = yearOf(r); if (y) years[y] = true; else unknown = true; });
      var all = document.createElement("option");
      all.value = "";
      all.textContent = S.all_years;
      year.appendChild(all);
      Object.keys(years).sort().reverse().forEach(function (y) {
        var o = document.createElement("option");
        o.value = y;
        o.textContent = y;
        year.appendChild(o);
      });
      if (unknown) {
        var u = document.createElement("option");
        u.value = UNKNOWN;
        u.textContent = S.unknown_year;
        year.appendChild(u);
      }
      tools.appendChild(year);
    }
    var count = document.createElement("span");
    count.className = "dw-count";
    count.setAttribute("aria-live", "polite");
    tools.appendChild(count);
    mount.insertBefore(tools, mount.firstChild);

    function filter() {
      var q = search.value.trim().toLowerCase();
      var y = year ? year.value : "";
      var shown = 0;
      rows.forEach(function (r, i) {
        var ry = yearOf(r);
        var ok = (!q || hay[i].indexOf(q) >= 0)
          && (!y || (y === UNKNOWN ? ry === "" : ry === y));
        r.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " / " + rows.length;
    }

    var state = { col: -1, dir: 1 };
    function sort(col) {
      state.dir = state.col === col ? -state.dir : (numeric[col] ? -1 : 1);
      state.col = col;
      var keyed = rows.map(function (r, i) { return [value(r, col, numeric[col]), i, r]; });
      keyed.sort(function (a, b) {
        if (a[0] < b[0]) return -state.dir;
        if (a[0] > b[0]) return state.dir;
        return a[1] - b[1];
      });
      keyed.forEach(function (k) { body.appendChild(k[2]); });
      heads.forEach(function (th, i) {
        th.setAttribute("aria-sort", i === col ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
    }

    heads.forEach(function (th, i) {
      th.classList.add("dw-sortable");
      th.setAttribute("tabindex", "0");
      th.setAttribute("role", "columnheader");
      th.setAttribute("aria-sort", "none");
      th.title = S.sort;
      th.addEventListener("click", function () { sort(i); });
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(i); }
      });
    });
    search.addEventListener("input", filter);
    if (year) year.addEventListener("change", filter);
    filter();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dw-table]"), setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

/* DigestWiki: the papers filter across every page of a split papers index.
 *
 * A big wiki's papers index is cut into pages (by title letter); each carries
 * `data-dw-all="<url of papers/index.json>"`. Typing into the filter box fetches that JSON
 * once (nothing is loaded before) and lists the matching papers of the whole wiki, by title,
 * author, id or nickname, instead of this page's rows. The table script above keeps its hooks
 * (`.dw-filter`, `.dw-year`, `.dw-count`); this only adds a second table.
 */
(function () {
  "use strict";
  var LIMIT = 200;
  var cache = {};
  var STRINGS = { filter_all: "Filter all papers: title, author, id", title: "Title",
                  year: "Year", authors: "Authors", first_shown: " (first {n} shown)" };

  function esc(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function load(url) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
    }
    return cache[url];
  }

  function cell(row, text, href) {
    var td = document.createElement("td");
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    row.appendChild(td);
    return td;
  }

  function setupAll(mount) {
    var url = mount.getAttribute("data-dw-all");
    if (!url || mount.getAttribute("data-dw-all-ready")) return;
    var search = mount.querySelector(".dw-filter");
    var table = mount.querySelector("table");
    if (!search || !table) return;
    mount.setAttribute("data-dw-all-ready", "1");
    var year = mount.querySelector(".dw-year");
    var count = mount.querySelector(".dw-count");
    var absolute = new URL(url, location.href);
    var S = window.dwStrings ? window.dwStrings(STRINGS) : STRINGS;
    search.placeholder = S.filter_all;
    search.setAttribute("aria-label", search.placeholder);
    var out = document.createElement("table");
    out.className = "dw-all-results";
    out.hidden = true;
    out.innerHTML = "<thead><tr><th>" + esc(S.title) + "</th><th>" + esc(S.year) + "</th><th>" +
      esc(S.authors) + "</th></tr></thead><tbody></tbody>";
    // Material wraps the page's table (.md-typeset__scrollwrap): the results go after the
    // wrapper, which is hidden while they show. Looked up when shown, as Material may wrap
    // the table after this runs.
    function wrapper() {
      var wrap = table.closest(".md-typeset__scrollwrap") || table;
      if (out.previousSibling !== wrap) wrap.parentNode.insertBefore(out, wrap.nextSibling);
      return wrap;
    }
    wrapper();

    function show() {
      var q = search.value.trim().toLowerCase();
      var y = year ? year.value : "";
      var wrap = wrapper();
      if (!q) {
        out.hidden = true;
        wrap.hidden = false;
        return;
      }
      load(absolute.href).then(function (data) {
        if (search.value.trim().toLowerCase() !== q) return;  // a newer query is on its way
        var f = {};
        data.fields.forEach(function (name, i) { f[name] = i; });
        var found = data.papers.filter(function (p) {
          if (y && String(p[f.year] || "") !== y) return false;
          var hay = [p[f.title], p[f.id]].concat(p[f.authors], p[f.nicknames]).join("\n");
          return hay.toLowerCase().indexOf(q) >= 0;
        });
        var body = out.tBodies[0];
        body.textContent = "";
        found.slice(0, LIMIT).forEach(function (p) {
          var tr = document.createElement("tr");
          tr.setAttribute("data-id", p[f.id]);
          cell(tr, p[f.title], new URL(p[f.url], absolute).href);
          cell(tr, p[f.year] ? String(p[f.year]) : "");
          cell(tr, (p[f.authors] || []).join(", "));
          body.appendChild(tr);
        });
        out.hidden = false;
        wrap.hidden = true;
        if (count) {
          count.textContent = found.length + " / " + data.papers.length +
            (found.length > LIMIT ? S.first_shown.replace("{n}", LIMIT) : "");
        }
      }).catch(function (err) {
        if (count) count.textContent = String(err);
      });
    }

    search.addEventListener("input", show);
    if (year) year.addEventListener("change", show);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dw-all]"), setupAll);
  }

  // After the table script (registered first, so its tools exist when this runs).
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
