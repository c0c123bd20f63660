// The search box: Pagefind, loaded the first time the box is used (nothing on first view), its
// results drawn in the theme's own result list. The index's words were cut by jieba at build
// time (gongkai.site.search_index); the query is searched as typed, and as the browser cuts it
// when that finds few pages. Results holding the query's words whole come first, the site's own
// pages (about, method, schema...) last.
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
  // Results shown at a time: each result's text is a download (a filing page's, 5-12 KB gzip),
  // so the first query fetches one screen of them; 显示更多结果 fetches the next.
  var SHOWN = 6;
  // A shard's site (gongkai build --shard) names its shard: below its own results the box offers
  // the domain's other shards (../shards.json, written by gongkai root-index), each searched
  // only when asked, with its own index (its first query costs what this site's does).
  var shard = box.getAttribute("data-gk-shard");
  var domain = new URL("../", base);
  var shardList = null;
  var shardIndexes = {};
  var INDEX_LANGUAGE = "und"; // as written by the indexer: Pagefind cuts no words for it
  var loading = null;
  var latest = 0;

  // Pagefind takes the query's language from <html lang> when an instance is made: "zh" has the
  // browser cut the query into ICU's words (上海市财政局 -> 上海市 + 财政局, 社会保障 -> 社会 +
  // 保障), which are not the index's jieba words, so the page's "zh" is swapped for the index's
  // language for that one synchronous call. No web worker: pagefind-worker.js is 12 KB (gzip)
  // more on the first query, and searching an index this size on the page is quick.
  function instance(pf, basePath) {
    var root = document.documentElement;
    var lang = root.getAttribute("lang");
    var options = { noWorker: true };
    if (basePath) options.basePath = basePath;
    root.setAttribute("lang", INDEX_LANGUAGE);
    try {
      return pf.createInstance(options);
    } finally {
      if (lang === null) root.removeAttribute("lang");
      else root.setAttribute("lang", lang);
    }
  }

  function ranked(found) {
    return found.options({ ranking: { termSimilarity: 3.0, pageLength: 0.3 } })
      .then(function () { return found; });
  }

  var pagefind = null;
  function load() {
    if (!loading) {
      pagefind = import(new URL("pagefind/pagefind.js", base).href);
      loading = pagefind.then(function (pf) { return ranked(instance(pf)); });
    }
    return loading;
  }

  // Another shard's index, searched by this site's Pagefind code (only its index is fetched).
  function shardIndex(name) {
    if (!shardIndexes[name]) {
      load();
      shardIndexes[name] = pagefind.then(function (pf) {
        return ranked(instance(pf, new URL(name + "/pagefind/", domain).pathname));
      });
    }
    return shardIndexes[name];
  }

  // The domain's other shards: [{name, regions}], [] when there is no list (a site of its own).
  function otherShards() {
    if (!shard) return Promise.resolve([]);
    if (!shardList) {
      shardList = fetch(new URL("shards.json", domain).href)
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; })
        .then(function (all) {
          return (Array.isArray(all) ? all : []).filter(function (s) {
            return s && typeof s.name === "string" && s.name !== shard &&
              /^[a-z0-9][a-z0-9_-]{0,63}$/.test(s.name);
          });
        });
    }
    return shardList;
  }

  // Query words: split on spaces and between Chinese and Latin/digits (法院2018 -> 法院 2018).
  function words(query) {
    return query
      .replace(/([\u3400-\u9fff])([0-9A-Za-z])/g, "$1 $2")
      .replace(/([0-9A-Za-z])([\u3400-\u9fff])/g, "$1 $2")
      .trim().split(/\s+/).filter(Boolean);
  }

  // jieba's spaces out of an excerpt, except between two Latin letters or digits and after a
  // sentence's point; a number's own comma and point stay joined (33,172.15万元, not 33, 172. 15).
  function tidy(excerpt) {
    return excerpt.replace(/\s+/g, function (space, at, text) {
      var before = text.slice(0, at).replace(/<\/?mark>$/, "");
      var after = text.slice(at + space.length).replace(/^<\/?mark>/, "").charAt(0);
      if (/[0-9]\s*[.,]$/.test(before) && /[0-9]/.test(after)) return "";
      return /[0-9A-Za-z.,]$/.test(before) && /[0-9A-Za-z]/.test(after) ? " " : "";
    });
  }

  // Letters and digits only: “三公”经费 holds 三公经费.
  function flat(markup) {
    return markup.replace(/<[^>]*>/g, "").replace(/[^\p{L}\p{N}]+/gu, "").toLowerCase();
  }

  // The query cut into the browser's own Chinese words (三公经费 -> 三公 经费), searched too when
  // the words as typed find few pages: the index has “三公”经费 as 三公 + 经费.
  var cutter = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  function cut(terms) {
    if (!cutter) return terms.join(" ");
    return terms.map(function (term) {
      return Array.from(cutter.segment(term)).filter(function (s) { return s.isWordLike; })
        .map(function (s) { return s.segment; }).join(" ");
    }).join(" ");
  }

  function find(pf, terms) {
    var typed = terms.join(" ");
    return pf.search(typed).then(function (found) {
      var more = cut(terms);
      if (found.results.length >= SHOWN || more === typed) return found.results;
      return pf.search(more).then(function (extra) {
        var seen = {};
        found.results.forEach(function (r) { seen[r.id] = true; });
        return found.results.concat(extra.results.filter(function (r) { return !seen[r.id]; }));
      });
    });
  }

  // Pagefind finds the index words that start with a query word, or, where none does, the
  // longest index word the query word starts with (社会保障 -> 社会 on a page without it). A
  // result holds a query word whole when its title, meta line or excerpt has it; those that do
  // not are dropped when others hold every word (or when an earlier page of results had such
  // others: ``strict``). Order: the site's own pages last, then results holding the query
  // words, title or meta line holding the whole query, or most of its words, then Pagefind's
  // order. Returns the results kept and whether any held every word.
  function rank(terms, results, strict) {
    var wanted = terms.map(flat).filter(Boolean);
    var whole = wanted.join("");
    var pieces = cut(terms).split(" ").map(flat).filter(Boolean); // 普陀区决算: 普陀 区 决算
    var items = results.map(function (data, order) {
      var head = flat((data.meta.title || "") + " " + (data.meta.facts || ""));
      var text = head + flat(data.excerpt || "");
      var hits = pieces.filter(function (t) { return head.indexOf(t) >= 0; }).length;
      var held = wanted.every(function (t) { return text.indexOf(t) >= 0; });
      var key = [
        data.meta.kind === "site" ? 1 : 0,
        held ? 0 : 1,
        head.indexOf(whole) >= 0 ? 0 : 1,
        pieces.length - hits,
        order
      ];
      return { data: data, held: held, key: key };
    });
    var held = items.some(function (x) { return x.held; });
    if (held || strict) {
      items = items.filter(function (x) { return x.held; });
    }
    var kept = items.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i];
      return 0;
    }).map(function (x) { return x.data; });
    return { kept: kept, held: held || !!strict };
  }

  // Pagefind's URL is the page's path on the host (its index's folder less pagefind/, then the
  // page's place in the site): /changli/generated/... for the changli shard's site.
  function item(data) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(data.url, location.href).href;
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

  // The next SHOWN results' text, ranked among themselves, appended to the list with a button
  // for the ones after them. Returns how many of the fetched results were dropped (rank).
  function more(terms, found, from, ticket, strict) {
    var slice = found.slice(from, from + SHOWN);
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (data) {
      if (ticket !== latest) return null;
      var ranked = rank(terms, data, strict);
      var shown = ranked.kept;
      var old = list.querySelector(".gk-search-more");
      if (from === 0) list.replaceChildren();
      else if (old) old.remove();
      var elsewhere = list.querySelector(".gk-search-elsewhere");
      shown.forEach(function (data) { list.insertBefore(item(data), elsewhere); });
      var rest = found.length - from - slice.length;
      if (rest > 0) {
        var li = document.createElement("li");
        li.className = "gk-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = "显示更多结果";
        button.addEventListener("click", function () {
          button.disabled = true;
          more(terms, found, from + SHOWN, ticket, ranked.held);
        });
        li.append(button);
        list.insertBefore(li, elsewhere);
      }
      return data.length - shown.length;
    });
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
      return find(pf, terms);
    }).then(function (found) {
      if (ticket !== latest) return;
      return more(terms, found, 0, ticket, false).then(function (dropped) {
        if (dropped === null) return;
        var total = found.length - dropped;
        status.textContent = total ? "找到 " + total + " 个符合条件的结果" : "没有找到符合条件的结果";
        return offerShards(terms, ticket);
      });
    });
  }

  function shardName(other) {
    var regions = (other.regions || []).filter(function (r) { return typeof r === "string"; });
    if (!regions.length) return other.name;
    return regions.slice(0, 3).join("、") + (regions.length > 3 ? "等" : "");
  }

  // Below this site's results: a button per other shard; pressed, that shard's first screen of
  // results (ranked as this site's) takes its place, under a line naming the shard.
  function offerShards(terms, ticket) {
    return otherShards().then(function (others) {
      if (ticket !== latest || !others.length) return;
      var li = document.createElement("li");
      li.className = "gk-search-elsewhere gk-search-shards";
      var label = document.createElement("span");
      label.textContent = "在其他地区的网站中搜索：";
      li.append(label);
      others.forEach(function (other) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = shardName(other);
        button.addEventListener("click", function () {
          button.disabled = true;
          searchShard(other, terms, ticket, button);
        });
        li.append(button);
      });
      list.append(li);
    });
  }

  function searchShard(other, terms, ticket, button) {
    var site = new URL(other.name + "/", domain);
    shardIndex(other.name).then(function (pf) {
      return find(pf, terms);
    }).then(function (found) {
      return Promise.all(found.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (data) { return { count: found.length, data: data }; });
    }).then(function (result) {
      if (ticket !== latest) return;
      var shown = rank(terms, result.data, false).kept;
      var head = document.createElement("li");
      head.className = "gk-search-elsewhere gk-search-shard-head";
      var link = document.createElement("a");
      link.href = site.href;
      link.textContent = shardName(other);
      head.append(link, document.createTextNode(
        shown.length ? "：" + result.count + " 个结果" + (result.count > shown.length
          ? "，这里显示前 " + shown.length + " 个" : "") : "：没有找到符合条件的结果"));
      var bar = list.querySelector(".gk-search-shards");
      list.insertBefore(head, bar);
      shown.forEach(function (data) {
        var li = item(data);
        li.classList.add("gk-search-elsewhere");
        list.insertBefore(li, bar);
      });
      button.remove();
      if (bar && !bar.querySelector("button")) bar.remove();
    }).catch(function () {
      if (ticket !== latest) return;
      button.disabled = false;
      button.textContent = shardName(other) + "（无法读取，再试一次）";
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
  list.addEventListener("click", function (event) {
    if (event.target.closest(".gk-search-more, .gk-search-shards")) return; // not a result
    if (toggle) toggle.checked = false;
  });
})();
