/*
 * veiviser — search.
 *
 * A dependency-free client for the split index the build writes to <base>/search/
 * (see README "Search"). It exposes
 *
 *   window.veiviser.search(query, { limit }) -> Promise<[{ url, title, heading, snippet }]>
 *
 * best first; `url` carries the #anchor of the doc section, `heading` is the section's
 * heading ("" for a hit on the page itself), `snippet` is HTML-escaped text with the
 * matches in <mark>. With `{ explain: true }` each result also tells why it ranks where it
 * does (`explain`: score, and per query word the page's own fields and best section). It also turns the header search box into a combobox and fills the
 * results page /sok/?q=.
 *
 * The query analysis mirrors src/search/analyze.rs: tokenizer, stop words, the Snowball
 * Norwegian stemmer and the æ/ø/å fold must give the same results as the Rust side.
 */
(function () {
  "use strict";

  var doc = document;
  var script = doc.currentScript;
  var BASE = new URL("../search/", (script && script.src) || doc.baseURI).href;

  /* ------------------------------------------------------------ analysis */

  var WORD = /[\p{L}\p{N}\p{M}]/u;
  var JOINER = /[-._\u2010\u2011]/;
  var DIGITS = /^\p{N}+$/u;

  /** Groups of word parts joined by - . _ ("api-nøkkel" → ["api", "nøkkel"]). */
  function groups(text) {
    text = String(text).normalize("NFC");
    var out = [];
    var parts = [];
    var cur = "";
    var chars = Array.from(text);
    for (var i = 0; i < chars.length; i += 1) {
      var c = chars[i];
      if (WORD.test(c)) {
        cur += c;
        continue;
      }
      if (cur) {
        parts.push(cur);
        cur = "";
        if (!(JOINER.test(c) && i + 1 < chars.length && WORD.test(chars[i + 1]))) {
          out.push(parts);
          parts = [];
        }
      }
    }
    if (cur) {
      parts.push(cur);
    }
    if (parts.length) {
      out.push(parts);
    }
    return out;
  }

  /** Query words in order: lower-case; version numbers (22.3) kept whole. */
  function queryWords(text) {
    var out = [];
    groups(text).forEach(function (parts) {
      if (parts.length > 1 && parts.every(function (p) { return DIGITS.test(p); })) {
        out.push(parts.join("."));
        return;
      }
      parts.forEach(function (p) {
        var w = p.toLowerCase();
        var n = Array.from(w).length;
        if ((n >= 2 && n <= 40) || (n === 1 && DIGITS.test(w))) {
          out.push(w);
        }
      });
    });
    return out;
  }

  var STOP = {};
  ("og i jeg det at en et den til er som på de med han av ikke ikkje der så var meg seg men ett har om " +
    "vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv " +
    "sjøl her alle vil bli ble blei blitt kunne inn når være kom noen noe ville dere deres kun ja etter ned " +
    "skulle denne for deg si sine sitt mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme " +
    "hvilken hvilke sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik vært båe " +
    "begge siden dykk dykkar dei deira deires deim di då eg ein eit eitt elles honom hjå ho hoe henne hennar " +
    "hennes hoss hossen ingi inkje korleis korso kva kvar kvarhelst kven kvi kvifor me medan mi mine mykje no " +
    "nokon noka nokor noko nokre sia sidan so somt somme um upp vere vore verte vort varte vart får få må gjør " +
    "gjøre hvilket the a an and or of to in is are on with by be as it this that how what why when do does " +
    "can from").split(" ").forEach(function (w) {
    STOP[w] = true;
  });

  /* Snowball Norwegian stemmer (snowballstem.org), as in rust-stemmers. */
  var VOWELS = "aeiouyæåø";
  var S_ENDING = "bcdfghjlmnoprtvyz";
  var MAIN_SUFFIXES = [
    "hetenes", "hetene", "hetens", "heten", "heter", "endes", "edes", "enes", "ande", "ende", "erte",
    "ede", "ane", "ene", "het", "ens", "ers", "ets", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a",
    "e", "s"
  ];
  var OTHER_SUFFIXES = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"];

  function isVowel(c) {
    return VOWELS.indexOf(c) >= 0;
  }

  var stemCache = new Map();

  function stem(word) {
    var hit = stemCache.get(word);
    if (hit !== undefined) return hit;
    var out = stemUncached(word);
    if (stemCache.size > 20000) stemCache.clear();
    stemCache.set(word, out);
    return out;
  }

  function stemUncached(word) {
    // Only letters are stemmed; astral characters are left alone (none in Norwegian).
    if (/[^\p{L}]|[\uD800-\uDFFF]/u.test(word)) {
      return word;
    }
    var w = word;
    var n = w.length;
    var p1 = n;
    if (n >= 3) {
      var i = 0;
      while (i < n && !isVowel(w[i])) i += 1;
      while (i < n && isVowel(w[i])) i += 1;
      if (i < n) {
        p1 = Math.max(i + 1, 3);
      }
    }
    function fits(suffix) {
      return w.length - suffix.length >= p1 && w.endsWith(suffix);
    }
    // main suffix
    for (var a = 0; a < MAIN_SUFFIXES.length; a += 1) {
      var suf = MAIN_SUFFIXES[a];
      if (fits(suf)) {
        if (suf === "s") {
          var before = w[w.length - 2];
          var ok = (before !== undefined && S_ENDING.indexOf(before) >= 0) ||
            (before === "k" && w.length >= 3 && !isVowel(w[w.length - 3]));
          if (ok) w = w.slice(0, -1);
        } else if (suf === "erte" || suf === "ert") {
          w = w.slice(0, -suf.length) + "er";
        } else {
          w = w.slice(0, -suf.length);
        }
        break;
      }
    }
    // consonant pair
    if (fits("dt") || fits("vt")) {
      w = w.slice(0, -1);
    }
    // other suffix
    for (var b = 0; b < OTHER_SUFFIXES.length; b += 1) {
      if (fits(OTHER_SUFFIXES[b])) {
        w = w.slice(0, -OTHER_SUFFIXES[b].length);
        break;
      }
    }
    return w;
  }

  var FOLD = {
    "æ": "a", "å": "a", "ä": "a", "á": "a", "à": "a", "â": "a", "ã": "a",
    "ø": "o", "ö": "o", "ó": "o", "ò": "o", "ô": "o", "õ": "o",
    "é": "e", "è": "e", "ê": "e", "ë": "e",
    "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ú": "u", "ù": "u", "û": "u", "ü": "u",
    "ç": "c", "ñ": "n", "ý": "y", "ÿ": "y"
  };

  /** The ASCII skeleton: spørsmål, sporsmaal, sporsmal → sporsmal (as analyze::fold). */
  var foldCache = new Map();

  function fold(word) {
    var hit = foldCache.get(word);
    if (hit !== undefined) return hit;
    var out = foldUncached(word);
    if (foldCache.size > 20000) foldCache.clear();
    foldCache.set(word, out);
    return out;
  }

  function foldUncached(word) {
    var m = "";
    for (var i = 0; i < word.length; i += 1) {
      var c = word[i];
      m += FOLD[c] || c;
    }
    return m.replace(/a[ae]|oe/g, function (s) {
      return s[0];
    });
  }

  function hasSpecial(word) {
    for (var i = 0; i < word.length; i += 1) {
      if (FOLD[word[i]]) return true;
    }
    return false;
  }

  /** Damerau–Levenshtein (optimal string alignment), `max + 1` when above `max`. */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = [];
    var prev = [];
    var cur = [];
    var j;
    for (j = 0; j <= b.length; j += 1) prev[j] = j;
    for (var i = 1; i <= a.length; i += 1) {
      cur = [i];
      var rowMin = i;
      for (j = 1; j <= b.length; j += 1) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        cur[j] = v;
        if (v < rowMin) rowMin = v;
      }
      if (rowMin > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return Math.min(prev[b.length], max + 1);
  }

  /* ---------------------------------------------------------- index files */

  var manifestPromise = null;
  var shardCache = {};
  var chunkCache = {};

  function getJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error("search index: " + r.status + " " + url);
      return r.json();
    });
  }

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = getJSON(BASE + "index.json").catch(function (e) {
        manifestPromise = null;
        throw e;
      });
    }
    return manifestPromise;
  }

  /** Index of the shard holding `key`: the last whose first key is <= key. */
  function shardFor(m, key) {
    var lo = 0;
    var hi = m.shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.shards[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  var utf8 = new TextDecoder("utf-8");

  function parseShard(buf) {
    var bytes = new Uint8Array(buf);
    var pos = 0;
    function varint() {
      var v = 0;
      var mul = 1;
      for (;;) {
        var b = bytes[pos++];
        v += (b & 0x7f) * mul;
        if (b < 0x80) return v;
        mul *= 128;
      }
    }
    var count = varint();
    var entries = [];
    var prev = new Uint8Array(0);
    for (var i = 0; i < count; i += 1) {
      var shared = varint();
      var len = varint();
      var termBytes = new Uint8Array(shared + len);
      termBytes.set(prev.subarray(0, shared), 0);
      termBytes.set(bytes.subarray(pos, pos + len), shared);
      pos += len;
      prev = termBytes;
      var term = utf8.decode(termBytes);
      var df = varint();
      var plen = varint();
      entries.push({ stem: term, key: fold(term), df: df, bytes: bytes, start: pos, end: pos + plen, postings: null });
      pos += plen;
    }
    return entries;
  }

  function postingsOf(e) {
    if (e.postings) return e.postings;
    var bytes = e.bytes;
    var pos = e.start;
    var out = [];
    var page = 0;
    function varint() {
      var v = 0;
      var mul = 1;
      for (;;) {
        var b = bytes[pos++];
        v += (b & 0x7f) * mul;
        if (b < 0x80) return v;
        mul *= 128;
      }
    }
    while (pos < e.end) {
      page += varint();
      var slot = varint();
      out.push(page, slot, bytes[pos++]);
    }
    e.postings = out;
    return out;
  }

  function shard(m, i) {
    if (!shardCache[i]) {
      shardCache[i] = fetch(BASE + "t/" + i + ".bin?v=" + m.hash)
        .then(function (r) {
          if (!r.ok) throw new Error("search index: " + r.status);
          return r.arrayBuffer();
        })
        .then(parseShard)
        .catch(function (e) {
          delete shardCache[i];
          throw e;
        });
    }
    return shardCache[i];
  }

  /** The id Hugo gives a heading (as src/parse/heading_id.rs `slug`), for the headings the
   *  index stores without their anchor. */
  function idOf(heading) {
    var out = "";
    var chars = Array.from(String(heading).trim());
    for (var i = 0; i < chars.length; i += 1) {
      var c = chars[i];
      if (c === " " || c === "-") out += "-";
      else if (c === "_" || /[\p{L}\p{N}]/u.test(c)) out += c.toLowerCase();
    }
    return out;
  }

  /** Doc chunk `c`: the records of `m.chunk` consecutive pages (see src/search/mod.rs). */
  function chunk(m, c) {
    if (!chunkCache[c]) {
      chunkCache[c] = getJSON(BASE + "d/" + c + ".json?v=" + m.hash).catch(function (e) {
        delete chunkCache[c];
        throw e;
      });
    }
    return chunkCache[c];
  }

  /** What results show of page `i`: { u: url, t: title, p: section path, l: lang,
   *  s: [[anchor, heading, start of text], …] }. */
  function pageRecord(m, i) {
    var per = m.chunk || 1;
    var c = Math.floor(i / per);
    return chunk(m, c).then(function (d) {
      var r = d.pages[i - c * per];
      if (!r) throw new Error("search index: no page " + i);
      return {
        u: r[0],
        t: r[1],
        p: d.paths[r[2]] || [],
        l: r[3] || m.lang || "",
        s: r[4].map(function (sec) {
          return [sec[0] === 0 ? idOf(sec[1]) : sec[0], sec[1], sec[2]];
        })
      };
    });
  }

  var vocabCache = {};

  /** The keys of the vocabulary file holding the bucket of `key` (its first two characters). */
  function vocabulary(m, key) {
    var b = Array.from(key).slice(0, 2).join("");
    var v = m.vocab || [];
    if (!v.length) return Promise.resolve([]);
    var i = 0;
    while (i + 1 < v.length && v[i + 1] <= b) i += 1;
    if (!vocabCache[i]) {
      vocabCache[i] = fetch(BASE + "v/" + i + ".txt?v=" + m.hash)
        .then(function (r) {
          if (!r.ok) throw new Error("search index: " + r.status);
          return r.text();
        })
        .then(function (text) {
          var keys = [];
          var prev = [];
          text.split("\n").forEach(function (line) {
            if (!line) return;
            if (line.charCodeAt(0) === 48) prev = [];
            var chars = Array.from(line);
            var shared = chars[0].charCodeAt(0) - 48;
            var k = prev.slice(0, shared).concat(chars.slice(1));
            keys.push(k.join(""));
            prev = k;
          });
          return keys;
        })
        .catch(function (e) {
          delete vocabCache[i];
          throw e;
        });
    }
    return vocabCache[i];
  }

  /** Loads the shards covering [from, to] (at most `max` of them), flattened. */
  function entriesBetween(m, from, to, max) {
    var a = shardFor(m, from);
    var b = Math.min(shardFor(m, to), a + max - 1);
    var loads = [];
    for (var i = a; i <= b; i += 1) loads.push(shard(m, i));
    return Promise.all(loads).then(function (lists) {
      return [].concat.apply([], lists);
    });
  }

  /* ------------------------------------------------------------- matching */

  var W_FOLD = 0.75;
  var W_PAIR = 0.9;
  var W_SPLIT = 0.9;
  var COMMON_DF = 20;
  var COMMON_SHARE = 0.25;
  var LONG_WORD = 12;
  var W_SPLIT_FOUND = 0.6;
  /** A word found as typed on at most this many pages is also read as a compound. */
  var RARE_DF = 3;
  /** How many readings of a compound are tried, one after the other, until one fits. */
  var SPLIT_TRIES = 3;

  /**
   * Alternatives for one query word among `entries`: [{ e, w }], best first.
   * exact stem 1; same æøå-folded skeleton 0.75; prefix 0.45–0.85 (typos: see lookup).
   */
  function alternatives(word, entries, opts) {
    var st = stem(word);
    var key = fold(st);
    var wkey = fold(word);
    var special = hasSpecial(word);
    var n = Array.from(key).length;
    var prefixOk = opts.prefix && Array.from(word).length >= 3;
    var derived = /.{4}ing$/.test(st) ? st.slice(0, -3) : "";
    var contracted = "";
    if (/.{3}e[lrn]$/.test(key)) contracted = key.slice(0, -2) + key.slice(-1);
    else if (/.{3}[^aeiouy][lrn]$/.test(key)) contracted = key.slice(0, -1) + "e" + key.slice(-1);
    var out = [];
    var exact = false;
    // The largest df of the word's own matches (its stem, or its æøå-folded form).
    var exactDf = 0;
    for (var i = 0; i < entries.length; i += 1) {
      var e = entries[i];
      var w = 0;
      var same = false;
      // How much of the indexed word the query covers (below 1 for completions).
      var cover = 1;
      if (e.stem === st || e.stem === word) {
        w = 1;
        same = true;
      } else if (e.key === key || e.key === wkey) {
        w = W_FOLD;
        same = true;
      } else if (derived && e.stem === derived) {
        // bestilling ~ bestille: the verb of an -ing noun.
        w = 0.75;
      } else if (contracted && e.key === contracted) {
        // forespørsel ~ forespørsler, regel ~ regler: the e before l/r/n drops in inflection.
        w = 0.85;
      } else if (prefixOk && e.stem.length > st.length && e.stem.lastIndexOf(st, 0) === 0) {
        // Completions of the word as typed rank above completions of its stem only.
        cover = st.length / e.stem.length;
        w = e.stem.lastIndexOf(word, 0) === 0 ? 0.55 + 0.3 * cover : 0.45 + 0.2 * cover;
      } else if (prefixOk && !special && n >= 4 && e.key.length > key.length && e.key.lastIndexOf(key, 0) === 0) {
        cover = key.length / e.key.length;
        w = 0.45 + 0.25 * cover;
      }
      // t: the weight of a title match (a completion covers only part of the title's word).
      if (w > 0) out.push({ e: e, w: w, t: w * cover, d: 0, same: same });
      if (same) {
        exact = true;
        exactDf = Math.max(exactDf, e.df);
      }
    }
    out.forEach(function (a) {
      if (!a.same) a.floorDf = exactDf;
    });
    out.sort(function (a, b) {
      return b.w - a.w || b.e.df - a.e.df;
    });
    return { list: out.slice(0, 24), exact: exact, df: exactDf };
  }

  /** Typo readings: keys of the word's vocabulary bucket within edit distance 1–2. */
  function typoAlternatives(m, word, seen) {
    var key = fold(stem(word));
    var wkey = fold(word);
    var n = Array.from(key).length;
    var maxEd = n >= 8 ? 2 : n >= 5 ? 1 : 0;
    if (!maxEd) return Promise.resolve([]);
    return vocabulary(m, key).then(function (keys) {
      var cands = [];
      keys.forEach(function (k) {
        if (seen[k] || k.length < 4) return;
        var d = Math.min(editDistance(key, k, maxEd), editDistance(wkey, k, maxEd));
        if (d <= maxEd) cands.push({ k: k, d: d });
      });
      cands.sort(function (a, b) {
        return a.d - b.d;
      });
      cands = cands.slice(0, 8);
      var want = {};
      cands.forEach(function (c) {
        want[c.k] = c.d;
      });
      var ids = {};
      cands.forEach(function (c) {
        ids[shardFor(m, c.k)] = true;
      });
      var loads = Object.keys(ids).slice(0, 4).map(function (i) {
        return shard(m, Number(i));
      });
      return Promise.all(loads).then(function (lists) {
        var out = [];
        lists.forEach(function (l) {
          l.forEach(function (e) {
            var d = want[e.key];
            if (d) out.push({ e: e, w: d === 1 ? 0.55 : 0.35, t: d === 1 ? 0.55 : 0.35, d: d });
          });
        });
        return out;
      });
    });
  }

  function lookup(m, word, opts) {
    var st = stem(word);
    var key = fold(st);
    var from = key < fold(word) ? key : fold(word);
    var to = (key > fold(word) ? key : fold(word)) + "\uffff";
    var main = entriesBetween(m, from, to, opts.prefix && Array.from(word).length >= 4 ? 2 : 1);
    if (opts.fuzzy && Array.from(key).length >= 5) {
      // Fetched alongside the shard: typo readings need it next.
      vocabulary(m, key).catch(function () {});
    }
    var seen = {};
    return main.then(function (entries) {
      var r = alternatives(word, entries, opts);
      if (!opts.fuzzy) return r;
      var commonDf = 0;
      r.list.forEach(function (a) {
        seen[a.e.key] = true;
        if (a.w >= W_FOLD) commonDf = Math.max(commonDf, a.e.df);
      });
      seen[key] = true;
      // A word that many pages use as typed is no typo: no near words needed.
      if (commonDf >= COMMON_DF) return r;
      return typoAlternatives(m, word, seen).then(function (typos) {
        var exactDf = 0;
        r.list.forEach(function (a) {
          if (a.w >= W_FOLD) exactDf = Math.max(exactDf, a.e.df);
        });
        typos.forEach(function (a) {
          if (r.exact) {
            // The word was found as typed: a typo reading only when the near word is
            // much more common (then the text itself probably has the typo).
            if (a.d === 1 && a.e.df >= 8 * Math.max(1, exactDf)) a.w = 0.8;
            else if (a.d === 1) a.w = 0.3;
            else return;
            a.t = a.w;
          }
          r.list.push(a);
        });
        r.list.sort(function (a, b) {
          return b.w - a.w || b.e.df - a.e.df;
        });
        r.list = r.list.slice(0, 24);
        return r;
      });
    });
  }

  /**
   * The idf an alternative counts with. When the word as typed is on a quarter of the pages
   * or more (nearly a stop word), its completions never count as rarer than it (`floorDf`,
   * the df of its exact match): a common word's rare compounds (dokumentasjon →
   * dokumentasjonsplattform) must not outweigh the word itself.
   */
  function altIdf(m, a) {
    var floor = a.floorDf || 0;
    return idf(m, floor >= m.pages * COMMON_SHARE ? Math.max(a.e.df, floor) : a.e.df);
  }

  function idf(m, df) {
    var n = m.pages;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Best value per page*65536+slot over the alternatives. */
  function scoreMap(m, alts, factor) {
    var map = new Map();
    alts.forEach(function (a) {
      var p = postingsOf(a.e);
      var base = a.w * factor * altIdf(m, a) / 255;
      for (var i = 0; i < p.length; i += 3) {
        if (p[i + 1] === TITLE_SLOT) continue;
        var k = p[i] * 65536 + p[i + 1];
        var v = base * p[i + 2];
        var old = map.get(k);
        if (old === undefined || v > old) map.set(k, v);
      }
    });
    return map;
  }


  /**
   * Splits a long word that is not in the index into a known first part and a rest that is
   * (skjemainnsending → skjema + innsending). Resolves to [head, tail, tailAlternatives].
   */
  function trySplit(m, word) {
    var chars = Array.from(word);
    if (chars.length < 8) return Promise.resolve(null);
    var cands = [];
    var need = {};
    for (var k = chars.length - 3; k >= 3; k -= 1) {
      var head = chars.slice(0, k).join("");
      if (STOP[head]) continue;
      cands.push([head, chars.slice(k).join("")]);
      need[shardFor(m, fold(stem(head)))] = true;
      need[shardFor(m, fold(head))] = true;
    }
    var ids = Object.keys(need).slice(0, 4);
    return Promise.all(ids.map(function (i) { return shard(m, Number(i)); })).then(function (lists) {
      // Each known stem with its df.
      var known = {};
      lists.forEach(function (l) {
        l.forEach(function (e) {
          known[e.stem] = Math.max(known[e.stem] || 0, e.df);
        });
      });
      function df(h) {
        return Math.max(known[h] || 0, known[stem(h)] || 0);
      }
      // Readings with a known first part, longest part first; a part that is itself on only
      // a few pages comes after the others: it is more likely a piece of a longer compound
      // of the site (rolledelege|ring, from rolledelegere) than a word (rolle|delegering).
      var picks = [];
      var rare = [];
      cands.forEach(function (c) {
        var h = c[0];
        var t = c[1];
        // The rest must be a word, not an ending (tjenesteutvikl|ing).
        if (Array.from(t).length < 4) return;
        var p = df(h) ? [h, t] : /[se]$/.test(h) && df(h.slice(0, -1)) ? [h.slice(0, -1), t] : null;
        if (p) (df(p[0]) > RARE_DF ? picks : rare).push(p);
      });
      picks = picks.concat(rare).slice(0, SPLIT_TRIES);
      function good(r) {
        return r.list.length && (r.exact || r.list[0].w >= 0.6);
      }
      // The first reading whose rest is a word, one look-up at a time (the first mostly is).
      function attempt(i) {
        if (i >= picks.length) return Promise.resolve(null);
        var pick = picks[i];
        return lookup(m, pick[1], { prefix: true, fuzzy: false }).then(function (r) {
          if (good(r)) return [pick[0], pick[1], r];
          // A head ending in s or e: that letter may link the parts (virksomhet|s|sertifikat)
          // or start the rest (skjemasett|sammenligning).
          var h = pick[0];
          if (!/[se]$/.test(h) || Array.from(h).length < 4) return attempt(i + 1);
          var rest = h.slice(-1) + pick[1];
          return lookup(m, rest, { prefix: true, fuzzy: false }).then(function (r2) {
            return good(r2) ? [h.slice(0, -1), rest, r2] : attempt(i + 1);
          });
        });
      }
      return attempt(0);
    });
  }

  /* ------------------------------------------------------------ searching */

  function analyseQuery(query) {
    var words = queryWords(query);
    var content = words.filter(function (w) {
      return !STOP[w];
    });
    if (!content.length) content = words;
    return content.slice(0, 8);
  }

  function run(query, limit) {
    var words = analyseQuery(query);
    if (!words.length) return Promise.resolve([]);
    return manifest().then(function (m) {
      if (!m.shards || !m.shards.length) return [];
      var opts = { prefix: true, fuzzy: true };
      var units = words.map(function (w) {
        return lookup(m, w, opts);
      });
      var pairs = [];
      for (var i = 0; i + 1 < words.length; i += 1) {
        pairs.push(lookup(m, words[i] + words[i + 1], { prefix: true, fuzzy: false }));
      }
      // Long words are also read as compounds (skjemainnsending ~ innsending av skjema):
      // looked up alongside, so the split costs no extra round trip.
      var early = words.map(function (w) {
        return Array.from(w).length >= LONG_WORD ? trySplit(m, w) : null;
      });
      return Promise.all([Promise.all(units), Promise.all(pairs)]).then(function (res) {
        var found = res[0];
        var pairRes = res[1];
        var splits = found.map(function (r, i) {
          if (early[i]) return early[i];
          // Shorter words only when they are not in the index as typed, or only on a
          // page or two (batchfiler in a release note, batch fil on the page about it).
          return r.exact && r.df > RARE_DF ? Promise.resolve(null) : trySplit(m, words[i]);
        });
        return Promise.all(splits).then(function (splitRes) {
          return rank(m, words, found, pairRes, splitRes, limit);
        });
      });
    });
  }

  /**
   * Each query word becomes a unit with its sources of evidence: its own alternatives,
   * the joined forms with its neighbours (feil søking ~ feilsøking) and, for compounds,
   * both parts on one page (skjemainnsending ~ innsending av skjema).
   */
  function rank(m, words, found, pairRes, splitRes, limit) {
    var n = words.length;
    var sources = [];
    var highlight = { stems: {} };
    function mark(list) {
      list.forEach(function (a) {
        highlight.stems[a.e.stem] = true;
      });
    }
    for (var i = 0; i < n; i += 1) {
      var src = [{ list: found[i].list, factor: 1 }];
      mark(found[i].list);
      if (i > 0 && pairRes[i - 1].list.length) src.push({ list: pairRes[i - 1].list, factor: W_PAIR });
      if (i < n - 1 && pairRes[i] && pairRes[i].list.length) src.push({ list: pairRes[i].list, factor: W_PAIR });
      sources.push(src);
    }
    pairRes.forEach(function (r) {
      mark(r.list);
    });
    // Split words: both parts must occur on the page.
    var pending = [];
    splitRes.forEach(function (sp, i) {
      if (!sp) return;
      // A compound found as typed is mainly itself; one not found is mainly its parts.
      var ws = found[i].exact ? W_SPLIT_FOUND : W_SPLIT;
      pending.push(
        lookup(m, sp[0], { prefix: false, fuzzy: false }).then(function (head) {
          var a = scoreMap(m, head.list, ws);
          var b = scoreMap(m, sp[2].list, ws);
          mark(head.list);
          mark(sp[2].list);
          var pagesA = new Set();
          var pagesB = new Set();
          a.forEach(function (v, k) { pagesA.add(Math.floor(k / 65536)); });
          b.forEach(function (v, k) { pagesB.add(Math.floor(k / 65536)); });
          // Scored like the two words typed apart (skjema innsending), slightly lower.
          var comb = new Map();
          function add(from) {
            from.forEach(function (v, k) {
              var p = Math.floor(k / 65536);
              if (!pagesA.has(p) || !pagesB.has(p)) return;
              comb.set(k, (comb.get(k) || 0) + v);
            });
          }
          add(a);
          add(b);
          sources[i].push({ map: comb });
        })
      );
    });
    return Promise.all(pending).then(function () {
      return collect(m, words, sources, highlight, limit);
    });
  }

  /** Calls fn(page, slot, value) for every posting of a source. */
  function eachPosting(m, source, fn) {
    if (source.map) {
      source.map.forEach(function (v, k) {
        var p = Math.floor(k / 65536);
        fn(p, k - p * 65536, v);
      });
      return;
    }
    source.list.forEach(function (a) {
      var p = postingsOf(a.e);
      var base = a.w * source.factor * altIdf(m, a) / 255;
      var t = (a.t === undefined ? a.w : a.t) * source.factor;
      for (var i = 0; i < p.length; i += 3) {
        // A title posting: the value is how well the word matched, `len` the title's length.
        if (p[i + 1] === TITLE_SLOT) fn(p[i], TITLE_SLOT, t, p[i + 2]);
        else fn(p[i], p[i + 1], base * p[i + 2]);
      }
    });
  }

  /** Postings in this slot say a word is in the page's title (src/search/index.rs). */
  var TITLE_SLOT = 65535;
  /** How much a title made of the query's words lifts its page (coverage squared). */
  var TITLE_BOOST = 0.8;
  /** How much a heading made of query words lifts its section when choosing one. */
  var HEADING_BOOST = 1.0;
  var ALPHA = 2.0; // page fields
  var GAMMA = 0.8; // the page's best section
  var SECOND_SECTION = 0.7; // a second section of a top page is shown when this close
  var SECOND_PAGES = 3; // … for this many pages at the top
  /** How much of a page's score depends on its query words being in one section. */
  var TOGETHER = 0.5;
  var RERANK_FACTOR = 3; // pages whose sections are read: this many times the limit …
  var RERANK_MIN = 30; // … and at least this many

  /**
   * Ranks pages in two passes: first every page by its own fields and its best section
   * (typed arrays, fast on big sites), then the sections of the best pages only.
   */
  function collect(m, words, sources, highlight, limit) {
    var n = sources.length;
    var N = Math.max(1, m.pages);
    var own = [];
    var best = [];
    var inTitle = [];
    var titleLen = new Uint8Array(N);
    var touched = [];
    var seen = new Uint8Array(N);
    sources.forEach(function (src, u) {
      var o = new Float32Array(N);
      var b = new Float32Array(N);
      var t = new Float32Array(N);
      src.forEach(function (source) {
        eachPosting(m, source, function (p, slot, v, len) {
          if (p >= N) return;
          if (slot === TITLE_SLOT) {
            if (v > t[p]) t[p] = v;
            if (!titleLen[p] || len < titleLen[p]) titleLen[p] = len;
            return;
          }
          if (!seen[p]) {
            seen[p] = 1;
            touched.push(p);
          }
          if (slot === 0) {
            if (v > o[p]) o[p] = v;
          } else if (v > b[p]) {
            b[p] = v;
          }
        });
      });
      own.push(o);
      best.push(b);
      inTitle.push(t);
    });
    // How much each query word counts when a page has some of them: its rarity (the idf of
    // its best reading), so missing a word most pages have costs little.
    var unitWeight = sources.map(function (src) {
      var wmax = 0;
      src.forEach(function (source) {
        (source.list || []).forEach(function (a) {
          wmax = Math.max(wmax, a.w * source.factor * altIdf(m, a));
        });
      });
      return wmax || 1;
    });
    var totalWeight = unitWeight.reduce(function (a, b) { return a + b; }, 0);
    var scores = new Float64Array(N);
    touched.forEach(function (p) {
      var score = 0;
      var matched = 0;
      for (var u = 0; u < n; u += 1) {
        var v = ALPHA * own[u][p] + GAMMA * best[u][p];
        if (v > 0) matched += unitWeight[u];
        score += v;
      }
      score *= matched / totalWeight;
      // A title that is (nearly) just the query's words: the page is about them.
      var hits = 0;
      for (var w = 0; w < n; w += 1) hits += inTitle[w][p];
      if (hits > 0) {
        var cover = Math.min(1, hits / Math.max(n, titleLen[p]));
        score *= 1 + TITLE_BOOST * cover * cover;
      }
      scores[p] = score;
    });
    touched.sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
    // Second pass: the sections of the best pages (more than are shown, so that the
    // words' closeness can reorder them).
    var top = touched.slice(0, n > 1 ? Math.max(limit * RERANK_FACTOR, RERANK_MIN) : limit);
    var index = new Int32Array(N).fill(-1);
    var recs = top.map(function (p, i) {
      index[p] = i;
      return { page: p, score: scores[p], slots: new Map() };
    });
    sources.forEach(function (src, u) {
      src.forEach(function (source) {
        eachPosting(m, source, function (p, slot, v) {
          var i = p < N ? index[p] : -1;
          if (i < 0 || slot === 0 || slot === TITLE_SLOT) return;
          var vals = recs[i].slots.get(slot);
          if (!vals) {
            vals = new Array(n).fill(0);
            recs[i].slots.set(slot, vals);
          }
          if (v > vals[u]) vals[u] = v;
        });
      });
    });
    if (n > 1) {
      // Words that occur together in one section (or in the page's own fields) say more
      // than the same words spread over a page: the share of the query's weight that the
      // most complete section holds scales the score.
      recs.forEach(function (rec) {
        var p = rec.page;
        var pageCnt = 0;
        for (var u = 0; u < n; u += 1) if (own[u][p] > 0) pageCnt += unitWeight[u];
        var cov = pageCnt;
        rec.slots.forEach(function (vals) {
          var cnt = 0;
          for (var u = 0; u < n; u += 1) if (vals[u] > 0 || own[u][p] > 0) cnt += unitWeight[u];
          if (cnt > cov) cov = cnt;
        });
        rec.score *= 1 - TOGETHER + TOGETHER * (cov / totalWeight);
      });
      recs.sort(function (a, b) {
        return b.score - a.score || a.page - b.page;
      });
      recs = recs.slice(0, limit);
    }
    return Promise.all(
      recs.map(function (rec) {
        return pageRecord(m, rec.page);
      })
    ).then(function (files) {
      var out = [];
      recs.forEach(function (rec, i) {
        chooseSections(rec, files[i], n, own, highlight, unitWeight, totalWeight);
        var r = toResult(files[i], rec.slot, words, highlight);
        if (explaining) {
          // Why it ranks here (tests and tuning): the score, and per query word the page's
          // own fields and its best section.
          r.explain = { score: rec.score, own: own.map(function (o) { return o[rec.page]; }), best: best.map(function (b) { return b[rec.page]; }) };
        }
        out.push(r);
        if (rec.second && i < SECOND_PAGES) out.push(toResult(files[i], rec.second, words, highlight));
      });
      return out.slice(0, limit);
    });
  }

  /**
   * The section a page's hit points at: most query words, then the highest sum, and a heading
   * made of query words lifts a section (a heading is what the section is about). The
   * runner-up is kept too.
   */
  function chooseSections(rec, pf, n, own, highlight, unitWeight, totalWeight) {
    var p = rec.page;
    var bestSlot = 1;
    var bestVal = 0;
    var second = 0;
    var secondVal = 0;
    rec.slots.forEach(function (vals, slot) {
      var sum = 0;
      var cnt = 0;
      for (var u = 0; u < n; u += 1) {
        sum += vals[u] + own[u][p] * 0.2;
        if (vals[u] > 0) cnt += unitWeight[u];
      }
      var sec = pf.s[slot - 1];
      var val = sum * (cnt / totalWeight) * (1 + HEADING_BOOST * headingCover(sec ? sec[1] : "", highlight));
      if (val > bestVal || (val === bestVal && slot < bestSlot)) {
        second = bestSlot;
        secondVal = bestVal;
        bestVal = val;
        bestSlot = slot;
      } else if (val > secondVal || (val === secondVal && slot < second)) {
        second = slot;
        secondVal = val;
      }
    });
    rec.second = second && second !== bestSlot && secondVal >= SECOND_SECTION * bestVal ? second : 0;
    rec.slot = bestSlot;
  }

  /** The share of a heading's words (stop words aside) that match the query. */
  function headingCover(heading, highlight) {
    if (!heading) return 0;
    var ws = queryWords(heading).filter(function (w) {
      return !STOP[w];
    });
    if (!ws.length) return 0;
    var hit = 0;
    ws.forEach(function (w) {
      if (highlight.stems[stem(w)]) hit += 1;
    });
    return hit / ws.length;
  }

  /* ------------------------------------------------------------- snippets */

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function isMatch(word, words, highlight) {
    var w = word.toLowerCase();
    if (STOP[w] || w.length < 2) return false;
    var st = stem(w);
    if (highlight.stems[st]) return true;
    var key = fold(st);
    for (var i = 0; i < words.length; i += 1) {
      var q = words[i];
      if (fold(stem(q)) === key) return true;
      if (q.length >= 3 && w.lastIndexOf(q, 0) === 0) return true;
    }
    return false;
  }

  /** Escaped text around the first match, matches wrapped in <mark>. */
  function snippet(text, words, highlight, size) {
    size = size || 200;
    var re = /[\p{L}\p{N}\p{M}]+/gu;
    var spans = [];
    var mt;
    while ((mt = re.exec(text))) {
      if (isMatch(mt[0], words, highlight)) spans.push([mt.index, mt.index + mt[0].length]);
    }
    var start = 0;
    if (spans.length && spans[0][0] > size / 3) {
      start = spans[0][0] - Math.floor(size / 3);
      var sp = text.indexOf(" ", start);
      start = sp >= 0 && sp < spans[0][0] ? sp + 1 : start;
    }
    var end = Math.min(text.length, start + size);
    if (end < text.length) {
      var lastSpace = text.lastIndexOf(" ", end);
      if (lastSpace > start + size / 2) end = lastSpace;
    }
    var out = start > 0 ? "… " : "";
    var pos = start;
    spans.forEach(function (s) {
      if (s[0] < start || s[1] > end) return;
      out += escapeHtml(text.slice(pos, s[0])) + "<mark>" + escapeHtml(text.slice(s[0], s[1])) + "</mark>";
      pos = s[1];
    });
    out += escapeHtml(text.slice(pos, end));
    if (end < text.length && !/…$/.test(out)) out += " …";
    return out;
  }

  function toResult(pf, slot, words, highlight) {
    var sec = pf.s[slot - 1] || ["", "", ""];
    var anchor = sec[0];
    var heading = anchor ? sec[1] : "";
    var text = sec[2];
    if (!text && pf.s[0]) text = pf.s[0][2];
    return {
      url: pf.u + (anchor ? "#" + encodeURIComponent(anchor) : ""),
      title: pf.t,
      heading: heading,
      path: pf.p || [],
      lang: pf.l,
      snippet: snippet(text || "", words, highlight)
    };
  }

  /** The public API. */
  var explaining = false;

  function search(query, options) {
    var limit = Math.max(1, Math.min(100, (options && options.limit) || 10));
    explaining = !!(options && options.explain);
    return run(String(query || ""), limit);
  }

  var api = (window.veiviser = window.veiviser || {});
  api.search = search;
  api._analysis = { stem: stem, fold: fold, queryWords: queryWords, editDistance: editDistance, isStop: function (w) { return !!STOP[w]; } };

  /* ------------------------------------------------------------------ UI */

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (all, k) {
      return values[k] !== undefined ? values[k] : all;
    });
  }

  function countText(form, n, q) {
    if (n === 0) return format(form.getAttribute("data-label-none"), { query: q });
    if (n === 1) return format(form.getAttribute("data-label-one"), { query: q, count: 1 });
    return format(form.getAttribute("data-label-count"), { query: q, count: n });
  }

  function resultsUrl(form, q) {
    var action = form.getAttribute("action") || BASE + "../sok/";
    return action + "?q=" + encodeURIComponent(q);
  }

  function initCombobox(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[data-vv-search-list]");
    var status = form.querySelector("[data-vv-search-status]");
    if (!input || !list || !status) return;
    var active = -1;
    var options = [];
    var seq = 0;
    var timer = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(i) {
      if (!options.length) return;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = (i + options.length) % options.length;
      var opt = options[active];
      opt.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opt.id);
      if (opt.scrollIntoView) opt.scrollIntoView({ block: "nearest" });
    }

    function go(url) {
      close();
      window.location.href = url;
    }

    function render(q, results) {
      list.textContent = "";
      options = [];
      active = -1;
      results.forEach(function (r, i) {
        var li = doc.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "vv-search__option";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.setAttribute("data-url", r.url);
        var title = doc.createElement("span");
        title.className = "vv-search__option-title";
        title.textContent = r.heading ? r.title + " › " + r.heading : r.title;
        var snip = doc.createElement("span");
        snip.className = "vv-search__option-snippet";
        snip.innerHTML = r.snippet;
        li.appendChild(title);
        li.appendChild(snip);
        list.appendChild(li);
        options.push(li);
      });
      var all = doc.createElement("li");
      all.id = list.id + "-all";
      all.className = "vv-search__option vv-search__option--all";
      all.setAttribute("role", "option");
      all.setAttribute("aria-selected", "false");
      all.setAttribute("data-url", resultsUrl(form, q));
      all.textContent = format(form.getAttribute("data-label-all"), { query: q });
      list.appendChild(all);
      options.push(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = countText(form, results.length, q);
    }

    function update() {
      var q = input.value.trim();
      var mine = (seq += 1);
      if (q.length < 2) {
        close();
        status.textContent = "";
        return;
      }
      search(q, { limit: 8 })
        .then(function (results) {
          if (mine === seq && input.value.trim() === q) render(q, results);
        })
        .catch(function () {
          if (mine === seq) status.textContent = form.getAttribute("data-label-error") || "";
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 60);
    });
    input.addEventListener("focus", function () {
      manifest().catch(function () {});
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) update();
        else setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        if (open) {
          event.preventDefault();
          setActive(active - 1);
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(options[active].getAttribute("data-url"));
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          status.textContent = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var li = event.target.closest("[role=option]");
      if (li) go(li.getAttribute("data-url"));
    });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) close();
    });
  }

  function initResultsPage(container) {
    var params = new URLSearchParams(window.location.search);
    var q = (params.get("q") || "").trim();
    var form = container.querySelector("form");
    var input = container.querySelector("input[type=search]");
    var status = container.querySelector("[data-vv-search-status]");
    var list = container.querySelector("[data-vv-search-results]");
    if (!form || !input || !status || !list) return;
    input.value = q;
    if (!q) return;
    status.textContent = form.getAttribute("data-label-loading") || "";
    search(q, { limit: 50 })
      .then(function (results) {
        list.textContent = "";
        results.forEach(function (r) {
          var li = doc.createElement("li");
          li.className = "vv-results__item";
          var h = doc.createElement("h2");
          h.className = "vv-results__title";
          var a = doc.createElement("a");
          a.href = r.url;
          a.textContent = r.heading ? r.title + " › " + r.heading : r.title;
          h.appendChild(a);
          li.appendChild(h);
          if (r.path && r.path.length) {
            var p = doc.createElement("p");
            p.className = "vv-results__path";
            p.textContent = r.path.join(" › ");
            li.appendChild(p);
          }
          if (r.snippet) {
            var s = doc.createElement("p");
            s.className = "vv-results__snippet";
            s.innerHTML = r.snippet;
            li.appendChild(s);
          }
          list.appendChild(li);
        });
        status.textContent = countText(form, results.length, q);
      })
      .catch(function () {
        status.textContent = form.getAttribute("data-label-error") || "";
      });
  }

  function init() {
    var forms = doc.querySelectorAll("[data-vv-search]");
    for (var i = 0; i < forms.length; i += 1) {
      try {
        initCombobox(forms[i]);
      } catch (e) {
        /* The form still submits to the results page. */
      }
    }
    var page = doc.querySelector("[data-vv-search-page]");
    if (page) initResultsPage(page);
  }

  if (doc.readyState === "loading") {
    doc.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
