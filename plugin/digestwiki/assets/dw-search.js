/* DigestWiki: the header search box, backed by Pagefind, loaded on first use.
 *
 * The build puts Material's search markup into the header (form `dw-search`, not `search`,
 * so Material's own search never starts or fetches an index) and indexes the site with
 * Pagefind. Nothing here downloads anything until the reader focuses the box: then
 * pagefind.js is imported, and each query fetches only the index chunks and result
 * fragments it needs. Results are drawn in Material's result markup.
 *
 * Excerpts are cut from the page text before the hidden extra terms (after "⁂"), with the
 * query words marked wherever they occur, also inside compounds (비전트랜스포머).
 */
(function () {
  "use strict";
  var MARK = "\u2042";
  var SHOWN = 10;
  var pagefind = null;
  var generation = 0;

  function config() {
    var el = document.getElementById("__config");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  function siteRoot() {
    return new URL((config().base || ".") + "/", location.href);
  }

  function translate(key, fallback) {
    var t = config().translations || {};
    return t[key] || fallback;
  }

  function load(form) {
    if (!pagefind) {
      var root = siteRoot();
      var url = new URL(form.getAttribute("data-dw-pagefind"), root);
      pagefind = import(url.href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 30 }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function excerpt(content, words) {
    var text = content.split(MARK)[0].replace(/\s+/g, " ").trim();
    var lower = text.toLowerCase();
    var at = -1;
    words.forEach(function (w) {
      var i = lower.indexOf(w);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    var start = Math.max(0, at - 60);
    var piece = text.slice(start, start + 220);
    var html = escapeHtml(piece);
    words.forEach(function (w) {
      if (!w) return;
      var re = new RegExp(escapeHtml(w).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
      html = html.replace(re, function (m) { return "<mark>" + m + "</mark>"; });
    });
    return (start > 0 ? "… " : "") + html + (start + 220 < text.length ? " …" : "");
  }

  function item(result, words) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = result.url;
    a.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var h = document.createElement("h1");
    h.textContent = (result.meta && result.meta.title) || result.url;
    var p = document.createElement("p");
    p.innerHTML = excerpt(result.content || "", words);
    article.appendChild(h);
    article.appendChild(p);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function setup(form) {
    if (form.getAttribute("data-dw-ready")) return;
    form.setAttribute("data-dw-ready", "1");
    var input = form.querySelector("input[name=query]");
    var box = form.closest(".md-search");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var toggle = document.getElementById("__search");
    var timer = null;

    function open() {
      if (toggle && !toggle.checked) toggle.checked = true;
      load(form).catch(function (err) { meta.textContent = String(err); });
    }

    function close() {
      if (toggle) toggle.checked = false;
      input.blur();
    }

    function run() {
      var query = input.value.trim();
      var mine = ++generation;
      if (!query) {
        list.textContent = "";
        meta.textContent = translate("search.result.placeholder", "Type to start searching");
        return;
      }
      load(form).then(function (pf) {
        return pf.search(query);
      }).then(function (found) {
        if (mine !== generation || !found) return null;
        return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
          .then(function (data) { return [found.results.length, data]; });
      }).then(function (out) {
        if (!out || mine !== generation) return;
        var words = query.toLowerCase().split(/\s+/).filter(Boolean);
        list.textContent = "";
        out[1].forEach(function (d) { list.appendChild(item(d, words)); });
        var n = out[0];
        meta.textContent = n === 0 ? translate("search.result.none", "No matching documents")
          : n === 1 ? translate("search.result.one", "1 matching document")
          : translate("search.result.other", "# matching documents").replace("#", n);
      }).catch(function (err) { meta.textContent = String(err); });
    }

    input.addEventListener("focus", open);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") close();
      if (ev.key === "Enter") {
        ev.preventDefault();
        var first = list.querySelector("a");
        if (first) first.click();
      }
    });
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(run, 0);
      input.focus();
    });
    list.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest("a")) close();
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked) setTimeout(function () { input.focus(); }, 100);
      });
    }
  }

  function init() {
    var form = document.forms.namedItem("dw-search");
    if (form) setup(form);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
