/* Practice questions at the end of a chapter page (written by nabla.practice.page).
   The page only compares numbers: each variant stores its right answers and the wrong
   answer of every known mistake, worked out by nabla when the book was built. Progress
   stays in this browser (localStorage); nothing is sent anywhere. */
(() => {
  "use strict";
  const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

  /* "2.5", "-7/2", "(8, 15)", "8, 15" or "[8 15]" as a list of numbers; null if unreadable. */
  function parse(text) {
    const inner = text.trim().replace(/[\u2212\u2013]/g, "-").replace(/^[([]\s*|\s*[)\]]$/g, "");
    if (!inner) return null;
    const values = inner.split(/\s*[,;]\s*|\s+/).map((part) => {
      const [top, bottom, extra] = part.split("/");
      const ok = NUMBER.test(top) && extra === undefined && (bottom === undefined || NUMBER.test(bottom));
      return ok ? Number(top) / (bottom === undefined ? 1 : Number(bottom)) : NaN;
    });
    return values.every(Number.isFinite) ? values : null;
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
      return ["unread", `${what}: write a number such as 2.5 or −7/2, or a vector such as (8, 15).`];
    }
    if (values.length !== q.size) {
      const want = q.size === 1 ? "one number" : `${q.size} numbers, separated by commas`;
      return ["unread", `The answer is ${want}; you wrote ${values.length}.` +
        (q.size === 1 ? " A decimal takes a point: 0.5, not 0,5." : "")];
    }
    if (variant[1].some((right) => close(values, right, q.tol))) return ["right", "Right."];
    const wrong = variant[2].find(([value]) => close(values, value, q.tol));
    return ["wrong", `Not yet: ${wrong ? q.hints[wrong[1]] : q.hint}`];
  }

  function store(page) {
    const key = `nabla-practice:${page}`;
    let solved = {};
    try { solved = JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { /* no storage */ }
    return {
      solved: (q) => solved[q] || [],
      add(q, k) {
        if (this.solved(q).includes(k)) return;
        solved[q] = [...this.solved(q), k];
        try { localStorage.setItem(key, JSON.stringify(solved)); } catch (e) { /* kept for this visit */ }
      },
    };
  }

  function question(el, q, progress) {
    const $ = (selector) => el.querySelector(selector);
    const [first, live, input, feedback, show, solution, count] = [".practice-first",
      ".practice-live", "input", ".practice-feedback", ".practice-show", ".practice-solution",
      ".practice-progress"].map($);
    let k = 0;
    let tries = 0;
    const fill = (template) => template.replace(/\{(\d+)\}/g, (_, i) => q.variants[k][0][i]);
    const report = () => {
      const n = progress.solved(q.key).length;
      count.textContent = n ? `Solved: ${n} of ${q.variants.length} variants.` : "";
    };

    function select(next) {
      k = next;
      tries = 0;
      el.dataset.variant = String(k);
      first.hidden = k !== 0;
      live.hidden = k === 0;
      live.textContent = k === 0 ? "" : fill(q.prompt);
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
      select(pool[Math.floor(Math.random() * pool.length)]);
    });
    show.addEventListener("click", () => {
      solution.textContent = `Solution: ${fill(q.solution)}`;
      solution.hidden = false;
      show.setAttribute("aria-expanded", "true");
    });
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
