/* sotay search: finds documents in tim-kiem/index.js, with or without Vietnamese diacritics.
 * Folding removes combining marks after NFD and maps đ/Đ to d, so "giay phep" finds "giấy phép"
 * and "quyet dinh" finds "quyết định"; a query typed with its diacritics ranks exact matches
 * higher. "Quoted words" must appear together. The index loads only when a reader searches.
 * The functions at the top have no DOM and are tested with node (tests/search.rs). */
(function (root) {
  "use strict";

  var MARKS = /[\u0300-\u036f]/g;

  /* One character folded: lower case, no diacritics, đ → d. */
  function foldChar(c) {
    return c.normalize("NFD").replace(MARKS, "").replace(/[đĐ]/g, "d").toLowerCase();
  }

  /* Text folded, and for each folded character the index of the character it came from. */
  function foldMap(text) {
    var folded = "", origin = [], chars = Array.from(text.normalize("NFC"));
    var offset = 0;
    for (var i = 0; i < chars.length; i++) {
      var f = foldChar(chars[i]);
      for (var j = 0; j < f.length; j++) { folded += f[j]; origin.push(offset); }
      offset += chars[i].length;
    }
    return { text: folded, origin: origin, source: chars.join("") };
  }

  function fold(text) { return foldMap(text).text; }

  /* The query's parts: quoted phrases and single words, folded and as typed. */
  function parse(query) {
    var parts = [], re = /"([^"]+)"|(\S+)/g, m;
    var nfc = query.normalize("NFC");
    while ((m = re.exec(nfc)) !== null) {
      var typed = (m[1] || m[2]).trim().toLowerCase();
      var folded = fold(typed).replace(/[^\p{L}\p{N}\s./-]/gu, " ").replace(/\s+/g, " ").trim();
      if (folded) { parts.push({ folded: folded, typed: typed, phrase: Boolean(m[1]) }); }
    }
    return parts;
  }

  var FIELDS = [["t", 10], ["c", 8], ["h", 8], ["l", 5], ["f", 4], ["d", 3], ["s", 2]];
  /* Which fields give the snippet, best first (the title is shown anyway). */
  var SNIPPET_RANK = { s: 0, d: 1, l: 2, f: 3, h: 4, c: 5 };

  function fieldTexts(doc, key) {
    var value = doc[key];
    if (value === undefined || value === null) { return []; }
    return Array.isArray(value) ? value : [value];
  }

  var WORD = /[\p{L}\p{N}]/u;

  /* Where `part` occurs in folded text, at the start of a word; a number must be a whole
   * number ("4" is not found in "45"). */
  function find(folded, part) {
    var at = -1, from = 0, whole = /\p{N}$/u.test(part);
    while ((at = folded.indexOf(part, from)) !== -1) {
      var before = at === 0 ? " " : folded[at - 1];
      var after = folded[at + part.length] || " ";
      if (!WORD.test(before) && (!whole || !/\p{N}/u.test(after))) { return at; }
      from = at + 1;
    }
    return -1;
  }

  /* Documents matching every part, best first, each with its score and a snippet. */
  function search(index, query, limit) {
    var parts = parse(query);
    if (!parts.length) { return []; }
    var whole = parts.map(function (p) { return p.folded; }).join(" ");
    var results = [];
    index.docs.forEach(function (doc, order) {
      var score = 0, best = null;
      var found = parts.map(function () { return false; });
      FIELDS.forEach(function (field) {
        fieldTexts(doc, field[0]).forEach(function (text) {
          var map = foldMap(String(text)), lower = map.source.toLowerCase();
          parts.forEach(function (part, i) {
            var at = find(map.text, part.folded);
            if (at === -1) { return; }
            found[i] = true;
            score += field[1];
            if (lower.indexOf(part.typed) !== -1) { score += field[1]; }
            var rank = SNIPPET_RANK[field[0]];
            if (rank !== undefined && (!best || (!best.whole && rank < best.rank))) { best = { rank: rank, map: map, at: at }; }
          });
          var together = parts.length > 1 ? find(map.text, whole) : -1;
          if (together !== -1) {
            score += 2 * field[1];
            /* A place where the words stand together makes the better snippet. */
            var rankWhole = SNIPPET_RANK[field[0]];
            if (rankWhole !== undefined && (!best || !best.whole || rankWhole < best.rank)) {
              best = { rank: rankWhole, map: map, at: together, whole: true };
            }
          }
        });
      });
      if (found.every(Boolean)) {
        results.push({ doc: doc, score: score, order: order, snippet: best ? snippet(best, parts) : null });
      }
    });
    results.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    return results.slice(0, limit || 50);
  }

  /* About 160 characters around the first match, split into plain and marked pieces. */
  function snippet(best, parts) {
    var map = best.map, source = map.source;
    var startChar = map.origin[best.at] || 0;
    var from = Math.max(0, startChar - 60), to = Math.min(source.length, startChar + 100);
    /* Start and end at word boundaries, never inside a word. */
    if (from > 0) {
      var space = source.slice(from, startChar).search(/\s/);
      from = space === -1 ? startChar : from + space + 1;
    }
    if (to < source.length) {
      var last = source.slice(startChar, to).search(/\s\S*$/);
      if (last > 0) { to = startChar + last; }
    }
    var marks = [];
    parts.forEach(function (part) {
      var at = map.text.indexOf(part.folded);
      while (at !== -1) {
        var s = map.origin[at], e = at + part.folded.length < map.origin.length ? map.origin[at + part.folded.length] : source.length;
        if (s >= from && e <= to) { marks.push([s, e]); }
        at = map.text.indexOf(part.folded, at + 1);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var pieces = [], cursor = from;
    marks.forEach(function (m) {
      if (m[0] < cursor) { return; }
      pieces.push({ text: source.slice(cursor, m[0]), mark: false });
      pieces.push({ text: source.slice(m[0], m[1]), mark: true });
      cursor = m[1];
    });
    pieces.push({ text: source.slice(cursor, to), mark: false });
    if (from > 0) { pieces[0].text = "… " + pieces[0].text; }
    if (to < source.length) { pieces[pieces.length - 1].text += " …"; }
    return pieces;
  }

  var api = { fold: fold, parse: parse, search: search };
  root.SotaySearch = api;

  if (typeof document === "undefined") { return; }

  /* The search page: load the index on first use, search on input, keep ?q= in the address. */
  function start() {
    var form = document.getElementById("tim-kiem-form");
    var input = document.getElementById("tim-kiem-q");
    var output = document.getElementById("ket-qua");
    var status = document.getElementById("tim-kiem-trang-thai");
    if (!form || !input || !output) { return; }
    form.hidden = false;
    var pending = null;
    function withIndex(then) {
      if (root.SOTAY_SEARCH_INDEX) { then(root.SOTAY_SEARCH_INDEX); return; }
      if (pending) { pending.push(then); return; }
      pending = [then];
      var script = document.createElement("script");
      script.src = form.getAttribute("data-index");
      script.onload = function () { pending.forEach(function (f) { f(root.SOTAY_SEARCH_INDEX); }); };
      script.onerror = function () { status.textContent = form.getAttribute("data-failed") || "Không tải được chỉ mục tìm kiếm."; };
      document.head.appendChild(script);
    }
    function show(query) {
      withIndex(function (index) {
        var results = search(index, query, 50);
        output.textContent = "";
        /* The page gives the words, in its language: "{count} kết quả cho “{query}”". */
        var words = form.getAttribute("data-results") || "{count} kết quả cho “{query}”";
        status.textContent = query.trim() ? words.replace("{count}", String(results.length)).replace("{query}", function () { return query.trim(); }) : "";
        results.forEach(function (r) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = "../" + r.doc.u;
          /* A translation: its entry is in its own language. */
          if (r.doc.g) { li.lang = r.doc.g; a.hreflang = r.doc.g; }
          a.textContent = (r.doc.c ? r.doc.c + " " : "") + r.doc.t;
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
          output.appendChild(li);
        });
      });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      show(input.value);
      if (root.history && root.history.replaceState) {
        root.history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
      }
    });
    var initial = new URLSearchParams(root.location.search).get("q");
    if (initial) { input.value = initial; show(initial); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})(typeof window !== "undefined" ? window : globalThis);
