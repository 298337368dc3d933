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
 *
 * Papers are indexed many to a document (meta `dw: papers`), each a section whose heading's
 * id is the paper page's URL: a group that matches becomes one result per section that has
 * every query word. Hangul is indexed as letters (NFD), so queries are too, and the text
 * shown is put back together (NFC).
 */
(function () {
  "use strict";
  var MARK = "\u2042";
  var SHOWN = 10;
  var LOADS = 24; // at most this many result documents fetched for one query
  var BATCH = 4;
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

  function letters(text) {
    return text.replace(/[\uac00-\ud7a3]+/g, function (w) { return w.normalize("NFD"); });
  }

  // The query as Pagefind should see it: Hangul as letters; "arxiv:2007.05181" as
  // "200705181", the one word a paper's id is indexed as (a word with punctuation inside
  // is also indexed whole, without it).
  function pagefindQuery(query) {
    return letters(query.normalize("NFC")).split(/\s+/).map(function (w) {
      w = w.replace(/^[a-z]+:(?=[\p{L}\p{N}])/iu, "");
      return /[\p{L}\p{N}][^\p{L}\p{N}]+[\p{L}\p{N}]/u.test(w) ?
        w.replace(/[^\p{L}\p{N}]+/gu, "") : w;
    }).join(" ");
  }

  function tokens(text) {
    var out = [];
    text.toLowerCase().split(/\s+/).forEach(function (w) {
      var parts = w.match(/[\p{L}\p{N}]+/gu) || [];
      if (parts.length) out.push(parts.join(""));
      if (parts.length > 1) out.push.apply(out, parts);
    });
    return out;
  }

  // Every query word (as Pagefind searched it) begins some word of the text, or a part of
  // one (the text's extra terms included).
  function hasAll(text, query) {
    var have = tokens(text);
    return pagefindQuery(query).normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean)
      .every(function (w) {
        return have.some(function (t) { return t.lastIndexOf(w, 0) === 0; });
      });
  }

  // A group of papers: one entry per section that has every query word.
  function papers(data, query) {
    var all = (data.content || "").split(/[\r\n\s]+/g);
    var anchors = (data.anchors || []).filter(function (a) {
      return /^h2$/i.test(a.element) && a.id;
    }).sort(function (a, b) { return a.location - b.location; });
    var out = [];
    anchors.forEach(function (a, i) {
      var end = i + 1 < anchors.length ? anchors[i + 1].location : all.length;
      var text = all.slice(a.location, end).join(" ").normalize("NFC");
      var url = new URL(a.id, siteRoot());
      if (url.origin !== location.origin || !hasAll(text, query)) return;
      var shown = text.split(MARK)[0];
      var title = (a.text || "").normalize("NFC").trim();
      out.push({
        url: url.href,
        title: title,
        content: shown.slice(shown.indexOf(title) === 0 ? title.length : 0)
          .replace(/^[\s.]+/, ""),
      });
    });
    return out;
  }

  function entries(data, query) {
    if (data.meta && data.meta.dw === "papers") return papers(data, query);
    return [{
      url: data.url,
      title: ((data.meta && data.meta.title) || data.url).normalize("NFC"),
      content: (data.content || "").normalize("NFC"),
    }];
  }

  // Fetch results in order, a few at a time, until SHOWN entries are found.
  function collect(results, query, mine) {
    var found = [];
    var next = 0;
    function more() {
      if (mine !== generation || found.length >= SHOWN || next >= results.length ||
          next >= LOADS) {
        return Promise.resolve({ found: found, rest: results.length - next });
      }
      var batch = results.slice(next, next + BATCH);
      next += batch.length;
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
        data.forEach(function (d) { found.push.apply(found, entries(d, query)); });
        return more();
      });
    }
    return more();
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
    h.textContent = result.title;
    var p = document.createElement("p");
    p.innerHTML = excerpt(result.content, words);
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
      // One letter or digit finds nothing useful but fetches every index chunk of words
      // that begin with it (a Hangul syllable is a word's worth of prefix).
      if (!query || (query.length < 2 && !/[\uac00-\ud7a3]/.test(query))) {
        list.textContent = "";
        meta.textContent = translate("search.result.placeholder", "Type to start searching");
        return;
      }
      var words = query.normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean);
      load(form).then(function (pf) {
        return pf.search(pagefindQuery(query));
      }).then(function (found) {
        if (mine !== generation || !found) return null;
        return collect(found.results, query, mine);
      }).then(function (out) {
        if (!out || mine !== generation) return;
        list.textContent = "";
        out.found.slice(0, SHOWN).forEach(function (d) { list.appendChild(item(d, words)); });
        // Results not fetched count once each: a lower bound, marked with "+".
        var n = out.found.length + out.rest;
        var count = out.rest ? n + "+" : String(n);
        meta.textContent = n === 0 ? translate("search.result.none", "No matching documents")
          : n === 1 ? translate("search.result.one", "1 matching document")
          : translate("search.result.other", "# matching documents").replace("#", count);
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
