/* Practice questions at the end of a chapter page (written by nabla.practice.page).
   The page only compares numbers: each variant stores its right answers and the wrong
   answer of every known mistake, worked out by nabla when the book was built. Progress and
   the variant shown stay in this browser (localStorage); nothing is sent anywhere. */
(() => {
  "use strict";
  const TOKEN = /\s*(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|sqrt|[√()[\],;/+*·×-])/iy;
  const OPEN = { "(": ")", "[": "]" };

  /* Read "2.5", "- 7/2", "2√3", "sqrt(2)", "( 8 , 15 )", "8, 15" or "[8 15]" as a list of
     numbers; null if unreadable. Entries are apart by a comma, a semicolon or a space. */
  function parse(text) {
    const source = text.replace(/[\u2212\u2013]/g, "-").trimEnd();
    const tokens = [];
    for (TOKEN.lastIndex = 0; TOKEN.lastIndex < source.length;) {
      const match = TOKEN.exec(source);
      if (!match) return null;
      const t = match[1].toLowerCase() === "sqrt" ? "√" : match[1];
      tokens.push({ t, spaced: match[0] !== match[1] });
    }
    let i = 0;
    let end = tokens.length;
    let depth = 0;
    const outer = tokens.findIndex(({ t }) => {
      depth += t in OPEN ? 1 : ")]".includes(t) ? -1 : 0;
      return depth === 0;
    });
    if (tokens[0]?.t in OPEN && outer === end - 1 && tokens[end - 1].t === OPEN[tokens[0].t]) {
      i = 1;
      end -= 1;
    }
    const peek = () => (i < end ? tokens[i].t : undefined);
    const take = (t) => peek() === t && ++i > 0;
    const digits = () => /^[\d.]/.test(peek() ?? "");
    const signed = (read) => {
      let sign = 1;
      while (peek() === "+" || peek() === "-") sign *= tokens[i++].t === "-" ? -1 : 1;
      return sign * read();
    };
    const radicand = () => {
      if (!take("(")) return digits() ? Number(tokens[i++].t) : NaN;
      const value = entry();
      return take(")") ? value : NaN;
    };
    const factor = () => {  // 2, √2, 2√3, 2·√3
      const start = i;
      let value = digits() ? Number(tokens[i++].t) : 1;
      if (i > start && "*·×".includes(peek() ?? "?") && tokens[i + 1]?.t === "√") i += 1;
      if (take("√")) value *= Math.sqrt(radicand());
      return i > start ? value : NaN;
    };
    function entry() {
      const top = signed(factor);
      return take("/") ? top / signed(factor) : top;
    }
    const values = [];
    while (i < end) {
      values.push(entry());
      if (!take(",") && !take(";") && i < end && !tokens[i].spaced) return null;
    }
    return values.length && values.every(Number.isFinite) ? values : null;
  }

  /* The graded comparison: |v - e| <= atol * max(1, max|e|) + rtol * |e| for each entry. */
  function close(values, expected, [rtol, atol]) {
    expected = [expected].flat();
    const scale = Math.max(1, ...expected.map(Math.abs));
    return values.length === expected.length &&
      values.every((v, i) => Math.abs(v - expected[i]) <= atol * scale + rtol * Math.abs(expected[i]));
  }

  /* [kind, message] for the text the reader submitted. */
  function verdict(q, variant, text) {
    const values = parse(text);
    if (values === null) {
      const what = text.trim() ? `Could not read “${text.trim()}” as an answer` : "No answer yet";
      return ["unread", `${what}: write a number such as 2.5, −7/2 or 2√3, or a vector such as (8, 15).`];
    }
    if (values.length !== q.size) {
      const want = q.size === 1 ? "one number" : `${q.size} numbers, separated by commas`;
      return ["unread", `The answer is ${want}; you wrote ${values.length}.` +
        (q.size === 1 && /\d,\d/.test(text) ? " A decimal takes a point: 0.5, not 0,5." : "")];
    }
    if (variant[1].some((right) => close(values, right, q.tol))) return ["right", "Right."];
    const wrong = variant[2].find(([value]) => close(values, value, q.tol));
    return ["wrong", `Not yet: ${wrong ? q.hints[wrong[1]] : q.hint}`];
  }

  /* Per page: the variants solved and the variant shown, per question. */
  function store(page) {
    const key = `nabla-practice:${page}`;
    let saved = {};
    try { saved = JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { /* no storage */ }
    if (typeof saved !== "object") saved = {};
    if (!saved.solved) saved = { solved: saved, current: {} };  // the first format: solved only
    const save = () => {
      try { localStorage.setItem(key, JSON.stringify(saved)); } catch (e) { /* kept for this visit */ }
    };
    return {
      solved: (q) => saved.solved[q] || [],
      current: (q) => saved.current[q],
      add(q, k) {
        if (!this.solved(q).includes(k)) saved.solved[q] = [...this.solved(q), k];
        save();
      },
      show(q, k) {
        saved.current[q] = k;
        save();
      },
    };
  }

  function question(el, q, progress) {
    const $ = (selector) => el.querySelector(selector);
    const [first, live, label, input, feedback, show, solution, count] = [".practice-first",
      ".practice-live", "label", "input", ".practice-feedback", ".practice-show",
      ".practice-solution", ".practice-progress"].map($);
    let k = 0;
    let tries = 0;
    const fill = (template) => template.replace(/\{(\d+)\}/g, (_, i) => q.variants[k][0][i]);
    const report = () => {
      const n = progress.solved(q.key).length;
      count.textContent = n ? `Solved: ${n} of ${q.variants.length} variants.` : "";
    };

    /* Show variant `next` in the live region (the first stays in the page, for print). A
       restored variant is put in quietly; one the reader asked for is announced. */
    function select(next, announce) {
      k = next;
      tries = 0;
      progress.show(q.key, k);
      el.dataset.variant = String(k);
      first.hidden = true;
      live.setAttribute("aria-live", announce ? "polite" : "off");
      live.textContent = fill(q.prompt);
      input.setAttribute("aria-labelledby", `${label.id} ${live.id}`);
      input.value = "";
      feedback.textContent = "";
      delete feedback.dataset.kind;
      show.hidden = true;
      show.setAttribute("aria-expanded", "false");
      solution.hidden = true;
    }

    $("form").addEventListener("submit", (event) => {
      event.preventDefault();
      const [kind, message] = verdict(q, q.variants[k], input.value);
      feedback.textContent = message;
      feedback.dataset.kind = kind;
      if (kind !== "unread") tries += 1;
      if (kind === "right") {
        progress.add(q.key, k);
        report();
      }
      if (kind === "right" || tries >= 2) show.hidden = false;
    });
    $(".practice-next").addEventListener("click", () => {
      const others = q.variants.map((_, i) => i).filter((i) => i !== k);
      const fresh = others.filter((i) => !progress.solved(q.key).includes(i));
      const pool = fresh.length ? fresh : others;
      select(pool[Math.floor(Math.random() * pool.length)], true);
    });
    show.addEventListener("click", () => {
      solution.textContent = `Solution: ${fill(q.solution)}`;
      solution.hidden = false;
      show.setAttribute("aria-expanded", "true");
    });
    const kept = progress.current(q.key);
    if (Number.isInteger(kept) && kept > 0 && kept < q.variants.length) select(kept, false);
    report();
  }

  for (const block of document.querySelectorAll(".nabla-practice")) {
    const progress = store(block.dataset.page);
    const data = JSON.parse(block.querySelector("script.practice-data").textContent);
    for (const q of data) {
      const el = [...block.querySelectorAll(".practice-q")].find((e) => e.dataset.key === q.key);
      question(el, q, progress);
    }
  }
})();
