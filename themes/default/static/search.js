/* sotay search: ranks the documents of tim-kiem/index.js (src/render/search/) for what a citizen
 * types, with or without Vietnamese diacritics.
 * - Text and query are cut into syllables the same way (tokens; src/render/search/tokens.rs):
 *   folded (no marks, đ → d, lower case) and as written; a code's pieces also run together, so
 *   "QT07", "QT-07", "1004518" and "1.004518" find the same document.
 * - Every query word found counts by the weight of the field it is in; documents holding more of
 *   the words come first; exact diacritics count double; words side by side count more; function
 *   words ("thủ tục", "của", "xin"…) only break ties. The last word, while it is not a whole word
 *   of the index, also finds the words it begins.
 * - A word of 3+ letters the index does not hold finds the index's words one edit away, and the
 *   page offers the corrected query ("did you mean").
 * - "Quoted words" must stand together.
 * A large site's index comes in parts (term shards, document chunks, vocabulary) loaded as a
 * query needs them. The functions before the DOM part are tested with node (tests/search.rs,
 * tests/search_relevance.rs). */
(function (root) {
  "use strict";

  var MARKS = /\p{M}/gu;
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u;
  var JOINER = /[.\/\-:_\u2010\u2013]/;
  var LETTERS = /^\p{Alphabetic}+$/u;
  var MAX_QUERY = 200, MAX_TERMS = 10, MAX_JOINED = 6, MAX_PREFIX = 60, MAX_CANDIDATES = 3, MAX_CHECKED = 2000;
  /* Function words of procedure queries, folded, and pairs of them: words of questions ("bao
   * lâu", "ở đâu", "thì") and what every procedure has ("thủ tục", "nộp", "hồ sơ"). */
  var STOP = ["cua", "cho", "va", "ve", "xin", "lam", "de", "la", "co", "can", "cac", "nhung", "mot",
    "toi", "muon", "o", "dau", "sao", "nao", "gi", "the", "nhu", "tai", "voi", "hoac", "duoc", "ra", "em",
    "thi", "khi", "nop", "gom", "lau"];
  var STOP_PAIRS = ["thu tuc", "quy trinh", "hanh chinh", "ho so", "bao lau"];

  function fold(text) {
    return String(text).normalize("NFD").replace(MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  /* The text with lone surrogates replaced, in NFC: safe to fold, show and put in a URL. */
  function clean(text) {
    return String(text).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "$1\uFFFD").normalize("NFC");
  }

  /* The tokens of `text`, as tokens.rs cuts them, with where each starts and ends in `text`. */
  function tokens(text) {
    var out = [], position = 0, i = 0, n = text.length, chunk = -1;
    while (i < n) {
      /* A chunk: a run of word characters and joiners. */
      var start = i;
      while (i < n && (isWord(text, i) || JOINER.test(text[i]))) { i += charLength(text, i); }
      if (i === start) { i += charLength(text, i); continue; }
      var pieces = [], j = start;
      while (j < i) {
        if (JOINER.test(text[j])) { j++; continue; }
        var s = j;
        while (j < i && !JOINER.test(text[j])) { j += charLength(text, j); }
        pieces.push([s, j]);
      }
      var joined = "", first = position;
      chunk++;
      pieces.forEach(function (p, k) {
        var piece = text.slice(p[0], p[1]), folded = fold(piece);
        if (k === 0) { joined = folded; } else if (k < MAX_JOINED) {
          joined += folded;
          out.push({ folded: joined, exact: "", position: first, start: pieces[0][0], end: p[1], chunk: chunk });
        }
        out.push({ folded: folded, exact: piece.toLowerCase(), position: position, start: p[0], end: p[1], chunk: chunk });
        position++;
      });
    }
    return out;
  }
  function charLength(text, i) {
    var c = text.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  function isWord(text, i) { return WORD.test(text.slice(i, i + charLength(text, i))); }

  /* The query's terms: a term per syllable (a code as one term), marked when it is a function
   * word, belongs to a quoted phrase, or is the last word still being typed. */
  function parse(query) {
    var text = clean(query).slice(0, MAX_QUERY), terms = [], phrase = 0, parts = text.split('"');
    parts.forEach(function (part, k) {
      var quoted = k % 2 === 1 && part.trim() !== "", groups = [];
      if (quoted) { phrase++; }
      tokens(part).forEach(function (t) { (groups[t.chunk] = groups[t.chunk] || []).push(t); });
      groups.forEach(function (group) {
        var joined = group.filter(function (t) { return !t.exact; });
        var t = joined.length ? joined[joined.length - 1] : group[0];
        terms.push({ folded: t.folded, exact: t.exact, code: joined.length > 0, phrase: quoted ? phrase : 0,
          last: k === parts.length - 1 && group[group.length - 1].end === part.length });
      });
    });
    terms = terms.slice(0, MAX_TERMS);
    var last = terms[terms.length - 1];
    if (last && last.last && !last.code && !last.phrase && LETTERS.test(last.folded) && last.folded.length >= 2) { last.typing = true; }
    var folded = terms.map(function (t) { return t.folded; });
    terms.forEach(function (t, i) {
      var pair = (i > 0 && STOP_PAIRS.indexOf(folded[i - 1] + " " + t.folded) !== -1) ||
        (i + 1 < terms.length && STOP_PAIRS.indexOf(t.folded + " " + folded[i + 1]) !== -1);
      t.stop = !t.phrase && !t.code && (pair || STOP.indexOf(t.folded) !== -1);
    });
    if (terms.every(function (t) { return t.stop; })) { terms.forEach(function (t) { t.stop = false; }); }
    return terms;
  }

  /* Damerau distance at most one between two words. */
  function oneEdit(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i++; }
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* A searcher over an index: inline (docs and terms in index.js) or in parts fetched with
   * `load(name, done)`, `done(data)` with the part's object, or nothing when it failed. */
  function open(index, load) {
    var parts = {}, sorted = {};
    var inline = index && index.terms && index.docs;
    if (inline) { parts.t0 = { terms: index.terms }; parts.d0 = { docs: index.docs }; }
    var shards = inline ? [""] : (index && index.shards) || [];
    var chunk = inline ? Math.max(1, index.docs.length) : (index && index.chunk) || 1;
    var docCount = inline ? index.docs.length : Math.max(0, Math.min((index && index.n) || 0, 1e7));

    function need(names, then) {
      var missing = names.filter(function (n, i) { return !own(parts, n) && names.indexOf(n) === i; });
      if (!missing.length) { then(); return; }
      var left = missing.length;
      missing.forEach(function (name) {
        load(name, function (data) {
          parts[name] = data || {};
          if (--left === 0) { then(); }
        });
      });
    }
    /* The shard that holds `term`: the last whose first term is not after it. */
    function shardOf(term) {
      var lo = 0, hi = shards.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (shards[mid] <= term) { lo = mid; } else { hi = mid - 1; }
      }
      return "t" + lo;
    }
    function shardsFrom(prefix) {
      var names = [shardOf(prefix)], end = prefix + "\uffff";
      for (var i = 0; i < shards.length; i++) { if (shards[i] > prefix && shards[i] < end) { names.push("t" + i); } }
      return names;
    }
    /* A token's postings, each `[exact, doc, weight, positions…]`, read once from the flat lists
     * of files.rs: `[exact, [doc step, weight, count, position steps…]…, …]`. */
    var decoded = new Map();
    function postings(term) {
      if (decoded.has(term)) { return decoded.get(term); }
      var shard = parts[shardOf(term)], terms = shard && shard.terms;
      var value = terms && own(terms, term) ? terms[term] : null, out = null;
      if (Array.isArray(value)) {
        out = [];
        for (var k = 0; k + 1 < value.length; k += 2) {
          var flat = value[k + 1], doc = 0, i = 0;
          while (Array.isArray(flat) && i + 2 < flat.length) {
            doc += flat[i];
            var entry = [String(value[k]), doc, flat[i + 1]], count = flat[i + 2], at = 0;
            for (var j = 0; j < count && i + 3 + j < flat.length; j++) { at += flat[i + 3 + j]; entry.push(at); }
            out.push(entry);
            i += 3 + (count > 0 ? count : 0);
          }
        }
      }
      if (shard) { decoded.set(term, out); }
      return out;
    }
    function withPrefix(prefix) {
      var out = [];
      shardsFrom(prefix).forEach(function (name) {
        var terms = parts[name] && parts[name].terms;
        if (!terms) { return; }
        if (!sorted[name]) { sorted[name] = Object.keys(terms).sort(); }
        var keys = sorted[name], lo = 0, hi = keys.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < prefix) { lo = mid + 1; } else { hi = mid; } }
        for (var i = lo; i < keys.length && keys[i].lastIndexOf(prefix, 0) === 0 && out.length < MAX_PREFIX; i++) {
          if (keys[i] !== prefix) { out.push(keys[i]); }
        }
      });
      return out;
    }
    function vocabulary() {
      if (inline) { return Object.keys(index.terms).filter(function (t) { return t.length >= 3 && LETTERS.test(t); }); }
      return (parts.v && parts.v.vocab) || [];
    }
    function doc(i) {
      var c = parts["d" + Math.floor(i / chunk)];
      return c && c.docs ? c.docs[i % chunk] : null;
    }

    function query(text, limit, done) {
      var terms = parse(text);
      if (!terms.length || !shards.length) { done({ results: [], suggestion: null }); return; }
      var first = [];
      terms.forEach(function (t) { first = first.concat(t.typing ? shardsFrom(t.folded) : [shardOf(t.folded)]); });
      need(first, function () {
        terms.forEach(function (t) {
          t.matches = [];
          if (postings(t.folded)) { t.matches.push({ term: t.folded, factor: 1 }); }
          if (t.typing && !t.matches.length) {
            withPrefix(t.folded).forEach(function (w) { t.matches.push({ term: w, factor: 0.6 }); });
          }
        });
        var unknown = terms.filter(function (t) { return !t.matches.length && !t.stop && !t.code && t.folded.length >= 3 && LETTERS.test(t.folded); });
        if (!unknown.length) { finish(terms, limit, null, done); return; }
        need(inline ? [] : ["v"], function () {
          var words = vocabulary();
          unknown.forEach(function (t) {
            t.candidates = words.filter(function (w) { return oneEdit(t.folded, w); });
          });
          var more = [];
          unknown.forEach(function (t) { t.candidates.forEach(function (w) { more.push(shardOf(w)); }); });
          need(more, function () { correct(terms, unknown); finish(terms, limit, true, done); });
        });
      });
    }

    /* How to show `term` in a suggestion: folded when the reader typed without diacritics, else
     * as the index writes it most often. */
    function written(term, typed) {
      if (typed.exact === typed.folded) { return term; }
      var count = {};
      (postings(term) || []).forEach(function (p) { if (p[0]) { count[p[0]] = (count[p[0]] || 0) + 1; } });
      return Object.keys(count).sort(function (a, b) { return count[b] - count[a] || (a < b ? -1 : 1); })[0] || term;
    }

    /* Each unknown word's best candidate: in a query of several words, one found right next to a
     * neighbouring word of the query somewhere ("bux xa" → "bức xạ"), so a real word the index
     * lacks ("khai sinh") is not bent into another; then the one found in most documents. */
    function correct(terms, unknown) {
      unknown.forEach(function (t) {
        var at = terms.indexOf(t), content = terms.filter(function (o) { return !o.stop; }).length;
        /* Per document, the positions where the unknown word would stand beside a neighbour. */
        var wanted = new Map();
        [at - 1, at + 1].forEach(function (k) {
          var o = terms[k];
          if (!o) { return; }
          o.matches.forEach(function (m) {
            (postings(m.term) || []).forEach(function (q) {
              var list = wanted.get(q[1]) || [];
              for (var x = 3; x < q.length; x++) { list.push(q[x] + (k < at ? 1 : -1)); }
              wanted.set(q[1], list);
            });
          });
        });
        var ranked = t.candidates.map(function (w) {
          var list = postings(w) || [], docs = {}, beside = 0;
          list.forEach(function (p) {
            docs[p[1]] = true;
            var near = wanted.get(p[1]);
            if (near && p.slice(3).some(function (x) { return near.indexOf(x) !== -1; })) { beside++; }
          });
          return { term: w, beside: beside, count: Object.keys(docs).length };
        }).filter(function (c) { return c.beside > 0 || content === 1; })
          .sort(function (a, b) { return b.beside - a.beside || b.count - a.count || (a.term < b.term ? -1 : 1); });
        t.corrected = ranked.length ? written(ranked[0].term, t) : null;
        ranked.slice(0, MAX_CANDIDATES).forEach(function (c) { t.matches.push({ term: c.term, factor: 0.5, typo: true }); });
      });
    }

    function finish(terms, limit, corrected, done) {
      var ranked = rank(terms, limit || 50);
      var top = ranked.slice(0, limit || 50);
      var chunks = top.map(function (r) { return "d" + Math.floor(r.doc / chunk); });
      need(chunks, function () {
        var results = [];
        top.forEach(function (r) {
          var d = doc(r.doc);
          if (d) { results.push({ doc: d, score: r.score, coverage: r.coverage, snippet: snippet(d, terms) }); }
        });
        done({ results: results, total: ranked.length, suggestion: corrected ? suggestion(terms) : null });
      });
    }

    /* Per document: how many of the query's words it holds, and its score; best first. Words side
     * by side add at most the document's score again, so only documents that can still reach
     * the first `limit` are checked for them, at most MAX_CHECKED (every one when the query
     * quotes a phrase, which they must hold). */
    function rank(terms, limit) {
      var n = terms.length, best = new Float64Array(docCount * n), seen = new Uint8Array(docCount), touched = [];
      terms.forEach(function (t, i) {
        var typedExact = t.exact && t.exact !== t.folded ? t.exact : null;
        t.matches.forEach(function (m) {
          (postings(m.term) || []).forEach(function (p) {
            var doc = p[1];
            if (!(doc >= 0 && doc < docCount)) { return; }
            if (!seen[doc]) { seen[doc] = 1; touched.push(doc); }
            var value = p[2] * m.factor * (typedExact && p[0] === typedExact ? 2 : 1);
            if (value > best[doc * n + i]) { best[doc * n + i] = value; }
          });
        });
      });
      var content = terms.filter(function (t) { return !t.stop; }).length;
      var needed = content <= 2 ? content : Math.ceil((content + 1) / 2);
      var phrases = terms.some(function (t) { return t.phrase; });
      var out = [];
      touched.forEach(function (doc) {
        var coverage = 0, score = 0, whole = true;
        terms.forEach(function (t, i) {
          var value = best[doc * n + i];
          if (!(value > 0)) { if (t.phrase) { whole = false; } return; }
          if (t.stop) { score += value * 0.1; } else { coverage++; score += value; }
        });
        if (whole && coverage >= needed && coverage > 0) { out.push({ doc: doc, coverage: coverage, score: score }); }
      });
      var order = function (a, b) { return b.coverage - a.coverage || b.score - a.score || a.doc - b.doc; };
      out.sort(order);
      var last = out[Math.min(limit, out.length) - 1], checked = out.length;
      if (!phrases && last) {
        checked = 0;
        while (checked < out.length && (out[checked].coverage > last.coverage ||
          (out[checked].coverage === last.coverage && 2 * out[checked].score >= last.score))) { checked++; }
        /* Thousands of documents alike (a generic query on a large site): the first of them. */
        checked = Math.min(checked, MAX_CHECKED);
      }
      var head = out.slice(0, checked).filter(function (r) { return together(terms, r, best); });
      return head.sort(order).concat(out.slice(checked));
    }

    /* A word's postings in one document, by document (made once per word). */
    var grouped = new Map();
    function inDoc(term, doc) {
      var map = grouped.get(term);
      if (!map) {
        map = new Map();
        (postings(term) || []).forEach(function (p) {
          var list = map.get(p[1]);
          if (list) { list.push(p); } else { map.set(p[1], [p]); }
        });
        grouped.set(term, map);
      }
      return map.get(doc) || [];
    }
    function found(t, doc) {
      var out = [];
      t.matches.forEach(function (m) { out = out.concat(inDoc(m.term, doc)); });
      return out;
    }

    /* Adds to `r`'s score for each pair of query words side by side in its document; false when a
     * quoted phrase's words are not. */
    function together(terms, r, best) {
      var n = terms.length, b = found(terms[0], r.doc);
      for (var i = 0; i + 1 < n; i++) {
        var a = b, beside = false;
        b = found(terms[i + 1], r.doc);
        if (a.length && b.length) {
          beside = a.some(function (p) {
            return b.some(function (q) {
              for (var x = 3; x < p.length; x++) { if (q.indexOf(p[x] + 1, 3) !== -1) { return true; } }
              return false;
            });
          });
        }
        if (beside) { r.score += (best[r.doc * n + i] + best[r.doc * n + i + 1]) / 2; } else if (terms[i].phrase && terms[i].phrase === terms[i + 1].phrase) { return false; }
      }
      return true;
    }

    return { query: query };
  }

  /* The query again with its unknown words corrected. */
  function suggestion(terms) {
    if (!terms.some(function (t) { return t.corrected; })) { return null; }
    return terms.map(function (t) { return t.corrected || t.exact || t.folded; }).join(" ");
  }

  /* Which of the query's words `token` is. */
  function matchesToken(token, terms) {
    return terms.some(function (t) {
      return (t.matches || []).some(function (m) { return m.term === token.folded; });
    });
  }

  /* About 160 characters of the document's best text (not its title), split into plain and
   * marked pieces; the best text holds the most query words, then has the heavier field. */
  function snippet(doc, terms) {
    var best = null;
    (doc.x || []).forEach(function (entry) {
      if (entry[0] <= 1) { return; }
      var text = String(entry[1]), found = tokens(text).filter(function (t) { return matchesToken(t, terms); });
      if (!found.length) { return; }
      var distinct = {};
      found.forEach(function (t) { distinct[t.folded] = true; });
      var count = Object.keys(distinct).length;
      if (!best || count > best.count) { best = { text: text, found: found, count: count }; }
    });
    if (!best) { return null; }
    var source = best.text, at = best.found[0].start;
    var from = Math.max(0, at - 60), to = Math.min(source.length, at + 100);
    if (from > 0) { var space = source.slice(from, at).search(/\s/); from = space === -1 ? at : from + space + 1; }
    if (to < source.length) { var lastSpace = source.slice(at, to).search(/\s\S*$/); if (lastSpace > 0) { to = at + lastSpace; } }
    var pieces = [], cursor = from;
    best.found.forEach(function (t) {
      if (t.start < cursor || t.end > to) { return; }
      pieces.push({ text: source.slice(cursor, t.start), mark: false });
      pieces.push({ text: source.slice(t.start, t.end), mark: true });
      cursor = t.end;
    });
    pieces.push({ text: source.slice(cursor, to), mark: false });
    if (from > 0) { pieces[0].text = "… " + pieces[0].text; }
    if (to < source.length) { pieces[pieces.length - 1].text += " …"; }
    return pieces;
  }

  var api = { fold: fold, clean: clean, tokens: tokens, parse: parse, open: open, oneEdit: oneEdit };
  root.SotaySearch = api;

  if (typeof document === "undefined") { return; }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }

  /* The search page: load the index on first use, search on submit, keep ?q= in the address. */
  function start() {
    var form = document.getElementById("tim-kiem-form");
    var input = document.getElementById("tim-kiem-q");
    var output = document.getElementById("ket-qua");
    var status = document.getElementById("tim-kiem-trang-thai");
    var suggest = document.getElementById("tim-kiem-goi-y");
    var empty = document.getElementById("tim-kiem-khong-thay");
    if (!form || !input || !output || !status) { return; }
    var indexUrl = form.getAttribute("data-index") || "index.js";
    var folder = indexUrl.slice(0, indexUrl.lastIndexOf("/") + 1);
    var searcher = null, waiting = null;
    function script(src, then) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = function () { then(true); };
      tag.onerror = function () { then(false); };
      document.head.appendChild(tag);
    }
    function failed() { status.textContent = form.getAttribute("data-failed") || "Không tải được chỉ mục tìm kiếm."; }
    function withSearcher(then) {
      if (searcher) { then(searcher); return; }
      if (waiting) { waiting.push(then); return; }
      waiting = [then];
      script(indexUrl, function (ok) {
        if (!ok || !root.SOTAY_SEARCH_INDEX) { failed(); return; }
        searcher = open(root.SOTAY_SEARCH_INDEX, function (name, done) {
          script(folder + name + ".js", function (loaded) {
            var parts = root.SOTAY_SEARCH_PARTS || {};
            if (!loaded) { failed(); }
            done(loaded && own(parts, name) ? parts[name] : null);
          });
        });
        waiting.forEach(function (f) { f(searcher); });
      });
    }
    function show(query) {
      var typed = clean(query).trim().slice(0, MAX_QUERY);
      withSearcher(function (s) {
        s.query(typed, 50, function (answer) { render(typed, answer); });
      });
    }
    function render(typed, answer) {
      var results = answer.results;
      output.textContent = "";
      var words = form.getAttribute("data-results") || "{count} kết quả cho “{query}”";
      status.textContent = typed ? words.replace("{count}", String(results.length)).replace("{query}", function () { return typed; }) : "";
      if (suggest) {
        suggest.hidden = !answer.suggestion;
        var link = suggest.querySelector("a");
        if (answer.suggestion && link) {
          link.textContent = answer.suggestion;
          link.href = "?q=" + encodeURIComponent(answer.suggestion);
        }
      }
      if (empty) { empty.hidden = !typed || results.length > 0; }
      results.forEach(function (r) { output.appendChild(item(r)); });
    }
    function item(r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      /* A portal's entry of an agency published elsewhere carries its absolute address. */
      a.href = /^https?:\/\//.test(r.doc.u) ? r.doc.u : "../" + r.doc.u;
      /* A translation: its entry is in its own language. */
      if (r.doc.g) { li.lang = r.doc.g; a.hreflang = r.doc.g; }
      a.textContent = (r.doc.c && r.doc.t.indexOf(r.doc.c) === -1 ? r.doc.c + " " : "") + r.doc.t;
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = r.doc.k;
      li.appendChild(kind);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(a);
      /* A portal's index names each entry's agency. */
      if (r.doc.a) {
        var agency = document.createElement("span");
        agency.className = "result-agency";
        agency.textContent = r.doc.a;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(agency);
      }
      if (r.snippet) {
        var p = document.createElement("p");
        r.snippet.forEach(function (piece) {
          var node = piece.mark ? document.createElement("mark") : document.createTextNode(piece.text);
          if (piece.mark) { node.textContent = piece.text; }
          p.appendChild(node);
        });
        li.appendChild(p);
      }
      return li;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
      if (root.history && root.history.replaceState) {
        root.history.replaceState(null, "", "?q=" + encodeURIComponent(clean(input.value)));
      }
    });
    var initial = new URLSearchParams(root.location.search).get("q");
    if (initial) { input.value = clean(initial).slice(0, MAX_QUERY); show(initial); }
  }
})(typeof window !== "undefined" ? window : globalThis);
