// The search box: Pagefind, loaded the first time the box is used (nothing on first view), its
// results drawn in the theme's own result list. The index's words were cut by jieba at build
// time (gongkai.site.search_index); results whose title or meta line hold the query come first,
// the site's own pages (about, method, schema...) last.
(function () {
  "use strict";
  var box = document.querySelector("[data-gk-search]");
  if (!box) return;
  var input = box.querySelector(".md-search__input");
  var form = box.querySelector("form");
  var list = box.querySelector(".md-search-result__list");
  var status = box.querySelector(".md-search-result__meta");
  var toggle = document.getElementById("__search");
  // base_url + "/": "../" on a page, "//" on the 404 page (base "/") which must stay "/".
  var base = new URL(box.getAttribute("data-gk-search").replace(/\/+$/, "/"), location.href);
  var SHOWN = 8; // results whose text is fetched: each costs a fragment download
  var INDEX_LANGUAGE = "und"; // as written by the indexer: no word cutting in the browser
  var loading = null;
  var latest = 0;

  function load() {
    if (!loading) {
      loading = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.init(INDEX_LANGUAGE).then(function () {
          return pf.options({ ranking: { termSimilarity: 3.0, pageLength: 0.3 } });
        }).then(function () { return pf; });
      });
    }
    return loading;
  }

  // Query words: split on spaces and between Chinese and Latin/digits (法院2018 -> 法院 2018).
  function words(query) {
    return query
      .replace(/([\u3400-\u9fff])([0-9A-Za-z])/g, "$1 $2")
      .replace(/([0-9A-Za-z])([\u3400-\u9fff])/g, "$1 $2")
      .trim().split(/\s+/).filter(Boolean);
  }

  // jieba's spaces out of an excerpt, except between two Latin letters or digits.
  function tidy(excerpt) {
    return excerpt.replace(/\s+/g, function (space, at, text) {
      var before = text.slice(0, at).replace(/<\/?mark>$/, "").slice(-1);
      var after = text.slice(at + space.length).replace(/^<\/?mark>/, "").charAt(0);
      return /[0-9A-Za-z.,]/.test(before) && /[0-9A-Za-z]/.test(after) ? " " : "";
    });
  }

  function rank(terms, results) {
    var whole = terms.join("");
    return results.map(function (data, order) {
      var head = (data.meta.title || "") + " " + (data.meta.facts || "");
      var flat = head.replace(/\s+/g, "");
      var hits = terms.filter(function (t) { return head.indexOf(t) >= 0; }).length;
      var key = [
        data.meta.kind === "site" ? 1 : 0,
        flat.indexOf(whole) >= 0 ? 0 : 1,
        terms.length - hits,
        order
      ];
      return { data: data, key: key };
    }).sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return 0;
    }).map(function (item) { return item.data; });
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(data.url.replace(/^\//, ""), base).href;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    var text = document.createElement("p");
    text.innerHTML = tidy(data.excerpt); // Pagefind escapes the page text; only <mark> is markup
    article.append(icon, title, text);
    link.append(article);
    li.append(link);
    return li;
  }

  function search() {
    var query = input.value;
    var terms = words(query);
    var ticket = ++latest;
    if (!terms.length) {
      list.replaceChildren();
      status.textContent = "键入以开始搜索";
      return;
    }
    load().then(function (pf) {
      return pf.search(terms.join(" "));
    }).then(function (found) {
      if (ticket !== latest) return null;
      return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (data) { return { total: found.results.length, data: data }; });
    }).then(function (page) {
      if (!page || ticket !== latest) return;
      status.textContent = page.total ? "找到 " + page.total + " 个符合条件的结果" : "没有找到符合条件的结果";
      list.replaceChildren.apply(list, rank(terms, page.data).map(item));
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 120);
  });
  input.addEventListener("focus", function () {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle) {
      toggle.checked = false;
      input.blur();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  form.addEventListener("reset", function () {
    setTimeout(search, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }
  list.addEventListener("click", function () {
    if (toggle) toggle.checked = false;
  });
})();
