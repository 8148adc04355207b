/* bulletin search: queries the index that `bulletin build` writes under
   /search/ (see generator/search). The tokenizer below repeats
   generator/search.Tokens; both are tested against
   generator/search/testdata/tokens.json. Without JavaScript the search
   page shows links to the lists instead. */
(function () {
  "use strict";

  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  var WORD = /[\p{L}\p{Nd}\p{M}]/u;
  var DIGIT = /^\p{Nd}+$/u;

  function isCJK(c) { return CJK.test(c); }
  function isWord(c) { return !isCJK(c) && WORD.test(c); }

  // tokenize splits text into search terms exactly as Tokens does in Go.
  function tokenize(text) {
    var cs = Array.from(text.normalize("NFKC").toLowerCase());
    var out = [];
    var i = 0, j, k;
    while (i < cs.length) {
      if (isCJK(cs[i])) {
        for (j = i; j < cs.length && isCJK(cs[j]); j++) {}
        for (k = i; k + 1 < j; k++) out.push(cs[k] + cs[k + 1]);
        out.push(cs[j - 1]);
        i = j;
      } else if (isWord(cs[i])) {
        for (j = i; j < cs.length && isWord(cs[j]); j++) {}
        var w = cs.slice(i, j).join("");
        out.push(w);
        if (j < cs.length && isCJK(cs[j]) && DIGIT.test(w)) out.push(w + cs[j]);
        i = j;
      } else {
        i++;
      }
    }
    return out;
  }

  // queryTerms returns the distinct terms a query must match, as
  // QueryTerms does in Go: the last character of a run of two or more
  // Chinese characters is left out, its run's last pair covers it.
  function queryTerms(q) {
    var tokens = tokenize(q), out = [];
    tokens.forEach(function (t, i) {
      var cs = Array.from(t);
      if (i > 0 && cs.length === 1 && isCJK(cs[0])) {
        var p = Array.from(tokens[i - 1]);
        if (p.length === 2 && p[1] === t && isCJK(p[0])) return;
      }
      out.push(t);
    });
    return Array.from(new Set(out)).sort(compare);
  }

  // compare orders strings by code point, as Go sorts the index's terms.
  function compare(a, b) {
    var x = Array.from(a), y = Array.from(b);
    for (var i = 0; i < x.length && i < y.length; i++) {
      var d = x[i].codePointAt(0) - y[i].codePointAt(0);
      if (d !== 0) return d;
    }
    return x.length - y.length;
  }

  function startsWith(s, p) { return s.slice(0, p.length) === p; }

  // Index reads the manifest at url and fetches shards and records as a
  // query needs them, each once.
  function Index(url, manifest, fetchText) {
    this.base = url.slice(0, url.lastIndexOf("/") + 1);
    this.m = manifest;
    this.fetchText = fetchText;
    this.files = {};
  }

  Index.prototype.file = function (name) {
    if (!this.files[name]) this.files[name] = this.fetchText(this.base + name);
    return this.files[name];
  };

  // shardsFor lists the shards that may hold terms starting with t.
  Index.prototype.shardsFor = function (t) {
    var sh = this.m.shards, lo = 0, hi = sh.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(sh[mid].first, t) > 0) hi = mid; else lo = mid + 1;
    }
    var out = [];
    for (var i = Math.max(lo - 1, 0); i < sh.length; i++) {
      if (out.length > 0 && !startsWith(sh[i].first, t)) break;
      out.push(sh[i].file);
    }
    return out;
  };

  // The impact levels, as generator/search writes them.
  var IMPACT_LEVELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var IMPACT_STEP = 1.075;

  // postings resolves to a Map of document → summed impact of the terms
  // that start with t (exactly t when exact).
  Index.prototype.postings = function (t, exact) {
    var self = this;
    return Promise.all(this.shardsFor(t).map(function (f) { return self.file(f); })).then(function (texts) {
      var out = new Map();
      texts.forEach(function (text) {
        text.split("\n").forEach(function (line) {
          var tab = line.indexOf("\t");
          if (tab < 0) return;
          var term = line.slice(0, tab);
          if (exact ? term !== t : !startsWith(term, t)) return;
          // Each posting: its impact's level (one character, but for a
          // facet term), then its base-36 document gap.
          var doc = 0, facet = term.charAt(0) === "~";
          line.slice(tab + 1).split(",").forEach(function (p) {
            var imp = 0;
            if (!facet) {
              imp = Math.round(10 * Math.pow(IMPACT_STEP, IMPACT_LEVELS.indexOf(p.charAt(0))));
              p = p.slice(1);
            }
            doc += parseInt(p, 36);
            out.set(doc, (out.get(doc) || 0) + imp);
          });
        });
      });
      return out;
    });
  };

  // search resolves to the ranked hits of q, as Index.Search does in Go:
  // every term first, then in force, then score, then newest.
  Index.prototype.search = function (q, filter) {
    var self = this, n = this.m.docs;
    var terms = queryTerms(q);
    if (terms.length === 0) return Promise.resolve([]);
    var facets = [["~d:", filter.department], ["~c:", filter.category], ["~y:", filter.year]].filter(function (f) { return f[1]; });
    return Promise.all(terms.map(function (t) { return self.postings(t, false); }).concat(
      facets.map(function (f) { return self.postings(f[0] + f[1], true); }))).then(function (lists) {
      var hits = new Map();
      lists.slice(0, terms.length).forEach(function (ps) {
        var idf = Math.log(1 + (n - ps.size + 0.5) / (ps.size + 0.5));
        ps.forEach(function (imp, doc) {
          var h = hits.get(doc);
          if (!h) { h = { doc: doc, matched: 0, score: 0 }; hits.set(doc, h); }
          h.matched++;
          h.score += idf * imp / 100;
        });
      });
      lists.slice(terms.length).forEach(function (ps) {
        hits.forEach(function (h, doc) { if (!ps.has(doc)) hits.delete(doc); });
      });
      var inForce = self.m.in_force;
      return Array.from(hits.values()).sort(function (a, b) {
        if (a.matched !== b.matched) return b.matched - a.matched;
        if ((a.doc < inForce) !== (b.doc < inForce)) return a.doc < inForce ? -1 : 1;
        if (a.score !== b.score) return b.score - a.score;
        return a.doc - b.doc;
      }).map(function (h) { h.all = h.matched === terms.length; return h; });
    });
  };

  // record resolves to a document's record:
  // [url, title, date, department, category, state, excerpt].
  Index.prototype.record = function (doc) {
    // The record files' names come in pages of page_per names.
    var self = this, per = this.m.records_per, file = Math.floor(doc / per);
    return this.file(this.m.record_pages[Math.floor(file / this.m.page_per)]).then(function (page) {
      return self.file(JSON.parse(page)[file % self.m.page_per]);
    }).then(function (text) {
      return JSON.parse(text)[doc % per];
    });
  };

  // mark appends text to el with the first match of any word of q
  // wrapped in <mark>.
  function mark(el, text, q) {
    var folded = text.normalize("NFKC").toLowerCase();
    var words = q.normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean);
    var best = -1, len = 0;
    words.forEach(function (w) {
      var i = folded.indexOf(w);
      if (i >= 0 && (best < 0 || i < best)) { best = i; len = w.length; }
    });
    // NFKC may change lengths; mark only when the folded text lines up.
    if (best < 0 || folded.length !== text.length) { el.appendChild(document.createTextNode(text)); return; }
    el.appendChild(document.createTextNode(text.slice(0, best)));
    var m = document.createElement("mark");
    m.textContent = text.slice(best, best + len);
    el.appendChild(m);
    el.appendChild(document.createTextNode(text.slice(best + len)));
  }

  // longDate writes a date (2006-01-02) as the page's language does
  // (2021年1月12日), as the lists around it show dates.
  function longDate(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || undefined,
        { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" }).format(new Date(iso + "T00:00:00Z"));
    } catch (e) {
      return iso;
    }
  }

  function format(s, v) { return s.replace(/%[sd]/, String(v)); }

  function fetchText(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.text();
    });
  }

  function page() {
    var form = document.getElementById("search");
    if (!form) return;
    var d = form.dataset;
    var input = document.getElementById("search-q");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var selects = {
      department: document.getElementById("search-department"),
      category: document.getElementById("search-category"),
      year: document.getElementById("search-year")
    };
    document.getElementById("search-nojs").hidden = true;
    var params = new URLSearchParams(location.search);
    var q = params.get("q") || "";
    var filter = {};
    Object.keys(selects).forEach(function (k) { filter[k] = params.get(k) || ""; });
    input.value = q;

    fetchText(d.index).then(function (text) {
      var m = JSON.parse(text);
      var x = new Index(d.index, m, fetchText);
      Object.keys(selects).forEach(function (k) {
        (m.facets[k] || []).forEach(function (v) {
          var o = document.createElement("option");
          o.value = o.textContent = v;
          if (v === filter[k]) o.selected = true;
          selects[k].appendChild(o);
        });
      });
      form.querySelector(".search-filters").hidden = false;
      if (!q.trim()) return;
      status.textContent = d.loading;
      return x.search(q, filter).then(function (hits) { show(x, hits); });
    }).catch(function () { status.textContent = d.failed; });

    function show(x, hits) {
      var full = hits.filter(function (h) { return h.all; }).length;
      // Partial matches are shown, below a heading, but never counted as
      // finding the query.
      status.textContent = full === 0 ? format(d.none, q) : format(d.count, full);
      if (hits.length === 0) return;
      var shown = 0, partialShown = false;
      function next() {
        var batch = hits.slice(shown, shown + 10);
        shown += batch.length;
        more.hidden = shown >= hits.length;
        return Promise.all(batch.map(function (h) { return x.record(h.doc); })).then(function (recs) {
          recs.forEach(function (r, i) {
            if (!batch[i].all && !partialShown) {
              partialShown = true;
              var p = document.createElement("li");
              p.className = "search-partial";
              p.textContent = d.partial;
              list.appendChild(p);
            }
            list.appendChild(item(r, d, q));
          });
        });
      }
      more.onclick = function () {
        var first = list.children.length;
        next().then(function () {
          var a = list.children[first] && list.children[first].querySelector("a");
          if (a) a.focus();
        });
      };
      return next();
    }
  }

  function item(r, d, q) {
    var li = document.createElement("li");
    li.className = "item";
    var title = document.createElement("p");
    title.className = "item-title";
    var a = document.createElement("a");
    a.href = r[0];
    mark(a, r[1], q);
    title.appendChild(a);
    if (r[5]) {
      var badge = document.createElement("span");
      badge.className = "badge badge-" + r[5];
      badge.textContent = d[r[5]] || r[5];
      title.appendChild(document.createTextNode(" "));
      title.appendChild(badge);
    }
    li.appendChild(title);
    var meta = document.createElement("p");
    meta.className = "item-meta";
    if (r[2]) {
      var t = document.createElement("time");
      t.dateTime = r[2];
      t.textContent = longDate(r[2]);
      meta.appendChild(t);
    }
    if (r[3]) {
      var dept = document.createElement("span");
      dept.className = "item-dept";
      dept.textContent = r[3];
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(dept);
    }
    li.appendChild(meta);
    if (r[6]) {
      var s = document.createElement("p");
      s.className = "item-summary";
      mark(s, r[6], q);
      li.appendChild(s);
    }
    return li;
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { tokenize: tokenize, queryTerms: queryTerms, compare: compare, Index: Index };
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", page);
  } else {
    page();
  }
})();
