// Loaded into the one-document book that tools/make_pdf.py prints (see pdf_book.css).
window.book = {
  // Display maths wider than the page is set smaller, as a printer would. A formula's ex
  // does not shrink exactly with its font size, so it is measured again until it fits.
  fit() {
    for (const math of document.querySelectorAll(".book-page mjx-container[display='true']")) {
      for (let scale = 100, tries = 0; math.scrollWidth > math.clientWidth + 1 && tries < 8; tries++) {
        scale = Math.floor((scale * math.clientWidth) / math.scrollWidth);
        math.style.fontSize = `${scale}%`;
      }
    }
  },

  // Content past the page's right edge, or cut off by its own box.
  overflow() {
    const wide = [];
    const parts = "mjx-container *, svg *"; // clipped by their own box, checked with it
    for (const node of document.querySelectorAll(".book-page *")) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || node.matches(parts)) continue;
      const style = getComputedStyle(node);
      // An inline maths box clips only MathJax's invisible copy for screen readers.
      const clipped = !style.display.startsWith("inline") && style.overflowX !== "visible" &&
        node.scrollWidth > node.clientWidth + 1;
      if (box.right > innerWidth + 1 || box.left < -1 || clipped) {
        const page = node.closest(".book-page").querySelector("h1").textContent;
        wide.push(`${page}: <${node.localName} class="${node.className}"> ` +
          (clipped ? `cut by ${node.scrollWidth - node.clientWidth}px` : `ends at ${box.right}px`));
      }
    }
    return wide;
  },

  // The text of every printed heading, in order, maths as its text (Chromium's own
  // bookmark titles run wrapped lines together and drop the maths).
  headings() {
    return [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
      .filter((h) => h.getClientRects().length && getComputedStyle(h).visibility !== "hidden")
      .map((h) => {
        const copy = h.cloneNode(true);
        for (const math of copy.querySelectorAll("mjx-container")) {
          math.replaceWith(math.querySelector("svg")?.getAttribute("aria-label") ?? "");
        }
        return copy.textContent.replace(/\s+/g, " ").trim();
      });
  },

  // The contents' page numbers, from the first print.
  number(pages) {
    for (const number of document.querySelectorAll(".book-toc .number")) {
      number.textContent = pages[number.dataset.target];
    }
  },
};
